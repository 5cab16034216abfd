import { dnsLinkIssues } from '../../analysis/azure/private-path.js';
import { publicAccess, registryEndpoints } from '../../analysis/azure/network.js';
import { clusterRegistryPairs, unverifiedOncePerInferredCluster } from '../../analysis/azure/registries.js';
import { ACR_PRIVATE_LINK, ACR_TROUBLESHOOTING, PULL_403 } from '../../analysis/azure/messages.js';
import { defineRule } from '../define-rule.js';

/**
 * A private endpoint's records live in the `privatelink.azurecr.io` zone (`.cn`, `.us` in sovereign
 * clouds), and Azure DNS answers from a private zone only inside VNets linked to it. Nodes in an
 * unlinked VNet resolve the registry's public address; with public access closed or restricted the
 * token request is refused with 403 (seed, Cause 3, first solution). With public access open the
 * pull silently goes over the public endpoint instead (catalog trap 21).
 * https://learn.microsoft.com/azure/container-registry/container-registry-private-link
 */
export default defineRule({
  meta: {
    id: 'PF-AZ-008',
    name: 'acr-private-dns-zone-unlinked',
    title: 'Registry private DNS zone not linked to the AKS node VNet',
    severity: 'error',
    category: 'network',
    providers: ['azure'],
    messages: {
      unlinked: 'Private DNS zone `{{zone}}` holds the private endpoint records of registry `{{registry}}` but has no virtual-network link to `{{vnet}}`, the VNet of node pool `{{pool}}` of `{{cluster}}`; its nodes resolve the public address and pulls fail with "' + PULL_403 + '".',
      unlinkedOpen: 'Private DNS zone `{{zone}}` holds the private endpoint records of registry `{{registry}}` but has no virtual-network link to `{{vnet}}`, the VNet of node pool `{{pool}}` of `{{cluster}}`; pulls go over the public endpoint instead of the private endpoint, and fail with "' + PULL_403 + '" as soon as public access is restricted.',
      managedVnet: 'Node pool `{{pool}}` of `{{cluster}}` has no `vnet_subnet_id`, so AKS creates its own VNet, which cannot be linked to the private DNS zone of registry `{{registry}}` from this configuration; pulls through the private endpoint fail with "' + PULL_403 + '".',
    },
    remediation: 'Add an `azurerm_private_dns_zone_virtual_network_link` with `private_dns_zone_name = azurerm_private_dns_zone.<zone>.name` and `virtual_network_id` = the node VNet (Pulumi azure-native `privatedns.VirtualNetworkLink` with `virtualNetwork: { id }`), and put node pools in your own subnet (`vnet_subnet_id`).',
    pullError: PULL_403,
    references: [ACR_PRIVATE_LINK, 'https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration', ACR_TROUBLESHOOTING],
  },
  check({ graph, report, cannotVerify }) {
    const cannotVerifyPair = unverifiedOncePerInferredCluster(cannotVerify);
    for (const { cluster, pulled } of clusterRegistryPairs(graph)) {
      const { registry } = pulled;
      const endpoints = registryEndpoints(graph, registry);
      if (endpoints.length === 0) continue;
      const issues = dnsLinkIssues(graph, cluster, registry, endpoints);
      if (issues === 'no-zone') continue;
      const access = publicAccess(registry);
      const open = access.state === 'open';
      const reported = new Set<string>();
      for (const issue of issues) {
        const related = [{ resource: registry, note: 'registry behind the private endpoint' }, { resource: endpoints[0]!, note: 'private endpoint' }];
        if (issue.kind === 'unknown') {
          cannotVerifyPair(cluster, pulled, { resource: issue.resource, reason: `Cannot tell whether the nodes of \`${cluster.address}\` resolve registry \`${registry.address}\` to its private endpoint: ${issue.reason}.`, related: [...related, { resource: cluster, note: 'cluster' }] });
          continue;
        }
        const data = { registry: registry.address, cluster: cluster.address, pool: issue.net.pool.name };
        if (issue.kind === 'managed-vnet') {
          report({ resource: issue.net.pool.resource, path: issue.net.path, messageId: 'managedVnet', severity: open ? 'note' : 'warning', data, related });
          continue;
        }
        const key = `${issue.zone.key}\u0000${issue.vnet.key}`;
        if (reported.has(key)) continue;
        reported.add(key);
        report({
          resource: issue.zone,
          path: ['name'],
          messageId: open ? 'unlinkedOpen' : 'unlinked',
          severity: open ? 'note' : 'error',
          data: { ...data, zone: issue.zone.address, vnet: issue.vnet.label },
          related: [...related, { resource: issue.net.pool.resource, path: issue.net.path, note: 'node subnet' }, ...(issue.vnet.resource ? [{ resource: issue.vnet.resource, note: 'node VNet without a link' }] : [])],
        });
      }
    }
  },
});

import { peeringIssues } from '../../analysis/azure/private-path.js';
import { registryEndpoints } from '../../analysis/azure/network.js';
import { clusterRegistryPairs, unverifiedOncePerInferredCluster } from '../../analysis/azure/registries.js';
import { ACR_PRIVATE_LINK, ACR_TROUBLESHOOTING, PULL_TIMEOUT } from '../../analysis/azure/messages.js';
import { defineRule } from '../define-rule.js';

/**
 * A private endpoint's IP is reachable from its own VNet and from VNets peered with it. VNet peering
 * is declared on both sides (`azurerm_virtual_network_peering` on each VNet); until both exist the
 * peering stays Initiated and carries no traffic, and the TCP connection to the private IP times out
 * (seed, Cause 4 solution 1).
 * https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview
 */
export default defineRule({
  meta: {
    id: 'PF-AZ-012',
    name: 'acr-private-endpoint-vnet-not-peered',
    title: 'No VNet peering between the AKS VNet and the private endpoint VNet',
    severity: 'error',
    category: 'network',
    providers: ['azure'],
    messages: {
      missing: 'Private endpoint `{{endpoint}}` of registry `{{registry}}` is in `{{peVnet}}`, but node VNet `{{aksVnet}}` of `{{cluster}}` is not peered with it; connections to the private IP fail with "' + PULL_TIMEOUT + '".',
      oneWay: 'Private endpoint `{{endpoint}}` of registry `{{registry}}` is in `{{peVnet}}`, and its peering with node VNet `{{aksVnet}}` of `{{cluster}}` is declared in one direction only (`{{peering}}`); the peering stays Initiated and pulls fail with "' + PULL_TIMEOUT + '".',
      accessDisabled: 'Peering `{{peering}}` between node VNet `{{aksVnet}}` of `{{cluster}}` and `{{peVnet}}`, the VNet of private endpoint `{{endpoint}}`, sets `allow_virtual_network_access = false`; pulls fail with "' + PULL_TIMEOUT + '".',
    },
    remediation: 'Declare both `azurerm_virtual_network_peering` resources: one on the node VNet with `remote_virtual_network_id` = the private endpoint VNet, and one on the private endpoint VNet pointing back (Pulumi azure-native `network.VirtualNetworkPeering` on each side), with `allow_virtual_network_access = true`; or place the private endpoint in the node VNet.',
    pullError: PULL_TIMEOUT,
    references: ['https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview', ACR_PRIVATE_LINK, ACR_TROUBLESHOOTING],
  },
  check({ graph, report, cannotVerify }) {
    const cannotVerifyPair = unverifiedOncePerInferredCluster(cannotVerify);
    for (const { cluster, pulled } of clusterRegistryPairs(graph)) {
      const { registry } = pulled;
      for (const endpoint of registryEndpoints(graph, registry)) {
        const related = [{ resource: registry, note: 'registry' }, { resource: cluster, note: 'cluster' }];
        for (const issue of peeringIssues(graph, cluster, endpoint)) {
          if (issue.kind === 'unknown') {
            cannotVerifyPair(cluster, pulled, { resource: endpoint, path: ['subnet_id'], reason: `Cannot tell whether the nodes of \`${cluster.address}\` reach private endpoint \`${endpoint.address}\`: ${issue.reason}.`, related });
            continue;
          }
          const data = { endpoint: endpoint.address, registry: registry.address, cluster: cluster.address, aksVnet: issue.aks.label, peVnet: issue.pe.label };
          if (issue.kind === 'missing') report({ resource: endpoint, path: ['subnet_id'], messageId: 'missing', data, related });
          else if (issue.kind === 'one-way') report({ resource: endpoint, path: ['subnet_id'], messageId: 'oneWay', data: { ...data, peering: issue.present.resource.address }, related: [...related, { resource: issue.present.resource, note: 'the only declared direction' }] });
          else report({ resource: issue.peering.resource, path: ['allow_virtual_network_access'], messageId: 'accessDisabled', data: { ...data, peering: issue.peering.resource.address }, related });
        }
      }
    }
  },
});

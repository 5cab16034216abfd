import type { Resource } from '../../graph/resource.js';
import { dnsLinkIssues } from '../../analysis/azure/private-path.js';
import { firewallAllows, privateRoute, publicRoute, routeFirewall, routesOf, subnetRouteTable, type Destination, type Route } from '../../analysis/azure/firewall.js';
import { clusterNodeNetworks, type NodeNetwork, publicAccess, registryEndpoints, str, subnetAt, subnetPrefixes, vnetAddressSpace } from '../../analysis/azure/network.js';
import { nsgVerdict, outboundRules, subnetNsg, type NsgTarget } from '../../analysis/azure/nsg.js';
import { clusterRegistryPairs, unverifiedOncePerInferredCluster } from '../../analysis/azure/registries.js';
import { AKS_EGRESS, ACR_TROUBLESHOOTING, PULL_TIMEOUT } from '../../analysis/azure/messages.js';
import type { Ipv4Range } from '../../analysis/aws-network/cidr.js';
import { defineRule } from '../define-rule.js';

interface Target {
  readonly label: string;
  readonly nsg: NsgTarget;
  readonly dest: Destination;
  /** Private path: a route only matters when more specific than the destination VNet's system route. */
  readonly privateRanges?: readonly Ipv4Range[];
  readonly vnetSpace?: readonly Ipv4Range[];
}

/** Public names of the registry: the login server and where layers come from. */
function publicTargets(registry: Resource): Target[] {
  const name = str(registry, ['name'])?.toLowerCase();
  const login = str(registry, ['login_server'])?.toLowerCase() ?? (name ? `${name}.azurecr.io` : '*.azurecr.io');
  const suffix = login.endsWith('.cn') ? 'blob.core.chinacloudapi.cn' : login.endsWith('.us') ? 'blob.core.usgovcloudapi.net' : 'blob.core.windows.net';
  const dataEndpoint = registry.get(['data_endpoint_enabled']);
  const location = str(registry, ['location'])?.replace(/\s+/g, '').toLowerCase();
  // Dedicated data endpoints serve layers from <registry>.<region>.data.azurecr.io; otherwise from the registry's storage account.
  const dataHost = dataEndpoint?.known && dataEndpoint.value === true && name && location ? `${name}.${location}.data.${login.split('.').slice(1).join('.')}` : `*.${suffix}`;
  const dataTags = dataHost.includes('.data.') ? ['AzureContainerRegistry'] : ['Storage'];
  return [
    { label: `\`${login}\` (login server)`, nsg: { public: true, tags: ['AzureContainerRegistry'] }, dest: { host: login, tags: ['AzureContainerRegistry'] } },
    { label: `\`${dataHost}\` (image layers)`, nsg: { public: true, tags: dataTags }, dest: { host: dataHost, tags: dataTags } },
  ];
}

/**
 * Egress controls on the node subnets can drop registry traffic before it leaves the VNet: an NSG
 * outbound Deny that wins by priority, a default route to `None`, or a default route to an Azure
 * Firewall without rules for the login server and the layer endpoint (the `AzureKubernetesService`
 * FQDN tag covers AKS's own images on mcr.microsoft.com, not customer registries). On the private
 * path, a firewall between nodes and the private endpoint needs a network rule to the endpoint IPs
 * (seed, Cause 4 solution 2, and "Plus d'informations").
 * https://learn.microsoft.com/azure/aks/outbound-rules-control-egress
 */
export default defineRule({
  meta: {
    id: 'PF-AZ-013',
    name: 'aks-egress-blocks-registry',
    title: 'Egress controls (NSG, route table, Azure Firewall) block the registry',
    severity: 'error',
    category: 'network',
    providers: ['azure'],
    messages: {
      nsgDeny: 'Outbound rule `{{rule}}` (priority {{priority}}) of network security group `{{nsg}}` on node subnet `{{subnet}}` of `{{cluster}}` denies TCP 443 to {{target}} of registry `{{registry}}` before any rule allows it; pulls fail with "' + PULL_TIMEOUT + '".',
      routeNone: 'Route `{{prefix}}` of `{{table}}` on node subnet `{{subnet}}` of `{{cluster}}` has next hop `None`, which drops traffic to {{target}} of registry `{{registry}}`; pulls fail with "' + PULL_TIMEOUT + '".',
      firewallBlocks: 'Node subnet `{{subnet}}` of `{{cluster}}` sends traffic for {{target}} of registry `{{registry}}` through Azure Firewall `{{firewall}}`, and no rule of it allows HTTPS there{{tagNote}}; the firewall drops it and pulls fail with "' + PULL_TIMEOUT + '".',
      firewallPrivate: 'Node subnet `{{subnet}}` of `{{cluster}}` routes the private endpoint prefix of registry `{{registry}}` through Azure Firewall `{{firewall}}`, which has no network rule allowing TCP 443 to the private endpoint addresses; pulls fail with "' + PULL_TIMEOUT + '".',
    },
    remediation: 'Allow outbound TCP 443 from the node subnet: an NSG rule with `destination_address_prefix = "AzureContainerRegistry"` (and `Storage`) at a lower priority number than the Deny; on Azure Firewall, an application rule for `<registry>.azurecr.io` and `*.blob.core.windows.net` (or `<registry>.<region>.data.azurecr.io` with dedicated data endpoints) in an `azurerm_firewall_policy_rule_collection_group`, and for private endpoints a network rule to the endpoint IPs on port 443 (Pulumi azure-native `network.FirewallPolicyRuleCollectionGroup`); never route `0.0.0.0/0` to `None`.',
    pullError: PULL_TIMEOUT,
    references: [AKS_EGRESS, 'https://learn.microsoft.com/azure/container-registry/container-registry-firewall-access-rules', ACR_TROUBLESHOOTING],
  },
  check({ graph, report, cannotVerify }) {
    const cannotVerifyPair = unverifiedOncePerInferredCluster(cannotVerify);
    const done = new Set<string>();
    const once = (key: string): boolean => (done.has(key) ? false : (done.add(key), true));
    // Node subnets depend on the cluster only: read once per cluster, not per (cluster, registry) pair,
    // and a cluster without a node subnet in the inputs has nothing to check against any registry.
    const networks = new Map<Resource, readonly NodeNetwork[]>();
    for (const { cluster, pulled } of clusterRegistryPairs(graph)) {
      const { registry } = pulled;
      let nets = networks.get(cluster);
      if (!nets) networks.set(cluster, (nets = clusterNodeNetworks(graph, cluster)));
      if (!nets.some((net) => net.at.state === 'known' && net.at.subnet)) continue;
      const endpoints = registryEndpoints(graph, registry);
      const dns = endpoints.length > 0 ? dnsLinkIssues(graph, cluster, registry, endpoints) : 'no-zone';
      const usesPrivate = dns !== 'no-zone' && !dns.some((i) => i.kind === 'unlinked' || i.kind === 'managed-vnet');
      const targets: Target[] = [];
      if (usesPrivate) {
        for (const pe of endpoints) {
          const at = subnetAt(graph, pe, ['subnet_id']);
          const ranges = at.state === 'known' && at.subnet ? subnetPrefixes(at.subnet) : undefined;
          if (!ranges) continue;
          const space = at.state === 'known' && at.vnet?.resource ? vnetAddressSpace(at.vnet.resource) : undefined;
          targets.push({ label: `private endpoint \`${pe.address}\``, nsg: { public: false, tags: [], ranges }, dest: { tags: [], ranges }, privateRanges: ranges, ...(space ? { vnetSpace: space } : {}) });
        }
      } else if (publicAccess(registry).state !== 'disabled') {
        targets.push(...publicTargets(registry));
      }
      if (targets.length === 0) continue;
      for (const net of nets) {
        const subnet = net.at.state === 'known' ? net.at.subnet : undefined;
        if (!subnet) continue;
        const base = { cluster: cluster.address, registry: registry.address, subnet: subnet.address };
        const unverified = (resource: Resource, reason: string): void => {
          if (once(`u\u0000${resource.key}\u0000${cluster.key}\u0000${registry.key}`)) cannotVerifyPair(cluster, pulled, { resource, reason: `Cannot tell whether the egress controls of node subnet \`${subnet.address}\` let \`${cluster.address}\` reach \`${registry.address}\`: ${reason}.`, related: [{ resource: cluster, note: 'cluster' }] });
        };
        const nodes = subnetPrefixes(subnet);
        // (a) Network security group on the node subnet.
        const nsg = subnetNsg(graph, subnet);
        if (nsg === 'unknown') unverified(subnet, 'its network security group is not in the inputs');
        else if (nsg !== 'none') {
          const rules = outboundRules(graph, nsg);
          if (!rules) unverified(nsg, `the rules of \`${nsg.address}\` are computed`);
          else {
            for (const t of targets) {
              const v = nsgVerdict(rules, t.nsg, nodes);
              if (v.result === 'unknown') unverified(v.rule?.holder ?? nsg, `rule \`${String(v.rule?.rule.name ?? '?')}\` may or may not match`);
              if (v.result === 'no' && v.rule && once(`n\u0000${v.rule.holder.key}\u0000${String(v.rule.rule.name)}\u0000${cluster.key}\u0000${registry.key}`)) {
                report({ resource: v.rule.holder, path: v.rule.path, messageId: 'nsgDeny', data: { ...base, nsg: nsg.address, rule: String(v.rule.rule.name ?? ''), priority: String(v.rule.rule.priority ?? ''), target: t.label }, related: [{ resource: subnet, note: 'node subnet' }, { resource: registry, note: 'registry' }] });
              }
            }
          }
        }
        // (b, c) Route table and the firewall it leads to.
        const table = subnetRouteTable(graph, subnet);
        if (table === 'unknown') {
          unverified(subnet, 'its route table is not in the inputs');
          continue;
        }
        if (table === 'none') continue;
        const routes = routesOf(graph, table);
        if (!routes) {
          unverified(table, `the routes of \`${table.address}\` are computed`);
          continue;
        }
        for (const t of targets) {
          let route: Route | 'unknown' | undefined;
          if (t.privateRanges) route = privateRoute(routes, t.privateRanges, t.vnetSpace);
          else route = publicRoute(routes, t.dest.tags);
          if (route === 'unknown') {
            unverified(table, 'the address space of the private endpoint VNet is not known, so the effective route cannot be chosen');
            continue;
          }
          if (!route) continue;
          const hop = route.nextHop.toLowerCase();
          if (hop === 'internet' || hop === 'vnetlocal') continue;
          if (hop === 'none') {
            if (once(`r\u0000${route.holder.key}\u0000${route.prefix}\u0000${cluster.key}\u0000${registry.key}`)) {
              report({ resource: route.holder, path: route.path, messageId: 'routeNone', data: { ...base, table: table.address, prefix: route.prefix, target: t.label }, related: [{ resource: subnet, note: 'node subnet' }] });
            }
            continue;
          }
          if (hop !== 'virtualappliance') {
            unverified(route.holder, `route \`${route.prefix}\` leads to \`${route.nextHop}\`, whose filtering the inputs do not show`);
            continue;
          }
          const firewall = routeFirewall(graph, route);
          if (firewall === 'unknown') {
            unverified(route.holder, `route \`${route.prefix}\` leads to an appliance that is not an Azure Firewall in the inputs`);
            continue;
          }
          const verdict = firewallAllows(graph, firewall, t.dest, t.privateRanges !== undefined);
          if (verdict.result === 'unknown') unverified(firewall, `the rules of \`${firewall.address}\` are not all known`);
          if (verdict.result !== 'no') continue;
          if (!once(`f\u0000${firewall.key}\u0000${t.label}\u0000${cluster.key}\u0000${registry.key}`)) continue;
          const tagOnly = verdict.fqdnTags.some((tag) => tag.toLowerCase() === 'azurekubernetesservice');
          report({
            resource: firewall,
            messageId: t.privateRanges ? 'firewallPrivate' : 'firewallBlocks',
            data: { ...base, firewall: firewall.address, target: t.label, tagNote: tagOnly ? ' (the `AzureKubernetesService` FQDN tag covers AKS\'s own dependencies, not customer registries)' : '' },
            related: [{ resource: route.holder, path: route.path, note: 'route to the firewall' }, { resource: subnet, note: 'node subnet' }],
          });
        }
      }
    }
  },
});

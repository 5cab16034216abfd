import type { ResourceGraph } from '../../graph/graph.js';
import type { Resource } from '../../graph/resource.js';
import type { Tri } from './arm-id.js';
import {
  customDns, isAcrPrivateZoneName, registryZones, requiredRecordNames, zoneGroupZones, zoneLinkedTo, zoneName, zoneRecordNames,
} from './dns.js';
import { routesOf, subnetRouteTable } from './firewall.js';
import {
  clusterNodeNetworks, peeringBetween, peeringsFrom, registryEndpoints, sameVnet, str, subnetAt, type NodeNetwork, type Peering, type VnetRef,
} from './network.js';

/**
 * The private path from AKS nodes to a registry through a private endpoint, as three checks the
 * network rules share: name resolution (zone linked to the node VNet, PF-AZ-008), the records in the
 * zone (PF-AZ-009) and VNet reachability (peering, PF-AZ-012). PF-AZ-010 needs their combination:
 * a closed public endpoint is fine only when some private path works.
 */

export type DnsIssue =
  | { readonly kind: 'unlinked'; readonly zone: Resource; readonly vnet: VnetRef; readonly net: NodeNetwork }
  | { readonly kind: 'managed-vnet'; readonly net: NodeNetwork }
  | { readonly kind: 'unknown'; readonly resource: Resource; readonly reason: string; readonly net?: NodeNetwork };

/** Whether every node VNet of the cluster resolves the registry's private zone. */
export function dnsLinkIssues(graph: ResourceGraph, cluster: Resource, registry: Resource, endpoints: readonly Resource[]): DnsIssue[] | 'no-zone' {
  const { zones, external, unknown } = registryZones(graph, registry, endpoints);
  if (zones.length === 0) {
    if (external) return [{ kind: 'unknown', resource: endpoints[0]!, reason: `the private DNS zone of \`${registry.address}\`'s private endpoint is outside the inputs, so its virtual-network links cannot be checked` }];
    if (unknown) return [{ kind: 'unknown', resource: endpoints[0]!, reason: `the private DNS zone group of \`${endpoints[0]!.address}\` is computed` }];
    return 'no-zone';
  }
  const issues: DnsIssue[] = [];
  const seen = new Set<string>();
  for (const net of clusterNodeNetworks(graph, cluster)) {
    if (net.at.state === 'none') {
      issues.push({ kind: 'managed-vnet', net });
      continue;
    }
    const vnet = net.at.state === 'known' ? net.at.vnet : undefined;
    if (!vnet) {
      issues.push({ kind: 'unknown', resource: cluster, net, reason: `the virtual network of node pool \`${net.pool.name}\` of \`${cluster.address}\` cannot be determined from the inputs` });
      continue;
    }
    for (const zone of zones) {
      const key = `${vnet.key}\u0000${zone.key}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const linked = zoneLinkedTo(graph, zone, vnet);
      if (linked === 'yes') continue;
      if (linked === 'unknown') {
        issues.push({ kind: 'unknown', resource: zone, net, reason: `a virtual-network link of \`${zone.address}\` targets a computed VNet id` });
        continue;
      }
      const dns = customDns(graph, vnet);
      if (dns === 'no') issues.push({ kind: 'unlinked', zone, vnet, net });
      else {
        issues.push({
          kind: 'unknown', resource: zone, net,
          reason: dns === 'yes'
            ? `\`${vnet.label}\` uses custom DNS servers, which may resolve \`${str(zone, ['name']) ?? 'privatelink.azurecr.io'}\` through a hub VNet or a DNS Private Resolver that the inputs do not show`
            : `the DNS settings of node VNet \`${vnet.label}\` are not in the inputs, so it may resolve \`${str(zone, ['name']) ?? 'privatelink.azurecr.io'}\` through custom DNS servers`,
        });
      }
    }
  }
  return issues;
}

export type RecordIssue =
  | { readonly kind: 'wrong-zone'; readonly zone: string; readonly zoneResource?: Resource }
  | { readonly kind: 'missing'; readonly names: readonly string[]; readonly none: boolean }
  | { readonly kind: 'unknown'; readonly reason: string };

/** Whether the endpoint's DNS records let clients find both the registry and its data endpoint(s). */
export function recordIssues(graph: ResourceGraph, registry: Resource, endpoint: Resource): RecordIssue[] {
  const group = zoneGroupZones(graph, endpoint);
  if (group === 'unknown') return [{ kind: 'unknown', reason: `the private DNS zone group of \`${endpoint.address}\` is computed` }];
  if (group !== 'absent') {
    // A zone group makes Azure write every record (REST and data endpoints) into the named zones.
    const issues: RecordIssue[] = [];
    for (const z of group) {
      const name = zoneName(z);
      if (name !== undefined && !isAcrPrivateZoneName(name)) issues.push({ kind: 'wrong-zone', zone: name, ...(z.resource ? { zoneResource: z.resource } : {}) });
    }
    return issues;
  }
  const required = requiredRecordNames(registry);
  if (!required) return [{ kind: 'unknown', reason: `the name, location or geo-replica locations of \`${registry.address}\` are computed` }];
  const names = new Set<string>();
  for (const zone of graph.ofKind('azure.privatedns.zone')) {
    const zn = str(zone, ['name']);
    if (!zn || !isAcrPrivateZoneName(zn)) continue;
    const records = zoneRecordNames(graph, zone);
    if (records.unknown.length > 0) return [{ kind: 'unknown', reason: `the name of \`${records.unknown[0]!.address}\` is computed` }];
    records.names.forEach((n) => names.add(n));
  }
  const missing = required.filter((n) => !names.has(n));
  if (missing.length === 0) return [];
  return [{ kind: 'missing', names: missing, none: !required.some((n) => names.has(n)) }];
}

export type PeeringIssue =
  | { readonly kind: 'missing'; readonly aks: VnetRef; readonly pe: VnetRef; readonly net: NodeNetwork }
  | { readonly kind: 'one-way'; readonly aks: VnetRef; readonly pe: VnetRef; readonly net: NodeNetwork; readonly present: Peering }
  | { readonly kind: 'access-disabled'; readonly aks: VnetRef; readonly pe: VnetRef; readonly net: NodeNetwork; readonly peering: Peering }
  | { readonly kind: 'unknown'; readonly reason: string; readonly net?: NodeNetwork };

function viaAppliance(graph: ResourceGraph, net: NodeNetwork): boolean {
  if (net.at.state !== 'known' || !net.at.subnet) return false;
  const table = subnetRouteTable(graph, net.at.subnet);
  if (table === 'none') return false;
  if (table === 'unknown') return true;
  const routes = routesOf(graph, table);
  return routes === undefined || routes.some((r) => r.nextHop.toLowerCase() === 'virtualappliance');
}

/** Whether every node VNet of the cluster reaches the endpoint's VNet (same VNet, or peered both ways). */
export function peeringIssues(graph: ResourceGraph, cluster: Resource, endpoint: Resource): PeeringIssue[] {
  const at = subnetAt(graph, endpoint, ['subnet_id']);
  const pe = at.state === 'known' ? at.vnet : undefined;
  if (!pe) return at.state === 'none' ? [] : [{ kind: 'unknown', reason: `the virtual network of \`${endpoint.address}\` cannot be determined from the inputs` }];
  const issues: PeeringIssue[] = [];
  for (const net of clusterNodeNetworks(graph, cluster)) {
    if (net.at.state === 'none') continue;
    const aks = net.at.state === 'known' ? net.at.vnet : undefined;
    if (!aks) {
      issues.push({ kind: 'unknown', net, reason: `the virtual network of node pool \`${net.pool.name}\` cannot be determined from the inputs` });
      continue;
    }
    if (sameVnet(aks, pe)) continue;
    const forward = peeringBetween(graph, aks, pe);
    const reverse = peeringBetween(graph, pe, aks);
    if (forward && reverse) {
      const off = [forward, reverse].find((p) => p.access === 'no');
      if (off) issues.push({ kind: 'access-disabled', aks, pe, net, peering: off });
      else if (forward.access === 'unknown' || reverse.access === 'unknown') issues.push({ kind: 'unknown', net, reason: '`allow_virtual_network_access` of a peering is computed' });
      continue;
    }
    // A missing direction may be declared where the other VNet is managed (another configuration).
    const externalSide = [!forward ? aks : undefined, !reverse ? pe : undefined].find((v) => v && (!v.resource || v.resource.mode !== 'managed'));
    if (externalSide) {
      issues.push({ kind: 'unknown', net, reason: `\`${externalSide.label}\` is not managed in these inputs, so its peerings may be declared elsewhere` });
      continue;
    }
    const transit = peeringsFrom(graph, aks).some((p) => p.transit) || viaAppliance(graph, net);
    if (transit) {
      issues.push({ kind: 'unknown', net, reason: `\`${aks.label}\` may reach \`${pe.label}\` through a hub (forwarded traffic, gateway transit or a route to an appliance), which the inputs do not fully show` });
      continue;
    }
    const present = forward ?? reverse;
    issues.push(present ? { kind: 'one-way', aks, pe, net, present } : { kind: 'missing', aks, pe, net });
  }
  return issues;
}

const triOfIssues = (issues: readonly { kind: string }[]): Tri =>
  issues.length === 0 ? 'yes' : issues.some((i) => i.kind !== 'unknown') ? 'no' : 'unknown';

/** Whether the cluster has a working private path to the registry: 'none' when it has no private endpoint. */
export function privatePath(graph: ResourceGraph, cluster: Resource, registry: Resource): Tri | 'none' {
  const endpoints = registryEndpoints(graph, registry);
  if (endpoints.length === 0) return 'none';
  const dns = dnsLinkIssues(graph, cluster, registry, endpoints);
  const dnsTri: Tri = dns === 'no-zone' ? 'no' : triOfIssues(dns);
  let out: Tri = 'no';
  for (const pe of endpoints) {
    const manual = pe.get(['private_service_connection', 'is_manual_connection']);
    const manualTri: Tri = manual?.known && manual.value === true ? 'unknown' : 'yes';
    const parts = [dnsTri, triOfIssues(recordIssues(graph, registry, pe)), triOfIssues(peeringIssues(graph, cluster, pe)), manualTri];
    const t: Tri = parts.includes('no') ? 'no' : parts.includes('unknown') ? 'unknown' : 'yes';
    if (t === 'yes') return 'yes';
    if (t === 'unknown') out = 'unknown';
  }
  return out;
}

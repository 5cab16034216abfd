import type { ResourceGraph } from '../../graph/graph.js';
import type { AttrPath } from '../../graph/model.js';
import type { Resource } from '../../graph/resource.js';
import { covers, parseCidr, type Ipv4Range } from '../aws-network/cidr.js';
import { clusterNodeNetworks, str, strings } from './network.js';
import { defaultRouteFirewalls } from './firewall.js';

/** One public source address (or prefix) of a cluster's outbound traffic. */
export interface EgressSource {
  /** Resource holding the address: public IP, public IP prefix. */
  readonly resource?: Resource;
  readonly range?: Ipv4Range;
  /** Text for messages ("20.61.14.77", "azurerm_public_ip.egress"). */
  readonly label: string;
}

export type ClusterEgress =
  | { readonly state: 'known'; readonly outboundType: string; readonly sources: readonly EgressSource[] }
  | { readonly state: 'unknown'; readonly outboundType: string; readonly reason: string };

function publicIpSource(ip: Resource): EgressSource {
  const address = str(ip, ['ip_address']);
  const range = address ? parseCidr(address) : undefined;
  return { resource: ip, ...(range ? { range } : {}), label: address ? `${address} (\`${ip.address}\`)` : `\`${ip.address}\`` };
}

function prefixSource(prefix: Resource): EgressSource {
  const text = str(prefix, ['ip_prefix']);
  const range = text ? parseCidr(text) : undefined;
  return { resource: prefix, ...(range ? { range } : {}), label: text ? `${text} (\`${prefix.address}\`)` : `\`${prefix.address}\`` };
}

/** Public IPs / prefixes an id list attribute points at; `undefined` when one cannot be followed. */
function idsTo(graph: ResourceGraph, holder: Resource, path: AttrPath, kind: 'azure.network.publicip' | 'azure.network.publicipprefix'): EgressSource[] | undefined {
  const resolved = graph.resolve(holder, path, [kind]).map((r) => r.resource);
  const ids = strings(holder, path);
  const count = ids === undefined ? holder.links(path).length : Math.max(ids.length, holder.links(path).length);
  if (resolved.length < count) return undefined;
  return resolved.map((r) => (kind === 'azure.network.publicip' ? publicIpSource(r) : prefixSource(r)));
}

/** Public IPs and prefixes of a NAT gateway (through its association resources). */
function natGatewaySources(graph: ResourceGraph, nat: Resource): EgressSource[] | undefined {
  const out: EgressSource[] = [];
  for (const ref of graph.referrers(nat)) {
    if (ref.resource.kind === 'azure.network.natgatewaypublicipassociation') {
      const ips = idsTo(graph, ref.resource, ['public_ip_address_id'], 'azure.network.publicip');
      if (!ips) return undefined;
      out.push(...ips);
    } else if (ref.resource.kind === 'azure.network.natgatewaypublicipprefixassociation') {
      const prefixes = idsTo(graph, ref.resource, ['public_ip_prefix_id'], 'azure.network.publicipprefix');
      if (!prefixes) return undefined;
      out.push(...prefixes);
    }
  }
  return out.length > 0 ? out : undefined;
}

/**
 * The public addresses a cluster's nodes leave through, by `network_profile.outbound_type`:
 * - `loadBalancer` (default): `load_balancer_profile.outbound_ip_address_ids` / `outbound_ip_prefix_ids`
 *   (or `effective_outbound_ips` once known); AKS-managed outbound IPs are created by AKS and unknown;
 * - `userAssignedNATGateway`: the NAT gateway associated with the node subnets and its IPs / prefixes;
 * - `userDefinedRouting`: the public IPs of the firewall the default route points at;
 * - `managedNATGateway` and anything else: unknown.
 * https://learn.microsoft.com/azure/aks/egress-outboundtype
 */
export function clusterEgress(graph: ResourceGraph, cluster: Resource): ClusterEgress {
  const typeValue = cluster.get(['network_profile', 'outbound_type']);
  if (typeValue !== undefined && !typeValue.known) return { state: 'unknown', outboundType: '(computed)', reason: 'its `network_profile.outbound_type` is computed' };
  const outboundType = typeValue?.known ? String(typeValue.value) : 'loadBalancer';
  const lb = ['network_profile', 'load_balancer_profile'];
  switch (outboundType) {
    case 'loadBalancer': {
      const ips = idsTo(graph, cluster, [...lb, 'outbound_ip_address_ids'], 'azure.network.publicip');
      const prefixes = idsTo(graph, cluster, [...lb, 'outbound_ip_prefix_ids'], 'azure.network.publicipprefix');
      if (!ips || !prefixes) return { state: 'unknown', outboundType, reason: 'its outbound public IPs or prefixes are not in the inputs' };
      const sources = [...ips, ...prefixes];
      if (sources.length > 0) return { state: 'known', outboundType, sources };
      const effective = idsTo(graph, cluster, [...lb, 'effective_outbound_ips'], 'azure.network.publicip');
      if (effective && effective.length > 0) return { state: 'known', outboundType, sources: effective };
      return { state: 'unknown', outboundType, reason: 'it uses AKS-managed outbound public IPs, whose addresses are only known after AKS creates them' };
    }
    case 'userAssignedNATGateway': {
      const sources: EgressSource[] = [];
      for (const net of clusterNodeNetworks(graph, cluster)) {
        if (net.at.state !== 'known' || !net.at.subnet) return { state: 'unknown', outboundType, reason: 'a node subnet is not in the inputs' };
        const assoc = graph.referrers(net.at.subnet).find((r) => r.resource.kind === 'azure.network.subnetnatgatewayassociation');
        const nat = assoc ? graph.resolve(assoc.resource, ['nat_gateway_id'], ['azure.network.natgateway'])[0]?.resource : undefined;
        const found = nat ? natGatewaySources(graph, nat) : undefined;
        if (!found) return { state: 'unknown', outboundType, reason: 'the NAT gateway of a node subnet or its public IPs are not in the inputs' };
        sources.push(...found);
      }
      return sources.length > 0 ? { state: 'known', outboundType, sources } : { state: 'unknown', outboundType, reason: 'no NAT gateway is associated with its node subnets in the inputs' };
    }
    case 'userDefinedRouting': {
      const sources: EgressSource[] = [];
      for (const firewall of defaultRouteFirewalls(graph, cluster)) {
        if (firewall === 'unknown') return { state: 'unknown', outboundType, reason: 'the appliance its default route points at is not an Azure Firewall in the inputs' };
        const ips = idsTo(graph, firewall, ['ip_configuration', 'public_ip_address_id'], 'azure.network.publicip');
        const all = firewall.get(['ip_configuration']);
        const configs = all?.known && Array.isArray(all.value) ? all.value.length : 0;
        const perConfig = configs > 1 ? collectConfigs(graph, firewall, configs) : ips;
        if (!perConfig || perConfig.length === 0) return { state: 'unknown', outboundType, reason: `the public IPs of \`${firewall.address}\` are not in the inputs` };
        sources.push(...perConfig);
      }
      return sources.length > 0 ? { state: 'known', outboundType, sources } : { state: 'unknown', outboundType, reason: 'its default route does not lead to a firewall in the inputs' };
    }
    default:
      return { state: 'unknown', outboundType, reason: `outbound type \`${outboundType}\` uses addresses Azure assigns` };
  }
}

function collectConfigs(graph: ResourceGraph, firewall: Resource, count: number): EgressSource[] | undefined {
  const out: EgressSource[] = [];
  for (let i = 0; i < count; i += 1) {
    const got = idsTo(graph, firewall, ['ip_configuration', i, 'public_ip_address_id'], 'azure.network.publicip');
    if (!got) return undefined;
    out.push(...got);
  }
  return out;
}

/** Allowed ranges of a registry firewall (`network_rule_set.ip_rule[].ip_range`); `undefined` when unknown. */
export function registryIpRules(registry: Resource): { ranges: Ipv4Range[]; texts: string[] } | undefined {
  const rules = registry.get(['network_rule_set', 'ip_rule']);
  if (rules === undefined) return { ranges: [], texts: [] };
  if (!rules.known) return undefined;
  const ranges: Ipv4Range[] = [];
  const texts: string[] = [];
  for (const rule of Array.isArray(rules.value) ? rules.value : [rules.value]) {
    const r = rule as Record<string, unknown> | null;
    if (typeof r?.ip_range !== 'string') return undefined;
    if (typeof r.action === 'string' && r.action.toLowerCase() !== 'allow') continue;
    texts.push(r.ip_range);
    const parsed = parseCidr(r.ip_range);
    if (parsed) ranges.push(parsed);
  }
  return { ranges, texts };
}

/** Whether an egress source falls inside one of the allowed ranges. */
export function sourceAllowed(source: EgressSource, ranges: readonly Ipv4Range[]): boolean | undefined {
  if (!source.range) return undefined;
  return ranges.some((r) => covers(r, source.range!));
}

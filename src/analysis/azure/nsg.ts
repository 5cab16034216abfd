import type { ResourceGraph } from '../../graph/graph.js';
import type { AttrPath } from '../../graph/model.js';
import type { Resource } from '../../graph/resource.js';
import { covers, overlaps, parseCidr, type Ipv4Range } from '../aws-network/cidr.js';
import type { Tri } from './arm-id.js';
import { str, unsetOnCreate } from './network.js';
import { resourceGroupName } from './rbac.js';

/**
 * Network security group evaluation for outbound TCP 443 from AKS nodes. Rules are processed by
 * priority (lowest first) and the first match decides; when none matches, the default rules allow
 * VirtualNetwork → VirtualNetwork (which includes peered VNets) and outbound Internet.
 * https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#default-security-rules
 */

export interface NsgRule {
  readonly holder: Resource;
  readonly path: AttrPath;
  readonly rule: Readonly<Record<string, unknown>>;
}

/** What the nodes talk to: the public registry endpoints (by service tag) or private endpoint addresses. */
export interface NsgTarget {
  readonly public: boolean;
  /** Service tags containing the destination (`AzureContainerRegistry`, `Storage`). */
  readonly tags: readonly string[];
  /** Private destination ranges (private endpoint subnet). */
  readonly ranges?: readonly Ipv4Range[];
}

/** The NSG associated with a subnet (`azurerm_subnet_network_security_group_association`). */
export function subnetNsg(graph: ResourceGraph, subnet: Resource): Resource | 'none' | 'unknown' {
  for (const ref of graph.referrers(subnet)) {
    if (ref.resource.kind !== 'azure.network.subnetnsgassociation') continue;
    return graph.resolve(ref.resource, ['network_security_group_id'], ['azure.network.nsg'])[0]?.resource ?? 'unknown';
  }
  return 'none';
}

/** Outbound rules of an NSG (inline `security_rule` and `azurerm_network_security_rule`); `undefined` when unknown. */
export function outboundRules(graph: ResourceGraph, nsg: Resource): NsgRule[] | undefined {
  const out: NsgRule[] = [];
  if (!unsetOnCreate(nsg, ['security_rule'])) {
    const inline = nsg.get(['security_rule']);
    if (inline && !inline.known) return undefined;
    const items = inline?.known && Array.isArray(inline.value) ? inline.value : [];
    items.forEach((rule, i) => out.push({ holder: nsg, path: ['security_rule', i], rule: rule as Record<string, unknown> }));
  }
  const name = str(nsg, ['name'])?.toLowerCase();
  const group = resourceGroupName(graph, nsg);
  for (const r of graph.ofKind('azure.network.nsgrule')) {
    const linked = graph.resolve(r, ['network_security_group_name'], ['azure.network.nsg']);
    const mine = linked.length > 0 ? linked.some((l) => l.resource === nsg)
      : name !== undefined && str(r, ['network_security_group_name'])?.toLowerCase() === name && (group === undefined || resourceGroupName(graph, r) === group);
    if (!mine) continue;
    const whole = r.get([]);
    if (!whole?.known) return undefined;
    for (const key of ['direction', 'access', 'priority', 'protocol']) if (r.get([key]) !== undefined && !r.get([key])!.known) return undefined;
    out.push({ holder: r, path: [], rule: r.attrs });
  }
  return out.filter((r) => String(r.rule.direction ?? '').toLowerCase() === 'outbound');
}

const listOf = (single: unknown, many: unknown): string[] => {
  const out: string[] = [];
  if (typeof single === 'string' && single !== '') out.push(single);
  if (Array.isArray(many)) out.push(...many.filter((x): x is string => typeof x === 'string' && x !== ''));
  return out;
};

function portMatches(ports: string[]): boolean {
  return ports.some((p) => {
    if (p === '*') return true;
    const m = /^(\d+)(?:-(\d+))?$/.exec(p.trim());
    return m !== null && Number(m[1]) <= 443 && 443 <= Number(m[2] ?? m[1]);
  });
}

const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c)!);

function destinationMatches(prefix: string, target: NsgTarget): Tri {
  const p = prefix.trim();
  const lower = p.toLowerCase();
  const base = lower.split('.')[0]!;
  if (p === '*' || lower === 'any') return 'yes';
  if (target.public) {
    if (lower === 'internet' || base === 'azurecloud' || target.tags.some((t) => t.toLowerCase() === base)) return 'yes';
    const range = parseCidr(p);
    if (!range) return 'no';
    if (range.start === 0 && range.end === 2 ** 32 - 1) return 'yes';
    // A public CIDR may or may not contain the registry's addresses; private ones never do.
    return RFC1918.some((r) => covers(r, range)) ? 'no' : 'unknown';
  }
  if (lower === 'virtualnetwork') return 'yes';
  const range = parseCidr(p);
  if (!range || !target.ranges || target.ranges.length === 0) return range ? 'unknown' : 'no';
  if (target.ranges.every((t) => covers(range, t))) return 'yes';
  return target.ranges.some((t) => overlaps(range, t)) ? 'unknown' : 'no';
}

function sourceMatches(prefixes: string[], asgs: boolean, nodes: readonly Ipv4Range[] | undefined): Tri {
  if (prefixes.length === 0) return asgs ? 'unknown' : 'yes';
  const results = prefixes.map((p): Tri => {
    const lower = p.trim().toLowerCase();
    if (lower === '*' || lower === 'any' || lower === 'virtualnetwork') return 'yes';
    const range = parseCidr(p);
    if (!range || !nodes) return 'unknown';
    if (nodes.every((n) => covers(range, n))) return 'yes';
    return nodes.some((n) => overlaps(range, n)) ? 'unknown' : 'no';
  });
  return results.includes('yes') ? 'yes' : results.includes('unknown') ? 'unknown' : 'no';
}

/** Whether a rule applies to TCP 443 from the node subnet to the target. */
export function ruleMatches(rule: Readonly<Record<string, unknown>>, target: NsgTarget, nodes: readonly Ipv4Range[] | undefined): Tri {
  const protocol = String(rule.protocol ?? '*').toLowerCase();
  if (protocol !== '*' && protocol !== 'tcp' && protocol !== 'any') return 'no';
  if (!portMatches(listOf(rule.destination_port_range, rule.destination_port_ranges))) return 'no';
  const destinations = listOf(rule.destination_address_prefix, rule.destination_address_prefixes);
  const destAsg = Array.isArray(rule.destination_application_security_group_ids) && rule.destination_application_security_group_ids.length > 0;
  const dest: Tri = destinations.length === 0 ? (destAsg ? 'unknown' : 'no')
    : destinations.map((d) => destinationMatches(d, target)).reduce<Tri>((a, b) => (a === 'yes' || b === 'yes' ? 'yes' : a === 'unknown' || b === 'unknown' ? 'unknown' : 'no'), 'no');
  if (dest === 'no') return 'no';
  const srcAsg = Array.isArray(rule.source_application_security_group_ids) && rule.source_application_security_group_ids.length > 0;
  const src = sourceMatches(listOf(rule.source_address_prefix, rule.source_address_prefixes), srcAsg, nodes);
  if (src === 'no') return 'no';
  return dest === 'yes' && src === 'yes' ? 'yes' : 'unknown';
}

/** The first outbound rule (by priority) deciding TCP 443 to the target, and its verdict. */
export function nsgVerdict(rules: readonly NsgRule[], target: NsgTarget, nodes: readonly Ipv4Range[] | undefined): { result: Tri; rule?: NsgRule } {
  const sorted = [...rules].sort((a, b) => Number(a.rule.priority ?? 0) - Number(b.rule.priority ?? 0));
  let undecided: NsgRule | undefined;
  for (const r of sorted) {
    const m = ruleMatches(r.rule, target, nodes);
    if (m === 'no') continue;
    const allow = String(r.rule.access ?? '').toLowerCase() === 'allow';
    if (m === 'unknown') {
      if (!allow) undecided ??= r;
      continue;
    }
    if (allow) return undecided ? { result: 'unknown', rule: undecided } : { result: 'yes', rule: r };
    return undecided ? { result: 'unknown', rule: undecided } : { result: 'no', rule: r };
  }
  return undecided ? { result: 'unknown', rule: undecided } : { result: 'yes' };
}

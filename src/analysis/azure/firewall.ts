import type { ResourceGraph } from '../../graph/graph.js';
import type { Resource } from '../../graph/resource.js';
import { covers, overlaps, parseCidr, type Ipv4Range } from '../aws-network/cidr.js';
import type { Tri } from './arm-id.js';
import { clusterNodeNetworks, str, unsetOnCreate } from './network.js';
import { resourceGroupName } from './rbac.js';

/**
 * Routes and Azure Firewall rules on the way from AKS nodes to a registry. A user-defined route
 * `0.0.0.0/0 → VirtualAppliance` sends public traffic to a firewall, which denies what no rule allows;
 * `→ None` drops it. A more specific route towards the private endpoint's prefix through an appliance
 * needs a network rule for TCP 443 to the private endpoint IPs (seed, Cause 4 solution 2).
 * https://learn.microsoft.com/azure/aks/outbound-rules-control-egress
 * https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview
 */

export interface Route {
  readonly holder: Resource;
  /** CIDR, or a service tag (`AzureContainerRegistry`). */
  readonly prefix: string;
  readonly range?: Ipv4Range;
  readonly nextHop: string;
  readonly path: readonly (string | number)[];
}

/** The route table associated with a subnet (through `azurerm_subnet_route_table_association`). */
export function subnetRouteTable(graph: ResourceGraph, subnet: Resource): Resource | 'none' | 'unknown' {
  for (const ref of graph.referrers(subnet)) {
    if (ref.resource.kind !== 'azure.network.subnetroutetableassociation') continue;
    return graph.resolve(ref.resource, ['route_table_id'], ['azure.network.routetable'])[0]?.resource ?? 'unknown';
  }
  const id = str(subnet, ['id']);
  if (id) {
    for (const assoc of graph.ofKind('azure.network.subnetroutetableassociation')) {
      if (str(assoc, ['subnet_id'])?.toLowerCase() === id.toLowerCase()) {
        return graph.resolve(assoc, ['route_table_id'], ['azure.network.routetable'])[0]?.resource ?? 'unknown';
      }
    }
  }
  return 'none';
}

/** Routes of a route table: inline `route` blocks and `azurerm_route` resources; `undefined` when unknown. */
export function routesOf(graph: ResourceGraph, table: Resource): Route[] | undefined {
  const out: Route[] = [];
  if (!unsetOnCreate(table, ['route'])) {
    const inline = table.get(['route']);
    if (inline && !inline.known) return undefined;
    const list = inline?.known && Array.isArray(inline.value) ? inline.value : [];
    for (let i = 0; i < list.length; i += 1) {
      const r = list[i] as Record<string, unknown>;
      if (typeof r?.address_prefix !== 'string' || typeof r.next_hop_type !== 'string') return undefined;
      const range = parseCidr(r.address_prefix);
      out.push({ holder: table, prefix: r.address_prefix, ...(range ? { range } : {}), nextHop: r.next_hop_type, path: ['route', i] });
    }
  }
  const name = str(table, ['name'])?.toLowerCase();
  const group = resourceGroupName(graph, table);
  for (const route of graph.ofKind('azure.network.route')) {
    const linked = graph.resolve(route, ['route_table_name'], ['azure.network.routetable']);
    const mine = linked.length > 0 ? linked.some((l) => l.resource === table)
      : name !== undefined && str(route, ['route_table_name'])?.toLowerCase() === name && (group === undefined || resourceGroupName(graph, route) === group);
    if (!mine) continue;
    const prefix = str(route, ['address_prefix']);
    const nextHop = str(route, ['next_hop_type']);
    if (!prefix || !nextHop) return undefined;
    const range = parseCidr(prefix);
    out.push({ holder: route, prefix, ...(range ? { range } : {}), nextHop, path: ['next_hop_type'] });
  }
  return out;
}

function tagBase(tag: string): string {
  return tag.split('.')[0]!.toLowerCase();
}

/**
 * The route public traffic to a service takes: a service-tag route for one of `tags`
 * (`AzureContainerRegistry`, `Storage`) beats `0.0.0.0/0`; no route means the system route to the internet.
 */
export function publicRoute(routes: readonly Route[], tags: readonly string[]): Route | undefined {
  const tagged = routes.find((r) => !r.range && tags.some((t) => tagBase(r.prefix) === t.toLowerCase()));
  if (tagged) return tagged;
  return routes.find((r) => r.range && r.range.start === 0 && r.range.end === 2 ** 32 - 1);
}

/**
 * The user-defined route private traffic to `target` takes, if one beats the system route of the
 * destination VNet (`vnetSpace`: a UDR wins only with a prefix at least as specific).
 */
export function privateRoute(routes: readonly Route[], target: readonly Ipv4Range[], vnetSpace: readonly Ipv4Range[] | undefined): Route | 'unknown' | undefined {
  let best: Route | undefined;
  let bestSize = Infinity;
  for (const r of routes) {
    if (!r.range || !target.every((t) => covers(r.range!, t))) continue;
    const size = r.range.end - r.range.start;
    if (size < bestSize) {
      best = r;
      bestSize = size;
    }
  }
  if (!best) return undefined;
  if (!vnetSpace) return 'unknown';
  const system = vnetSpace.filter((s) => target.every((t) => covers(s, t)));
  const systemSize = Math.min(...system.map((s) => s.end - s.start));
  return bestSize <= systemSize ? best : undefined;
}

/** The Azure Firewall a `VirtualAppliance` route's `next_hop_in_ip_address` names. */
export function routeFirewall(graph: ResourceGraph, route: Route): Resource | 'unknown' {
  const path = route.holder.kind === 'azure.network.route' ? ['next_hop_in_ip_address'] : [...route.path, 'next_hop_in_ip_address'];
  const linked = graph.resolve(route.holder, path, ['azure.network.firewall'])[0]?.resource;
  if (linked) return linked;
  const ip = str(route.holder, path);
  if (!ip) return 'unknown';
  for (const fw of graph.ofKind('azure.network.firewall')) {
    const configs = fw.get(['ip_configuration']);
    if (configs?.known && Array.isArray(configs.value) && configs.value.some((c) => (c as Record<string, unknown>)?.private_ip_address === ip)) return fw;
  }
  return 'unknown';
}

/** Firewalls the default route of each node subnet leads to (for `userDefinedRouting` egress IPs). */
export function defaultRouteFirewalls(graph: ResourceGraph, cluster: Resource): (Resource | 'unknown')[] {
  const out: (Resource | 'unknown')[] = [];
  for (const net of clusterNodeNetworks(graph, cluster)) {
    if (net.at.state !== 'known' || !net.at.subnet) {
      out.push('unknown');
      continue;
    }
    const table = subnetRouteTable(graph, net.at.subnet);
    const routes = table === 'none' || table === 'unknown' ? undefined : routesOf(graph, table);
    const route = routes ? publicRoute(routes, []) : undefined;
    const fw = route && route.nextHop.toLowerCase() === 'virtualappliance' ? routeFirewall(graph, route) : 'unknown';
    if (!out.includes(fw)) out.push(fw);
  }
  return out;
}

/** What must get through the firewall: a host name (application / FQDN rules) or private addresses (network rules). */
export interface Destination {
  /** Host name; a leading `*.` means "some host under this domain" (a storage account the plan does not name). */
  readonly host?: string;
  /** Service tags that contain the destination (`AzureContainerRegistry`, `Storage`). */
  readonly tags: readonly string[];
  /** Private addresses (the private endpoint's subnet). */
  readonly ranges?: readonly Ipv4Range[];
}

/** Whether an FQDN pattern of a firewall rule matches a host. */
export function fqdnMatches(pattern: string, host: string): Tri {
  const p = pattern.trim().toLowerCase();
  const h = host.toLowerCase();
  if (p === '*') return 'yes';
  if (h.startsWith('*.')) {
    const domain = h.slice(2);
    if (p.startsWith('*.')) return domain === p.slice(2) || domain.endsWith(`.${p.slice(2)}`) ? 'yes' : 'no';
    return p.endsWith(`.${domain}`) ? 'unknown' : 'no';
  }
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) ? 'yes' : 'no';
  return p === h ? 'yes' : 'no';
}

function portCovers(port: string, wanted: number): boolean {
  const p = port.trim();
  if (p === '*') return true;
  const m = /^(\d+)(?:-(\d+))?$/.exec(p);
  if (!m) return false;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  return lo <= wanted && wanted <= hi;
}

function addressMatches(address: string, dest: Destination): Tri {
  const a = address.trim();
  if (a === '*') return 'yes';
  if (dest.tags.some((t) => tagBase(a) === t.toLowerCase()) || tagBase(a) === 'azurecloud') return 'yes';
  const range = parseCidr(a);
  if (!range) return 'no';
  if (dest.ranges && dest.ranges.length > 0) {
    if (dest.ranges.every((t) => covers(range, t))) return 'yes';
    return dest.ranges.some((t) => overlaps(range, t)) ? 'unknown' : 'no';
  }
  if (range.start === 0 && range.end === 2 ** 32 - 1) return 'yes';
  return 'no';
}

type Rec = Record<string, unknown>;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const texts = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');

function anyTri(values: Tri[]): Tri {
  return values.includes('yes') ? 'yes' : values.includes('unknown') ? 'unknown' : 'no';
}

/** One rule of a collection, flattened across policy rule collection groups and classic collections. */
interface FwRule {
  readonly kind: 'application' | 'network';
  readonly allow: boolean;
  readonly order: number;
  readonly rule: Rec;
}

function applicationMatches(rule: Rec, dest: Destination): Tri {
  if (!dest.host) return 'no';
  const protocols = list(rule.protocols ?? rule.protocol) as Rec[];
  const https = protocols.length === 0 || protocols.some((p) => String(p?.type).toLowerCase() === 'https' && (p.port === undefined || Number(p.port) === 443));
  if (!https) return 'no';
  const patterns = [...texts(rule.destination_fqdns), ...texts(rule.target_fqdns)];
  return anyTri(patterns.map((p) => fqdnMatches(p, dest.host!)));
}

function networkMatches(rule: Rec, dest: Destination): Tri {
  const protocols = texts(rule.protocols).map((p) => p.toLowerCase());
  if (protocols.length > 0 && !protocols.some((p) => p === 'tcp' || p === 'any')) return 'no';
  if (!texts(rule.destination_ports).some((p) => portCovers(p, 443))) return 'no';
  const byAddress = texts(rule.destination_addresses).map((a) => addressMatches(a, dest));
  const byFqdn = dest.host ? texts(rule.destination_fqdns).map((f) => fqdnMatches(f, dest.host!)) : [];
  const ipGroups = list(rule.destination_ip_groups).length > 0 ? ['unknown' as Tri] : [];
  return anyTri([...byAddress, ...byFqdn, ...ipGroups]);
}

/** Firewall rules as far as the inputs show them; `undefined` when a rule source is unknown or external. */
export function firewallRules(graph: ResourceGraph, firewall: Resource): { rules: FwRule[]; fqdnTags: string[] } | undefined {
  const rules: FwRule[] = [];
  const fqdnTags: string[] = [];
  const collect = (collections: unknown, kind: 'application' | 'network', groupPriority: number): void => {
    for (const c of list(collections) as Rec[]) {
      const allow = String(c?.action ?? 'Allow').toLowerCase() === 'allow';
      const order = groupPriority * 100_000 + Number(c?.priority ?? 0);
      for (const rule of list(c?.rule) as Rec[]) {
        rules.push({ kind, allow, order, rule });
        if (kind === 'application') fqdnTags.push(...texts(rule.destination_fqdn_tags), ...texts(rule.fqdn_tags));
      }
    }
  };
  const policyPath = ['firewall_policy_id'];
  if (firewall.get(policyPath) !== undefined || firewall.links(policyPath).length > 0) {
    const policy = graph.resolve(firewall, policyPath, ['azure.network.firewallpolicy'])[0]?.resource;
    if (!policy) return undefined;
    const policies = [policy];
    const base = graph.resolve(policy, ['base_policy_id'], ['azure.network.firewallpolicy'])[0]?.resource;
    if (base) policies.push(base);
    else if (policy.get(['base_policy_id']) !== undefined) return undefined;
    for (const p of policies) {
      for (const ref of graph.referrers(p)) {
        const group = ref.resource;
        if (group.kind !== 'azure.network.firewallpolicyrulecollectiongroup') continue;
        const pv = group.get(['priority']);
        const priority = pv?.known ? Number(pv.value) : 0;
        for (const kind of ['application', 'network'] as const) {
          const v = group.get([`${kind}_rule_collection`]);
          if (v && !v.known) return undefined;
          collect(v?.value, kind, priority);
        }
      }
    }
  }
  const name = str(firewall, ['name'])?.toLowerCase();
  for (const c of graph.ofKind('azure.network.firewallapplicationrulecollection', 'azure.network.firewallnetworkrulecollection')) {
    const linked = graph.resolve(c, ['azure_firewall_name'], ['azure.network.firewall']);
    const mine = linked.length > 0 ? linked.some((l) => l.resource === firewall) : name !== undefined && str(c, ['azure_firewall_name'])?.toLowerCase() === name;
    if (!mine) continue;
    const whole = c.get([]);
    if (!whole?.known) return undefined;
    const rule = c.get(['rule']);
    if (rule && !rule.known) return undefined;
    collect([{ action: c.attrs.action, priority: c.attrs.priority, rule: rule?.value }], c.kind === 'azure.network.firewallapplicationrulecollection' ? 'application' : 'network', 0);
  }
  return { rules, fqdnTags };
}

/**
 * Whether the firewall lets TCP 443 to the destination through. Network rules are processed before
 * application rules, collections by priority; the first matching rule decides, and nothing matching
 * means deny. Source addresses are not evaluated (rules are assumed to cover the node subnets).
 * https://learn.microsoft.com/azure/firewall/rule-processing
 */
export function firewallAllows(graph: ResourceGraph, firewall: Resource, dest: Destination, networkOnly = false): { result: Tri; fqdnTags: string[] } {
  const found = firewallRules(graph, firewall);
  if (!found) return { result: 'unknown', fqdnTags: [] };
  const ordered = [...found.rules].sort((a, b) => (a.kind === b.kind ? a.order - b.order : a.kind === 'network' ? -1 : 1));
  let undecided = false;
  for (const r of ordered) {
    if (networkOnly && r.kind === 'application') continue;
    const m = r.kind === 'network' ? networkMatches(r.rule, dest) : applicationMatches(r.rule, dest);
    if (m === 'unknown') undecided = true;
    if (m === 'yes') return { result: r.allow ? (undecided ? 'unknown' : 'yes') : undecided ? 'unknown' : 'no', fqdnTags: found.fqdnTags };
  }
  return { result: undecided ? 'unknown' : 'no', fqdnTags: found.fqdnTags };
}


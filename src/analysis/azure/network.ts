import type { ResourceGraph } from '../../graph/graph.js';
import type { AttrPath } from '../../graph/model.js';
import { linkKey, type Resource } from '../../graph/resource.js';
import { str } from '../attributes.js';
import { parseCidr, type Ipv4Range } from '../aws-network/cidr.js';
import { nodePoolsOf, type NodePool } from '../node-pools.js';
import { vnetIdOfSubnetId, type Tri } from './arm-id.js';
import { privateEndpointsOf } from './private-endpoints.js';
import { resourceGroupName } from './rbac.js';

/**
 * Azure virtual-network topology shared by the AKS ↔ ACR network rules: which VNet a subnet (and so
 * an AKS node pool or a private endpoint) lives in, VNet DNS settings, peerings and the registry's
 * public network access.
 */

export { str };

/** Known string elements of a list attribute (`undefined` when the list is unknown). */
export function strings(resource: Resource, path: AttrPath): string[] | undefined {
  const v = resource.get(path);
  if (v === undefined) return [];
  if (!v.known) return undefined;
  const list = Array.isArray(v.value) ? v.value : [v.value];
  return list.filter((x): x is string => typeof x === 'string' && x !== '');
}

/**
 * Whether an attribute the plan marks unknown was simply left unset. Terraform plans an unset
 * Optional+Computed attribute (`dns_servers`, `network_rule_set`) as unknown on create; a configured
 * one is known, or unknown only because it references something computed — and then the plan records
 * that reference. So: unknown, not configured (`Resource.configured`; where the input cannot tell, no
 * reference at or below it), and the resource is being created.
 */
export function unsetOnCreate(resource: Resource, path: AttrPath): boolean {
  const v = resource.get(path);
  if (v === undefined) return true;
  if (v.known) return false;
  if (resource.action !== 'create') return false;
  const configured = resource.configured(path);
  if (configured !== undefined) return !configured;
  const prefix = linkKey(path);
  for (const [key] of resource.linkedAttributes()) if (key === prefix || key.startsWith(`${prefix}.`)) return false;
  return true;
}

/** A virtual network, named by its resource when the inputs have it, else by its ARM id. */
export interface VnetRef {
  /** Lower-cased ARM id when known, else a key of the resource: equal keys are the same VNet. */
  readonly key: string;
  readonly resource?: Resource;
  readonly label: string;
}

export function vnetRef(resource: Resource): VnetRef {
  const id = str(resource, ['id']);
  return { key: id ? id.toLowerCase() : `resource:${resource.key}`, resource, label: resource.address };
}

export function vnetById(graph: ResourceGraph, id: string): VnetRef {
  const found = graph.byIdentifier(id, ['azure.network.vnet'])[0];
  return found ? vnetRef(found) : { key: id.toLowerCase(), label: id };
}

export function sameVnet(a: VnetRef, b: VnetRef): boolean {
  if (a.key === b.key) return true;
  return a.resource !== undefined && a.resource === b.resource;
}

/** A VNet resource found by `virtual_network_name` (reference, or name + resource group). */
function vnetByName(graph: ResourceGraph, holder: Resource, namePath: AttrPath): Resource | undefined {
  const linked = graph.resolve(holder, namePath, ['azure.network.vnet'])[0]?.resource;
  if (linked) return linked;
  const name = str(holder, namePath)?.toLowerCase();
  if (!name) return undefined;
  const group = resourceGroupName(graph, holder);
  return graph.ofKind('azure.network.vnet').find((v) => str(v, ['name'])?.toLowerCase() === name && (group === undefined || resourceGroupName(graph, v) === group));
}

/** The VNet of a subnet resource (from its id, or its `virtual_network_name`). */
export function vnetOfSubnet(graph: ResourceGraph, subnet: Resource): VnetRef | undefined {
  const id = str(subnet, ['id']);
  const byId = id ? vnetIdOfSubnetId(id) : undefined;
  if (byId) return vnetById(graph, byId);
  const vnet = vnetByName(graph, subnet, ['virtual_network_name']);
  return vnet ? vnetRef(vnet) : undefined;
}

/** Where a `…subnet_id` attribute points. */
export type SubnetAt =
  | { readonly state: 'none' }
  | { readonly state: 'unknown' }
  | { readonly state: 'known'; readonly subnet?: Resource; readonly vnet?: VnetRef; readonly subnetId?: string };

export function subnetAt(graph: ResourceGraph, resource: Resource, path: AttrPath): SubnetAt {
  const value = resource.get(path);
  const subnet = graph.resolve(resource, path, ['azure.network.subnet'])[0]?.resource;
  if (subnet) {
    const vnet = vnetOfSubnet(graph, subnet);
    return { state: 'known', subnet, ...(vnet ? { vnet } : {}) };
  }
  if (value === undefined && resource.links(path).length === 0) return { state: 'none' };
  if (value?.known && typeof value.value === 'string') {
    const vnetId = vnetIdOfSubnetId(value.value);
    return { state: 'known', subnetId: value.value, ...(vnetId ? { vnet: vnetById(graph, vnetId) } : {}) };
  }
  return { state: 'unknown' };
}

/** An AKS node pool and the subnet its nodes live in. */
export interface NodeNetwork {
  readonly pool: NodePool;
  /** Path of `vnet_subnet_id` in `pool.resource`. */
  readonly path: AttrPath;
  readonly at: SubnetAt;
}

/**
 * The node subnets of a cluster: `default_node_pool.vnet_subnet_id` and every
 * `azurerm_kubernetes_cluster_node_pool.vnet_subnet_id`. Without one, AKS creates and manages the
 * VNet itself (in the node resource group), which no configuration can link or peer.
 */
export function clusterNodeNetworks(graph: ResourceGraph, cluster: Resource): NodeNetwork[] {
  return nodePoolsOf(graph, cluster).map((pool) => {
    const path = [...pool.path, 'vnet_subnet_id'];
    return { pool, path, at: subnetAt(graph, pool.resource, path) };
  });
}

/** IPv4 prefixes of a subnet (`address_prefixes`, older `address_prefix`). */
export function subnetPrefixes(subnet: Resource): Ipv4Range[] | undefined {
  const list = strings(subnet, ['address_prefixes']);
  if (list === undefined) return undefined;
  const single = str(subnet, ['address_prefix']);
  const all = [...list, ...(single ? [single] : [])].map(parseCidr).filter((r): r is Ipv4Range => r !== undefined);
  return all.length > 0 ? all : undefined;
}

/** IPv4 address space of a VNet. */
export function vnetAddressSpace(vnet: Resource): Ipv4Range[] | undefined {
  const list = strings(vnet, ['address_space']);
  if (list === undefined) return undefined;
  const all = list.map(parseCidr).filter((r): r is Ipv4Range => r !== undefined);
  return all.length > 0 ? all : undefined;
}

/**
 * Whether a VNet resolves names with its own DNS servers instead of Azure DNS (168.63.129.16):
 * `dns_servers` on the VNet or an `azurerm_virtual_network_dns_servers`. Then private DNS zones are
 * resolved wherever those servers forward to (a hub VNet, a DNS Private Resolver), which the plan
 * does not show (catalog trap 20).
 */
export function customDns(graph: ResourceGraph, vnet: VnetRef): Tri {
  if (!vnet.resource) return 'unknown';
  for (const ref of graph.referrers(vnet.resource)) {
    if (ref.resource.kind === 'azure.network.vnetdnsservers') return 'yes';
  }
  for (const holder of graph.ofKind('azure.network.vnetdnsservers')) {
    const id = str(holder, ['virtual_network_id'])?.toLowerCase();
    if (id && id === vnet.key) {
      const list = strings(holder, ['dns_servers']);
      return list === undefined ? 'unknown' : list.length > 0 ? 'yes' : 'no';
    }
  }
  if (unsetOnCreate(vnet.resource, ['dns_servers'])) return 'no';
  const list = strings(vnet.resource, ['dns_servers']);
  if (list === undefined) return 'unknown';
  return list.length > 0 ? 'yes' : 'no';
}

/** Private endpoints to the registry's `registry` sub-resource (or with an unknown sub-resource). */
export function registryEndpoints(graph: ResourceGraph, registry: Resource): Resource[] {
  return privateEndpointsOf(graph, registry).filter((pe) => {
    const names = pe.get(['private_service_connection', 'subresource_names']);
    if (!names?.known || !Array.isArray(names.value)) return true;
    return names.value.some((n) => String(n).toLowerCase() === 'registry');
  });
}

/** How the registry's public endpoint treats traffic from the internet. */
export type PublicAccess =
  | { readonly state: 'open' }
  | { readonly state: 'disabled'; readonly path: AttrPath }
  | { readonly state: 'restricted'; readonly path: AttrPath }
  | { readonly state: 'unknown'; readonly path: AttrPath };

/**
 * `public_network_access_enabled = false` closes the public endpoint; a `network_rule_set` with
 * `default_action = "Deny"` lets only its `ip_rule` ranges in (Premium only). The default is open.
 * https://learn.microsoft.com/azure/container-registry/container-registry-access-selected-networks
 */
export function publicAccess(registry: Resource): PublicAccess {
  const enabled = registry.get(['public_network_access_enabled']);
  if (enabled?.known && enabled.value === false) return { state: 'disabled', path: ['public_network_access_enabled'] };
  if (enabled !== undefined && !enabled.known) return { state: 'unknown', path: ['public_network_access_enabled'] };
  if (unsetOnCreate(registry, ['network_rule_set'])) return { state: 'open' };
  const set = registry.get(['network_rule_set']);
  if (set?.known && Array.isArray(set.value) && set.value.length === 0) return { state: 'open' };
  const action = registry.get(['network_rule_set', 'default_action']);
  if (action === undefined) return { state: 'open' };
  if (!action.known) return { state: 'unknown', path: ['network_rule_set'] };
  return String(action.value).toLowerCase() === 'deny' ? { state: 'restricted', path: ['network_rule_set', 0, 'default_action'] } : { state: 'open' };
}

/** A declared `azurerm_virtual_network_peering`, with both ends resolved where possible. */
export interface Peering {
  readonly resource: Resource;
  readonly local?: VnetRef;
  readonly remote?: VnetRef;
  /** `allow_virtual_network_access` (default true). */
  readonly access: Tri;
  /** Forwarded traffic or gateway transit: a hub design where traffic may reach further VNets. */
  readonly transit: boolean;
}

const peeringCache = new WeakMap<ResourceGraph, readonly Peering[]>();

export function peerings(graph: ResourceGraph): readonly Peering[] {
  const cached = peeringCache.get(graph);
  if (cached) return cached;
  const out = graph.ofKind('azure.network.peering').map((resource): Peering => {
    const local = vnetByName(graph, resource, ['virtual_network_name']);
    const remoteLinked = graph.resolve(resource, ['remote_virtual_network_id'], ['azure.network.vnet'])[0]?.resource;
    const remoteId = str(resource, ['remote_virtual_network_id']);
    const access = resource.get(['allow_virtual_network_access']);
    const flag = (name: string): boolean => {
      const v = resource.get([name]);
      return v?.known === true && v.value === true;
    };
    return {
      resource,
      ...(local ? { local: vnetRef(local) } : {}),
      ...(remoteLinked ? { remote: vnetRef(remoteLinked) } : remoteId ? { remote: vnetById(graph, remoteId) } : {}),
      access: access === undefined ? 'yes' : !access.known ? 'unknown' : access.value === false ? 'no' : 'yes',
      transit: flag('allow_forwarded_traffic') || flag('use_remote_gateways') || flag('allow_gateway_transit'),
    };
  });
  peeringCache.set(graph, out);
  return out;
}

/** The peering declared on `from` towards `to`, if any. */
export function peeringBetween(graph: ResourceGraph, from: VnetRef, to: VnetRef): Peering | undefined {
  return peerings(graph).find((p) => p.local && p.remote && sameVnet(p.local, from) && sameVnet(p.remote, to));
}

/** Peerings declared on a VNet (towards any VNet). */
export function peeringsFrom(graph: ResourceGraph, from: VnetRef): Peering[] {
  return peerings(graph).filter((p) => p.local && sameVnet(p.local, from));
}

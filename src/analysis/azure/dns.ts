import type { ResourceGraph } from '../../graph/graph.js';
import type { Resource } from '../../graph/resource.js';
import { parseArmId, type Tri } from './arm-id.js';
import { customDns, sameVnet, str, strings, vnetById, vnetRef, type VnetRef } from './network.js';
import { resourceGroupName } from './rbac.js';

/**
 * Private DNS for registries behind private endpoints. Kubelet resolves `<registry>.azurecr.io`; the
 * public CNAME chain goes through `<registry>.privatelink.azurecr.io`, which answers the private IP
 * only inside VNets linked to the `privatelink.azurecr.io` zone (`.cn` in Azure China, `.us` in Azure
 * US Government). The registry needs two records there: `<registry>` (REST endpoint) and
 * `<registry>.<region>.data` (data endpoint), plus one data record per geo-replica.
 * https://learn.microsoft.com/azure/container-registry/container-registry-private-link
 * https://learn.microsoft.com/azure/private-link/private-endpoint-dns#containers
 */
export const ACR_PRIVATE_ZONES = ['privatelink.azurecr.io', 'privatelink.azurecr.cn', 'privatelink.azurecr.us'] as const;

export function isAcrPrivateZoneName(name: string): boolean {
  return (ACR_PRIVATE_ZONES as readonly string[]).includes(name.trim().toLowerCase().replace(/\.$/, ''));
}

/** A private DNS zone named by a zone group: the resource when it is in the inputs, its name when known. */
export interface ZoneRef {
  readonly resource?: Resource;
  readonly name?: string;
}

export function zoneName(zone: ZoneRef): string | undefined {
  return zone.resource ? str(zone.resource, ['name'])?.toLowerCase() : zone.name;
}

/** Zones of a private endpoint's `private_dns_zone_group` ('absent' when it has none). */
export function zoneGroupZones(graph: ResourceGraph, endpoint: Resource): ZoneRef[] | 'absent' | 'unknown' {
  const group = endpoint.get(['private_dns_zone_group']);
  if (group === undefined || (group.known && Array.isArray(group.value) && group.value.length === 0)) return 'absent';
  const path = ['private_dns_zone_group', 'private_dns_zone_ids'];
  const resolved = graph.resolve(endpoint, path, ['azure.privatedns.zone']).map((r): ZoneRef => ({ resource: r.resource }));
  if (resolved.length > 0) return resolved;
  const ids = strings(endpoint, path);
  if (ids === undefined || ids.length === 0) return 'unknown';
  // A zone outside the inputs: its ARM id still carries its name.
  return ids.map((id): ZoneRef => {
    const name = parseArmId(id)?.name;
    return name ? { name } : {};
  });
}

/** `azurerm_private_dns_zone_virtual_network_link`s of a zone (by reference, or by zone name + resource group). */
export function zoneLinks(graph: ResourceGraph, zone: Resource): Resource[] {
  const name = str(zone, ['name'])?.toLowerCase();
  const group = resourceGroupName(graph, zone);
  return graph.ofKind('azure.privatedns.vnetlink').filter((link) => {
    if (graph.resolve(link, ['private_dns_zone_name'], ['azure.privatedns.zone']).some((r) => r.resource === zone)) return true;
    if (link.links(['private_dns_zone_name']).length > 0) return false;
    const linkZone = str(link, ['private_dns_zone_name'])?.toLowerCase();
    const linkGroup = resourceGroupName(graph, link);
    return name !== undefined && linkZone === name && (group === undefined || linkGroup === undefined || group === linkGroup);
  });
}

/** The VNet a zone link targets. */
export function linkVnet(graph: ResourceGraph, link: Resource): VnetRef | 'unknown' {
  const target = graph.resolve(link, ['virtual_network_id'], ['azure.network.vnet'])[0]?.resource;
  if (target) return vnetRef(target);
  const id = str(link, ['virtual_network_id']);
  return id ? vnetById(graph, id) : 'unknown';
}

/** Whether some link of the zone targets the VNet. */
export function zoneLinkedTo(graph: ResourceGraph, zone: Resource, vnet: VnetRef): Tri {
  let out: Tri = 'no';
  for (const link of zoneLinks(graph, zone)) {
    const target = linkVnet(graph, link);
    if (target === 'unknown') out = 'unknown';
    else if (sameVnet(target, vnet)) return 'yes';
  }
  return out;
}

/** A-record names in a zone (`azurerm_private_dns_a_record.name`, lower-case); `undefined` entries are unknown. */
export function zoneRecordNames(graph: ResourceGraph, zone: Resource): { names: Set<string>; unknown: Resource[]; records: Resource[] } {
  const name = str(zone, ['name'])?.toLowerCase();
  const group = resourceGroupName(graph, zone);
  const names = new Set<string>();
  const unknown: Resource[] = [];
  const records: Resource[] = [];
  for (const record of graph.ofKind('azure.privatedns.arecord')) {
    const linked = graph.resolve(record, ['zone_name'], ['azure.privatedns.zone']);
    const inZone = linked.length > 0
      ? linked.some((r) => r.resource === zone)
      : name !== undefined && str(record, ['zone_name'])?.toLowerCase() === name && (group === undefined || resourceGroupName(graph, record) === undefined || resourceGroupName(graph, record) === group);
    if (!inZone) continue;
    records.push(record);
    const n = str(record, ['name'])?.toLowerCase();
    if (n) names.add(n);
    else unknown.push(record);
  }
  return { names, unknown, records };
}

/** Normalized Azure location (`West Europe` → `westeurope`). */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

/**
 * Record names a registry needs in its private zone: `<registry>` and `<registry>.<location>.data`
 * for the home region and each geo-replica. `undefined` when the name or a location is unknown.
 */
export function requiredRecordNames(registry: Resource): string[] | undefined {
  const name = str(registry, ['name'])?.toLowerCase();
  const home = str(registry, ['location']);
  if (!name || !home) return undefined;
  const geo = registry.get(['georeplications']);
  const locations = [normalizeLocation(home)];
  if (geo !== undefined) {
    if (!geo.known) return undefined;
    for (const replica of Array.isArray(geo.value) ? geo.value : []) {
      const location = (replica as Record<string, unknown> | null)?.location;
      if (typeof location !== 'string') return undefined;
      const normalized = normalizeLocation(location);
      if (!locations.includes(normalized)) locations.push(normalized);
    }
  }
  return [name, ...locations.map((l) => `${name}.${l}.data`)];
}

/**
 * The private DNS zones in the inputs that hold a registry's records: zones of its endpoints' zone
 * groups, and `privatelink.azurecr.*` zones with an A record named after the registry.
 */
export function registryZones(graph: ResourceGraph, registry: Resource, endpoints: readonly Resource[]): { zones: Resource[]; external: boolean; unknown: boolean } {
  const zones = new Set<Resource>();
  let external = false;
  let unknown = false;
  for (const pe of endpoints) {
    const group = zoneGroupZones(graph, pe);
    if (group === 'unknown') unknown = true;
    else if (group !== 'absent') {
      for (const z of group) {
        if (z.resource) zones.add(z.resource);
        else external = true;
      }
    }
  }
  const name = str(registry, ['name'])?.toLowerCase();
  for (const zone of graph.ofKind('azure.privatedns.zone')) {
    const zn = str(zone, ['name']);
    if (!zn || !isAcrPrivateZoneName(zn) || zones.has(zone)) continue;
    if (name && zoneRecordNames(graph, zone).names.has(name)) zones.add(zone);
  }
  return { zones: [...zones], external, unknown };
}

export { customDns };

import type { ResourceInit } from '../../../src/graph/model.js';
import type { Link } from '../../../src/graph/model.js';
import { res } from '../../helpers/graph.js';
import acrPrivateDnsZoneUnlinked from '../../../src/rules/azure/acr-private-dns-zone-unlinked.js';
import acrPrivateDnsRecordsIncomplete from '../../../src/rules/azure/acr-private-dns-records-incomplete.js';
import acrPublicAccessExcludesCluster from '../../../src/rules/azure/acr-public-access-excludes-cluster.js';
import acrPrivateEndpointVnetNotPeered from '../../../src/rules/azure/acr-private-endpoint-vnet-not-peered.js';
import aksEgressBlocksRegistry from '../../../src/rules/azure/aks-egress-blocks-registry.js';

/** The Azure network rules on the private and public registry paths. */
export const networkRules = [acrPrivateDnsZoneUnlinked, acrPrivateDnsRecordsIncomplete, acrPublicAccessExcludesCluster, acrPrivateEndpointVnetNotPeered, aksEgressBlocksRegistry];

export const none = { findings: [], unverified: [] };

const NET = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network';
export const ids = {
  spoke: `${NET}/virtualNetworks/vnet-aks`,
  hub: `${NET}/virtualNetworks/vnet-hub`,
  nodes: `${NET}/virtualNetworks/vnet-aks/subnets/snet-nodes`,
  endpoints: `${NET}/virtualNetworks/vnet-hub/subnets/snet-endpoints`,
  zone: `${NET}/privateDnsZones/privatelink.azurecr.io`,
  acr: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/shopacr',
  egress: `${NET}/publicIPAddresses/pip-egress`,
  prefix: `${NET}/publicIPPrefixes/ippre-egress`,
  nat: `${NET}/natGateways/nat-aks`,
  firewall: `${NET}/azureFirewalls/fw-hub`,
  policy: `${NET}/firewallPolicies/fwp`,
  table: `${NET}/routeTables/rt-nodes`,
};

/**
 * A hub-spoke topology with every id known (a brownfield plan): private-only Premium registry with a
 * private endpoint in the hub, zone linked to both VNets, peered both ways, AKS nodes in the spoke.
 * Each test overrides or drops pieces.
 */
export function topology(over: Record<string, Partial<Record<string, unknown>> | null> = {}): ResourceInit[] {
  const base: Record<string, [string, Record<string, unknown>]> = {
    spoke: ['azurerm_virtual_network.spoke', { name: 'vnet-aks', resource_group_name: 'rg', id: ids.spoke, address_space: ['10.1.0.0/16'], dns_servers: [] }],
    hub: ['azurerm_virtual_network.hub', { name: 'vnet-hub', resource_group_name: 'rg', id: ids.hub, address_space: ['10.0.0.0/16'], dns_servers: [] }],
    nodes: ['azurerm_subnet.nodes', { name: 'snet-nodes', resource_group_name: 'rg', virtual_network_name: 'vnet-aks', id: ids.nodes, address_prefixes: ['10.1.0.0/22'] }],
    endpoints: ['azurerm_subnet.endpoints', { name: 'snet-endpoints', resource_group_name: 'rg', virtual_network_name: 'vnet-hub', id: ids.endpoints, address_prefixes: ['10.0.1.0/24'] }],
    acr: ['azurerm_container_registry.acr', { name: 'shopacr', resource_group_name: 'rg', location: 'westeurope', id: ids.acr, login_server: 'shopacr.azurecr.io', sku: 'Premium', public_network_access_enabled: false, network_rule_set: [], georeplications: [] }],
    zone: ['azurerm_private_dns_zone.acr', { name: 'privatelink.azurecr.io', resource_group_name: 'rg', id: ids.zone }],
    linkHub: ['azurerm_private_dns_zone_virtual_network_link.hub', { private_dns_zone_name: 'privatelink.azurecr.io', resource_group_name: 'rg', virtual_network_id: ids.hub }],
    linkSpoke: ['azurerm_private_dns_zone_virtual_network_link.spoke', { private_dns_zone_name: 'privatelink.azurecr.io', resource_group_name: 'rg', virtual_network_id: ids.spoke }],
    pe: ['azurerm_private_endpoint.acr', {
      subnet_id: ids.endpoints,
      private_service_connection: [{ private_connection_resource_id: ids.acr, subresource_names: ['registry'], is_manual_connection: false }],
      private_dns_zone_group: [{ private_dns_zone_ids: [ids.zone] }],
    }],
    toHub: ['azurerm_virtual_network_peering.spoke_to_hub', { virtual_network_name: 'vnet-aks', resource_group_name: 'rg', remote_virtual_network_id: ids.hub }],
    toSpoke: ['azurerm_virtual_network_peering.hub_to_spoke', { virtual_network_name: 'vnet-hub', resource_group_name: 'rg', remote_virtual_network_id: ids.spoke }],
    aks: ['azurerm_kubernetes_cluster.aks', { name: 'aks-shop', default_node_pool: [{ name: 'system', vm_size: 'Standard_D4s_v5', vnet_subnet_id: ids.nodes }], identity: [{ type: 'SystemAssigned' }], kubelet_identity: [{ object_id: 'kubelet' }], network_profile: [{ outbound_type: 'loadBalancer' }] }],
  };
  const out: ResourceInit[] = [];
  for (const [key, [address, attrs]] of Object.entries(base)) {
    const o = over[key];
    if (o === null) continue;
    out.push(res(address, { ...attrs, ...(o ?? {}) }));
  }
  for (const [key, o] of Object.entries(over)) {
    if (key in base || o === null) continue;
    const { address, $links, ...attrs } = o as { address: string; $links?: Record<string, Link[]> } & Record<string, unknown>;
    out.push(res(address, attrs, $links ? { links: $links } : {}));
  }
  return out;
}

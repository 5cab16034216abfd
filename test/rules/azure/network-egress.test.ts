import { describe, expect, it } from 'vitest';
import { lintResources, ref, verdicts } from '../../helpers/graph.js';
import { lintPlan } from './helpers.js';
import { ids, networkRules, none, topology } from './network-fixtures.js';

const lint = (over: Parameters<typeof topology>[0]) => verdicts(lintResources(topology(over), networkRules));
const publicOnly = { pe: null, zone: null, linkHub: null, linkSpoke: null, acr: { public_network_access_enabled: true } };
const routeTo = (hop: string, prefix = '0.0.0.0/0', extra: Record<string, unknown> = {}) => ({
  table: { address: 'azurerm_route_table.nodes', name: 'rt-nodes', resource_group_name: 'rg', id: ids.table },
  assoc: { address: 'azurerm_subnet_route_table_association.nodes', subnet_id: ids.nodes, route_table_id: ids.table, $links: { subnet_id: [ref('azurerm_subnet.nodes', 'id')] } },
  route: { address: 'azurerm_route.default', name: 'default', route_table_name: 'rt-nodes', resource_group_name: 'rg', address_prefix: prefix, next_hop_type: hop, ...extra },
});
const firewall = {
  fw: { address: 'azurerm_firewall.hub', name: 'fw-hub', id: ids.firewall, firewall_policy_id: ids.policy, ip_configuration: [{ name: 'ip', private_ip_address: '10.0.0.4' }] },
  policy: { address: 'azurerm_firewall_policy.egress', id: ids.policy },
};
const group = (collections: Record<string, unknown>) => ({ rcg: { address: 'azurerm_firewall_policy_rule_collection_group.aks', priority: 200, firewall_policy_id: ids.policy, application_rule_collection: [], network_rule_collection: [], ...collections, $links: { firewall_policy_id: [ref('azurerm_firewall_policy.egress', 'id')] } } });
const appRule = (rule: Record<string, unknown>) => ({ application_rule_collection: [{ name: 'aks', priority: 100, action: 'Allow', rule: [{ name: 'r', protocols: [{ type: 'Https', port: 443 }], source_addresses: ['10.1.0.0/22'], ...rule }] }] });
const netRule = (rule: Record<string, unknown>) => ({ network_rule_collection: [{ name: 'pe', priority: 100, action: 'Allow', rule: [{ name: 'r', protocols: ['TCP'], source_addresses: ['10.1.0.0/22'], destination_ports: ['443'], ...rule }] }] });

describe('PF-AZ-013 (plans from plan.sh)', () => {
  it('fails an NSG denying outbound 443 to Internet at priority 100', () => {
    expect(lintPlan('net-nsg-deny-internet/plan.json', networkRules)).toEqual({ findings: ['PF-AZ-013 error azurerm_network_security_group.nodes'], unverified: [] });
  });
  it('passes when AzureContainerRegistry and Storage are allowed at a lower priority number', () => {
    expect(lintPlan('net-nsg-allow-acr-first/plan.json', networkRules)).toEqual(none);
  });
  it('is unverified when the default route leads to an appliance outside the plan', () => {
    expect(lintPlan('net-udr-appliance-outside/plan.json', networkRules)).toEqual({ findings: [], unverified: ['PF-AZ-013 azurerm_route_table.nodes'] });
  });
});

describe('PF-AZ-013 inline', () => {
  it('fails a default route to None on the public path', () => {
    expect(lint({ ...publicOnly, ...routeTo('None') })).toEqual({ findings: ['PF-AZ-013 error azurerm_route.default'], unverified: [] });
    expect(lint({ ...publicOnly, ...routeTo('Internet') })).toEqual(none);
  });
  it('fails a firewall with the AzureKubernetesService FQDN tag only, passes with the registry and blob FQDNs', () => {
    const fw = { ...publicOnly, ...routeTo('VirtualAppliance', '0.0.0.0/0', { next_hop_in_ip_address: '10.0.0.4' }), ...firewall };
    const tagOnly = lintResources(topology({ ...fw, ...group(appRule({ destination_fqdn_tags: ['AzureKubernetesService'] })) }), networkRules);
    expect(verdicts(tagOnly)).toEqual({ findings: ['PF-AZ-013 error azurerm_firewall.hub', 'PF-AZ-013 error azurerm_firewall.hub'], unverified: [] });
    expect(tagOnly.findings[0]!.message).toContain('AzureKubernetesService');
    expect(lint({ ...fw, ...group(appRule({ destination_fqdns: ['*.azurecr.io', '*.blob.core.windows.net'] })) })).toEqual(none);
    expect(lint({ ...fw, ...group(appRule({ destination_fqdns: ['shopacr.azurecr.io'] })) }).findings).toEqual(['PF-AZ-013 error azurerm_firewall.hub']);
    expect(lint({ ...fw, ...group(netRule({ destination_addresses: ['AzureContainerRegistry', 'Storage'] })) })).toEqual(none);
  });
  it('reads classic application rule collections', () => {
    const fw = { ...publicOnly, ...routeTo('VirtualAppliance', '0.0.0.0/0', { next_hop_in_ip_address: '10.0.0.4' }), fw: { ...firewall.fw, firewall_policy_id: undefined } };
    const classic = { address: 'azurerm_firewall_application_rule_collection.acr', azure_firewall_name: 'fw-hub', priority: 100, action: 'Allow', rule: [{ name: 'acr', source_addresses: ['*'], target_fqdns: ['shopacr.azurecr.io', '*.blob.core.windows.net'], protocol: [{ port: 443, type: 'Https' }] }] };
    expect(lint({ ...fw, classic })).toEqual(none);
    expect(lint({ ...fw, classic: { ...classic, rule: [{ ...classic.rule[0], target_fqdns: [], fqdn_tags: ['AzureKubernetesService'] }] } }).findings).toEqual(['PF-AZ-013 error azurerm_firewall.hub', 'PF-AZ-013 error azurerm_firewall.hub']);
  });
  it('needs a network rule to the private endpoint addresses when the endpoint prefix goes through the firewall', () => {
    const fw = { ...routeTo('VirtualAppliance', '10.0.1.0/24', { next_hop_in_ip_address: '10.0.0.4' }), ...firewall };
    expect(lint({ ...fw, ...group(appRule({ destination_fqdns: ['shopacr.azurecr.io'] })) })).toEqual({ findings: ['PF-AZ-013 error azurerm_firewall.hub'], unverified: [] });
    expect(lint({ ...fw, ...group(netRule({ destination_addresses: ['10.0.1.0/24'] })) })).toEqual(none);
    // A less specific route than the peered VNet's system route does not take the private traffic.
    expect(lint({ ...routeTo('VirtualAppliance', '10.0.0.0/8', { next_hop_in_ip_address: '10.0.0.4' }), ...firewall, ...group({}) })).toEqual(none);
  });
  it('fails an NSG Deny to the private endpoint subnet and ignores Deny rules for other destinations', () => {
    const nsg = (rule: Record<string, unknown>) => ({
      nsg: { address: 'azurerm_network_security_group.nodes', name: 'nsg', id: `${ids.nodes}-nsg`, security_rule: [{ name: 'deny', priority: 100, direction: 'Outbound', access: 'Deny', protocol: 'Tcp', destination_port_range: '443', source_address_prefix: '*', ...rule }] },
      nsgAssoc: { address: 'azurerm_subnet_network_security_group_association.nodes', subnet_id: ids.nodes, network_security_group_id: `${ids.nodes}-nsg`, $links: { subnet_id: [ref('azurerm_subnet.nodes', 'id')] } },
    });
    expect(lint(nsg({ destination_address_prefix: '10.0.0.0/16' })).findings).toEqual(['PF-AZ-013 error azurerm_network_security_group.nodes']);
    expect(lint(nsg({ destination_address_prefix: 'Internet' }))).toEqual(none);
    expect(lint({ ...publicOnly, ...nsg({ destination_address_prefix: '10.0.0.0/16' }) })).toEqual(none);
  });
});

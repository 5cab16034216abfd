import { describe, expect, it } from 'vitest';
import { lintResources, ref, verdicts } from '../../helpers/graph.js';
import { lintPlan } from './helpers.js';
import { ids, networkRules, none, topology } from './network-fixtures.js';

const lint = (over: Parameters<typeof topology>[0]) => verdicts(lintResources(topology(over), networkRules));
/** No private endpoint: the cluster pulls over the registry's public endpoint. */
const publicOnly = { pe: null, zone: null, linkHub: null, linkSpoke: null };
const deny = (...ranges: string[]) => ({ public_network_access_enabled: true, network_rule_bypass_option: 'AzureServices', network_rule_set: [{ default_action: 'Deny', ip_rule: ranges.map((ip_range) => ({ action: 'Allow', ip_range })) }] });
const lb = (profile: Record<string, unknown>) => ({ network_profile: [{ outbound_type: 'loadBalancer', load_balancer_profile: [profile] }] });
const egressIp = { address: 'azurerm_public_ip.egress', id: ids.egress, ip_address: '20.61.14.77' };

describe('PF-AZ-010 (plans from plan.sh)', () => {
  it('is unverified for AKS-managed outbound IPs', () => {
    expect(lintPlan('net-acr-firewall-managed-ips/plan.json', networkRules)).toEqual({ findings: [], unverified: ['PF-AZ-010 azurerm_kubernetes_cluster.aks'] });
  });
});

describe('PF-AZ-010 inline', () => {
  it('fails disabled public access without a private endpoint', () => {
    expect(lint(publicOnly)).toEqual({ findings: ['PF-AZ-010 error azurerm_container_registry.acr'], unverified: [] });
  });
  it('passes disabled public access with a working private path, and an open registry', () => {
    expect(lint({})).toEqual(none);
    expect(lint({ ...publicOnly, acr: { public_network_access_enabled: true } })).toEqual(none);
  });
  it('fails a Deny firewall without the load balancer outbound IP, even with the AzureServices bypass (S-AZ-11)', () => {
    const result = lintResources(topology({ ...publicOnly, acr: deny('203.0.113.0/24'), aks: lb({ outbound_ip_address_ids: [ids.egress] }), egressIp }), networkRules);
    expect(verdicts(result)).toEqual({ findings: ['PF-AZ-010 error azurerm_container_registry.acr'], unverified: [] });
    expect(result.findings[0]!.message).toContain('20.61.14.77');
  });
  it('passes when an ip_rule covers the outbound IP or the outbound prefix', () => {
    expect(lint({ ...publicOnly, acr: deny('203.0.113.0/24', '20.61.14.0/24'), aks: lb({ outbound_ip_address_ids: [ids.egress] }), egressIp })).toEqual(none);
    const prefix = { address: 'azurerm_public_ip_prefix.egress', id: ids.prefix, ip_prefix: '20.61.14.0/28' };
    expect(lint({ ...publicOnly, acr: deny('20.61.14.0/24'), aks: lb({ outbound_ip_prefix_ids: [ids.prefix] }), prefix })).toEqual(none);
    expect(lint({ ...publicOnly, acr: deny('20.61.14.0/29'), aks: lb({ outbound_ip_prefix_ids: [ids.prefix] }), prefix }).findings).toEqual(['PF-AZ-010 error azurerm_container_registry.acr']);
  });
  it('follows a user-assigned NAT gateway to its public IP', () => {
    const nat = {
      aks: { network_profile: [{ outbound_type: 'userAssignedNATGateway' }] },
      natgw: { address: 'azurerm_nat_gateway.aks', id: ids.nat },
      natIp: { address: 'azurerm_nat_gateway_public_ip_association.aks', nat_gateway_id: ids.nat, public_ip_address_id: ids.egress, $links: { nat_gateway_id: [ref('azurerm_nat_gateway.aks', 'id')] } },
      natSubnet: { address: 'azurerm_subnet_nat_gateway_association.nodes', subnet_id: ids.nodes, nat_gateway_id: ids.nat, $links: { subnet_id: [ref('azurerm_subnet.nodes', 'id')] } },
      egressIp,
    };
    expect(lint({ ...publicOnly, ...nat, acr: deny('203.0.113.0/24') })).toEqual({ findings: ['PF-AZ-010 error azurerm_container_registry.acr'], unverified: [] });
    expect(lint({ ...publicOnly, ...nat, acr: deny('20.61.14.77') })).toEqual(none);
    expect(lint({ ...publicOnly, ...nat, natIp: null, acr: deny('20.61.14.77') })).toEqual({ findings: [], unverified: ['PF-AZ-010 azurerm_kubernetes_cluster.aks'] });
  });
});

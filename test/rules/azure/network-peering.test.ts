import { describe, expect, it } from 'vitest';
import { lintResources, verdicts } from '../../helpers/graph.js';
import { lintPlan } from './helpers.js';
import { ids, networkRules, none, topology } from './network-fixtures.js';

const lint = (over: Parameters<typeof topology>[0]) => verdicts(lintResources(topology(over), networkRules));

describe('PF-AZ-012 (plans from plan.sh)', () => {
  it('fails a peering declared in one direction only', () => {
    expect(lintPlan('net-peering-one-way/plan.json', networkRules)).toEqual({
      findings: ['PF-AZ-010 error azurerm_container_registry.acr', 'PF-AZ-012 error azurerm_private_endpoint.acr'],
      unverified: [],
    });
  });
  it('is unverified when the node VNet reaches the endpoint VNet through a forwarding hub', () => {
    expect(lintPlan('net-peering-hub-transit/plan.json', networkRules)).toEqual({
      findings: [],
      unverified: ['PF-AZ-010 azurerm_container_registry.acr', 'PF-AZ-012 azurerm_private_endpoint.acr'],
    });
  });
});

describe('PF-AZ-012 inline', () => {
  it('passes both directions and a private endpoint in the node VNet', () => {
    expect(lint({})).toEqual(none);
    expect(lint({ toHub: null, toSpoke: null, pe: { subnet_id: ids.nodes } })).toEqual(none);
  });
  it('fails without peering and with allow_virtual_network_access = false', () => {
    expect(lint({ toHub: null, toSpoke: null }).findings).toEqual(['PF-AZ-010 error azurerm_container_registry.acr', 'PF-AZ-012 error azurerm_private_endpoint.acr']);
    expect(lint({ toSpoke: { allow_virtual_network_access: false } }).findings).toEqual(['PF-AZ-010 error azurerm_container_registry.acr', 'PF-AZ-012 error azurerm_virtual_network_peering.hub_to_spoke']);
  });
  it('is unverified when the endpoint VNet is not managed in the inputs (its peering may live elsewhere)', () => {
    expect(lint({ hub: null, endpoints: null, linkHub: null, toSpoke: null })).toEqual({
      findings: [],
      unverified: ['PF-AZ-010 azurerm_container_registry.acr', 'PF-AZ-012 azurerm_private_endpoint.acr'],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { lintResources, verdicts } from '../../helpers/graph.js';
import { lintPlan } from './helpers.js';
import { ids, networkRules, none, topology } from './network-fixtures.js';

const lint = (over: Parameters<typeof topology>[0]) => verdicts(lintResources(topology(over), networkRules));

describe('PF-AZ-008 privatelink.azurecr.io zone linked to every node VNet (plans from plan.sh)', () => {
  it('fails a zone linked to the hub only, with public access disabled (S-AZ-08)', () => {
    expect(lintPlan('net-zone-hub-only/plan.json', networkRules)).toEqual({
      findings: ['PF-AZ-008 error azurerm_private_dns_zone.acr', 'PF-AZ-010 error azurerm_container_registry.acr'],
      unverified: [],
    });
  });
  it('is unverified when the node VNet uses custom DNS servers (catalog trap 20)', () => {
    expect(lintPlan('net-zone-custom-dns/plan.json', networkRules)).toEqual({
      findings: [],
      unverified: ['PF-AZ-008 azurerm_private_dns_zone.acr', 'PF-AZ-010 azurerm_container_registry.acr'],
    });
  });
  it('warns on a cluster without vnet_subnet_id (AKS-managed VNet)', () => {
    expect(lintPlan('net-zone-managed-vnet/plan.json', networkRules)).toEqual({
      findings: ['PF-AZ-008 warning azurerm_kubernetes_cluster.aks', 'PF-AZ-010 error azurerm_container_registry.acr'],
      unverified: [],
    });
  });
  it('is a note when public access stays open (pulls silently go public, catalog trap 21)', () => {
    expect(lintPlan('net-zone-public-open/plan.json', networkRules)).toEqual({ findings: ['PF-AZ-008 note azurerm_private_dns_zone.acr'], unverified: [] });
  });
});

describe('PF-AZ-008 inline', () => {
  it('passes when both VNets are linked, fails when the spoke link is missing', () => {
    expect(lint({})).toEqual(none);
    expect(lint({ linkSpoke: null }).findings).toEqual(['PF-AZ-008 error azurerm_private_dns_zone.acr', 'PF-AZ-010 error azurerm_container_registry.acr']);
  });
  it('accepts the sovereign-cloud zone names and a link matched by zone name', () => {
    const cn = { zone: { name: 'privatelink.azurecr.cn' }, linkHub: { private_dns_zone_name: 'privatelink.azurecr.cn' }, linkSpoke: { private_dns_zone_name: 'privatelink.azurecr.cn' } };
    expect(lint(cn)).toEqual(none);
    expect(lint({ ...cn, linkSpoke: null }).findings).toEqual(['PF-AZ-008 error azurerm_private_dns_zone.acr', 'PF-AZ-010 error azurerm_container_registry.acr']);
  });
  it('does not count a link of a same-named zone in another resource group', () => {
    expect(lint({ linkSpoke: { resource_group_name: 'rg-other' } }).findings).toEqual(['PF-AZ-008 error azurerm_private_dns_zone.acr', 'PF-AZ-010 error azurerm_container_registry.acr']);
  });
  it('is unverified when the zone group names a zone outside the inputs', () => {
    expect(lint({ zone: null, linkHub: null, linkSpoke: null })).toEqual({ findings: [], unverified: ['PF-AZ-008 azurerm_private_endpoint.acr', 'PF-AZ-010 azurerm_container_registry.acr'] });
  });
});

describe('PF-AZ-009 private endpoint DNS records (plans from plan.sh)', () => {
  it('fails manual records without the data endpoint record (S-AZ-09)', () => {
    expect(lintPlan('net-records-login-only/plan.json', networkRules)).toEqual({
      findings: ['PF-AZ-009 error azurerm_private_endpoint.acr', 'PF-AZ-010 error azurerm_container_registry.acr'],
      unverified: [],
    });
  });
  it('passes manual records for the registry and its data endpoint', () => {
    expect(lintPlan('net-records-complete/plan.json', networkRules)).toEqual(none);
  });
  it('warns when there is neither a zone group nor any record (Azure Policy may add the zone group)', () => {
    expect(lintPlan('net-records-none/plan.json', networkRules)).toEqual({
      findings: ['PF-AZ-009 warning azurerm_private_endpoint.acr', 'PF-AZ-010 error azurerm_container_registry.acr'],
      unverified: [],
    });
  });
});

describe('PF-AZ-009 inline', () => {
  const record = (name: string, key: string) => ({ address: `azurerm_private_dns_a_record.${key}`, name, zone_name: 'privatelink.azurecr.io', resource_group_name: 'rg', records: ['10.0.1.4'] });
  const manual = { pe: { private_dns_zone_group: [] }, login: record('shopacr', 'login'), data: record('shopacr.westeurope.data', 'data') };
  it('needs one data record per geo-replica', () => {
    expect(lint(manual)).toEqual(none);
    const geo = { ...manual, acr: { georeplications: [{ location: 'North Europe' }] } };
    const result = lintResources(topology(geo), networkRules);
    expect(verdicts(result).findings).toEqual(['PF-AZ-009 error azurerm_private_endpoint.acr', 'PF-AZ-010 error azurerm_container_registry.acr']);
    expect(result.findings[0]!.message).toContain('`shopacr.northeurope.data`');
    expect(lint({ ...geo, replica: record('shopacr.northeurope.data', 'replica') })).toEqual(none);
  });
  it('fails a zone group aimed at a zone that is not privatelink.azurecr.*', () => {
    const blob = `${ids.zone.replace('privatelink.azurecr.io', 'privatelink.blob.core.windows.net')}`;
    expect(lint({ pe: { private_dns_zone_group: [{ private_dns_zone_ids: [blob] }] } }).findings).toContain('PF-AZ-009 error azurerm_private_endpoint.acr');
  });
});

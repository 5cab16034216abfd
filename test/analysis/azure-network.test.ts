import { describe, expect, it } from 'vitest';
import { graphOf, res } from '../helpers/graph.js';
import { parseCidr } from '../../src/analysis/aws-network/cidr.js';
import { isAcrPrivateZoneName, requiredRecordNames } from '../../src/analysis/azure/dns.js';
import { fqdnMatches } from '../../src/analysis/azure/firewall.js';
import { publicAccess, unsetOnCreate } from '../../src/analysis/azure/network.js';
import { nsgVerdict, type NsgRule } from '../../src/analysis/azure/nsg.js';

const one = (address: string, attrs: Record<string, unknown>, unknown?: unknown) => graphOf([res(address, attrs, unknown ? { unknown } : {})]).all()[0]!;

describe('Azure network analysis', () => {
  it('matches firewall FQDN patterns, with unknown storage accounts', () => {
    expect(fqdnMatches('*.azurecr.io', 'shopacr.azurecr.io')).toBe('yes');
    expect(fqdnMatches('shopacr.azurecr.io', 'other.azurecr.io')).toBe('no');
    expect(fqdnMatches('*.blob.core.windows.net', '*.blob.core.windows.net')).toBe('yes');
    expect(fqdnMatches('acct.blob.core.windows.net', '*.blob.core.windows.net')).toBe('unknown');
    expect(fqdnMatches('*', 'anything.example')).toBe('yes');
  });
  it('knows the private zone names, sovereign clouds included', () => {
    expect(['privatelink.azurecr.io', 'PRIVATELINK.AZURECR.CN', 'privatelink.azurecr.us.'].map(isAcrPrivateZoneName)).toEqual([true, true, true]);
    expect(isAcrPrivateZoneName('privatelink.blob.core.windows.net')).toBe(false);
  });
  it('lists the records a registry needs, one data record per region', () => {
    expect(requiredRecordNames(one('azurerm_container_registry.r', { name: 'ShopAcr', location: 'West Europe', georeplications: [{ location: 'northeurope' }] })))
      .toEqual(['shopacr', 'shopacr.westeurope.data', 'shopacr.northeurope.data']);
    expect(requiredRecordNames(one('azurerm_container_registry.r', { location: 'westeurope' }, { name: true }))).toBeUndefined();
  });
  it('treats an unknown Optional+Computed block without references as unset on create', () => {
    const r = one('azurerm_container_registry.r', { name: 'r' }, { network_rule_set: true });
    expect(unsetOnCreate(r, ['network_rule_set'])).toBe(true);
    expect(publicAccess(r)).toEqual({ state: 'open' });
    expect(publicAccess(one('azurerm_container_registry.r', { public_network_access_enabled: false })).state).toBe('disabled');
    expect(publicAccess(one('azurerm_container_registry.r', { network_rule_set: [{ default_action: 'Deny', ip_rule: [] }] })).state).toBe('restricted');
  });
  it('evaluates NSG outbound rules by priority, defaulting to allow', () => {
    const holder = one('azurerm_network_security_group.n', {});
    const rule = (name: string, priority: number, access: string, destination: string): NsgRule => ({ holder, path: [], rule: { name, priority, access, direction: 'Outbound', protocol: 'Tcp', destination_port_range: '443', destination_address_prefix: destination } });
    const target = { public: true, tags: ['AzureContainerRegistry'] };
    const nodes = [parseCidr('10.1.0.0/22')!];
    expect(nsgVerdict([rule('deny', 200, 'Deny', 'Internet'), rule('acr', 100, 'Allow', 'AzureContainerRegistry.WestEurope')], target, nodes).result).toBe('yes');
    expect(nsgVerdict([rule('deny', 100, 'Deny', 'Internet'), rule('acr', 200, 'Allow', 'AzureContainerRegistry')], target, nodes).result).toBe('no');
    expect(nsgVerdict([rule('deny', 100, 'Deny', '10.0.0.0/8')], target, nodes).result).toBe('yes');
    expect(nsgVerdict([rule('deny', 100, 'Deny', '20.0.0.0/8')], target, nodes).result).toBe('unknown');
    expect(nsgVerdict([], target, nodes).result).toBe('yes');
  });
});

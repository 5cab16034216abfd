import { describe, expect, it } from 'vitest';
import { lintResources, ref, res, verdicts } from '../../helpers/graph.js';
import acrSkuLacksNetworkFeatures from '../../../src/rules/azure/acr-sku-lacks-network-features.js';
import acrPrivateEndpointUnusable from '../../../src/rules/azure/acr-private-endpoint-unusable.js';
import { lintPlan } from './helpers.js';

const rules = [acrSkuLacksNetworkFeatures, acrPrivateEndpointUnusable];
const registry = (sku: string, extra: Record<string, unknown> = {}) => res('azurerm_container_registry.acr', { name: 'shopacr', sku, ...extra }, { unknown: { id: true } });
const endpoint = (connection: Record<string, unknown>) => res('azurerm_private_endpoint.acr', { private_service_connection: [{ is_manual_connection: false, subresource_names: ['registry'], ...connection }] }, {
  unknown: { private_service_connection: [{ private_connection_resource_id: true }] },
  links: { 'private_service_connection.private_connection_resource_id': [ref('azurerm_container_registry.acr', 'id')] },
});

describe('PF-AZ-011', () => {
  it('fails a private endpoint on a Standard registry and anonymous pull on Basic', () => {
    expect(verdicts(lintResources([registry('Standard'), endpoint({})], rules)).findings).toEqual(['PF-AZ-011 error azurerm_container_registry.acr']);
    expect(verdicts(lintResources([registry('Basic', { anonymous_pull_enabled: true })], rules)).findings).toEqual(['PF-AZ-011 error azurerm_container_registry.acr']);
  });
  it('passes Premium, and skips an unknown SKU', () => {
    expect(verdicts(lintResources([registry('Premium', { data_endpoint_enabled: true }), endpoint({})], rules))).toEqual({ findings: [], unverified: [] });
    const unknownSku = res('azurerm_container_registry.acr', { name: 'shopacr' }, { unknown: { sku: true } });
    expect(verdicts(lintResources([unknownSku, endpoint({})], rules))).toEqual({ findings: [], unverified: [] });
  });
});

describe('PF-AZ-014', () => {
  it('fails a wrong sub-resource and warns on a manual connection', () => {
    expect(verdicts(lintResources([registry('Premium'), endpoint({ subresource_names: ['blob'] })], rules)).findings).toEqual(['PF-AZ-014 error azurerm_private_endpoint.acr']);
    expect(verdicts(lintResources([registry('Premium'), endpoint({ is_manual_connection: true })], rules)).findings).toEqual(['PF-AZ-014 warning azurerm_private_endpoint.acr']);
  });
  it('ignores private endpoints to other services (real plan azure-private-dns-group targets PostgreSQL)', () => {
    expect(lintPlan('real/azure-private-dns-group.json', rules)).toEqual({ findings: [], unverified: [] });
  });
});

import { privateEndpointsOf } from '../../analysis/azure/private-endpoints.js';
import { ACR_PRIVATE_LINK, PULL_403, PULL_TIMEOUT } from '../../analysis/azure/messages.js';
import { defineRule } from '../define-rule.js';

/**
 * Private endpoints, network rules (`network_rule_set`), dedicated data endpoints and geo-replication
 * exist only on the Premium SKU; anonymous pull needs Standard or Premium. On a lower SKU the
 * deployment fails or the feature is absent, leaving no private path (403 / i/o timeout).
 * https://learn.microsoft.com/azure/container-registry/container-registry-skus
 */
export default defineRule({
  meta: {
    id: 'PF-AZ-011',
    name: 'acr-sku-lacks-network-features',
    title: 'Registry SKU does not support the configured networking',
    severity: 'error',
    category: 'network',
    providers: ['azure'],
    messages: {
      premiumOnly: 'Registry `{{registry}}` uses {{feature}}, which requires the Premium SKU, but its SKU is `{{sku}}`; the private or restricted path is not created, so pulls fail with "' + PULL_403 + '" or "' + PULL_TIMEOUT + '".',
      anonymousBasic: 'Registry `{{registry}}` enables anonymous pull on the Basic SKU, which does not support it; anonymous pulls are refused.',
    },
    remediation: 'Set `sku = "Premium"` on the `azurerm_container_registry` (Pulumi azure-native `sku: { name: "Premium" }`), or remove the Premium-only settings; anonymous pull needs at least `sku = "Standard"`.',
    pullError: PULL_403,
    references: ['https://learn.microsoft.com/azure/container-registry/container-registry-skus', ACR_PRIVATE_LINK],
  },
  check({ graph, report }) {
    for (const registry of graph.ofKind('azure.acr.registry')) {
      if (registry.mode === 'data') continue;
      const sku = registry.get(['sku']);
      if (!sku?.known || typeof sku.value !== 'string') continue;
      const features: string[] = [];
      if (sku.value !== 'Premium') {
        if (privateEndpointsOf(graph, registry).length > 0) features.push('a private endpoint');
        const rules = registry.get(['network_rule_set']);
        if (rules?.known && Array.isArray(rules.value) && rules.value.length > 0) features.push('`network_rule_set`');
        const dataEndpoint = registry.get(['data_endpoint_enabled']);
        if (dataEndpoint?.known && dataEndpoint.value === true) features.push('dedicated data endpoints');
        const geo = registry.get(['georeplications']);
        if (geo?.known && Array.isArray(geo.value) && geo.value.length > 0) features.push('geo-replication');
      }
      if (features.length > 0) {
        report({ resource: registry, path: ['sku'], messageId: 'premiumOnly', data: { registry: registry.address, feature: features.join(', '), sku: sku.value } });
      }
      const anonymous = registry.get(['anonymous_pull_enabled']);
      if (sku.value === 'Basic' && anonymous?.known && anonymous.value === true) {
        report({ resource: registry, path: ['anonymous_pull_enabled'], messageId: 'anonymousBasic', data: { registry: registry.address } });
      }
    }
  },
});

import { ACR_PRIVATE_LINK, PULL_403, PULL_TIMEOUT } from '../../analysis/azure/messages.js';
import { defineRule } from '../define-rule.js';

/**
 * A private endpoint to a registry must target the `registry` sub-resource (group id); a manual
 * connection stays Pending until the registry owner approves it, and no traffic flows until then.
 * https://learn.microsoft.com/azure/container-registry/container-registry-private-link
 */
export default defineRule({
  meta: {
    id: 'PF-AZ-014',
    name: 'acr-private-endpoint-unusable',
    title: 'Private endpoint connection unusable',
    severity: 'error',
    category: 'network',
    providers: ['azure'],
    messages: {
      subresource: 'Private endpoint `{{endpoint}}` connects to registry `{{registry}}` with sub-resource {{subresources}} instead of `registry`; no registry endpoint is reachable through it, so pulls fail with "' + PULL_403 + '" or "' + PULL_TIMEOUT + '".',
      manual: 'Private endpoint `{{endpoint}}` to registry `{{registry}}` is a manual connection; it stays Pending until approved on the registry, and pulls through it fail until then ("' + PULL_TIMEOUT + '").',
    },
    remediation: 'Set `private_service_connection { subresource_names = ["registry"], is_manual_connection = false }` on the `azurerm_private_endpoint` (Pulumi azure-native: `privateLinkServiceConnections` with `groupIds: ["registry"]`), or approve the connection on the registry.',
    pullError: PULL_TIMEOUT,
    references: [ACR_PRIVATE_LINK],
  },
  check({ graph, report }) {
    for (const endpoint of graph.ofKind('azure.network.privateendpoint')) {
      const target = graph.resolve(endpoint, ['private_service_connection', 'private_connection_resource_id'], ['azure.acr.registry'])[0]?.resource;
      if (!target) continue;
      const data = { endpoint: endpoint.address, registry: target.address };
      const names = endpoint.get(['private_service_connection', 'subresource_names']);
      if (names?.known && Array.isArray(names.value) && !(names.value.length === 1 && String(names.value[0]).toLowerCase() === 'registry')) {
        report({ resource: endpoint, path: ['private_service_connection', 'subresource_names'], messageId: 'subresource', data: { ...data, subresources: names.value.map((n) => `\`${String(n)}\``).join(', ') || '(none)' }, related: [{ resource: target, note: 'registry' }] });
      }
      const manual = endpoint.get(['private_service_connection', 'is_manual_connection']);
      if (manual?.known && manual.value === true) {
        report({ resource: endpoint, path: ['private_service_connection', 'is_manual_connection'], messageId: 'manual', severity: 'warning', data, related: [{ resource: target, note: 'registry' }] });
      }
    }
  },
});

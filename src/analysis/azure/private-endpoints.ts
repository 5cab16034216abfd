import type { ResourceGraph } from '../../graph/graph.js';
import type { Resource } from '../../graph/resource.js';

/**
 * Private endpoints whose `private_service_connection` targets a registry (by ARM id or by
 * reference to its `id`).
 */
export function privateEndpointsOf(graph: ResourceGraph, registry: Resource): Resource[] {
  return graph.ofKind('azure.network.privateendpoint').filter((pe) =>
    graph.resolve(pe, ['private_service_connection', 'private_connection_resource_id'], ['azure.acr.registry']).some((r) => r.resource === registry));
}

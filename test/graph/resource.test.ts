import { describe, expect, it } from 'vitest';
import { graphOf, ref, res } from '../helpers/graph.js';

describe('Resource.get', () => {
  const graph = graphOf([
    res('azurerm_kubernetes_cluster.aks', {
      name: 'aks', kubelet_identity: [{ client_id: 'c' }], identity: [{ type: 'SystemAssigned' }],
    }, { unknown: { kubelet_identity: [{ object_id: true }], identity: [{ principal_id: true }] } }),
    res('azurerm_role_assignment.pull', { role_definition_name: 'AcrPull' }, {
      unknown: { principal_id: true },
      links: { principal_id: [ref('azurerm_kubernetes_cluster.aks', 'kubelet_identity', 0, 'object_id')] },
    }),
  ]);
  const aks = graph.ofKind('azure.aks.cluster')[0]!;
  const assignment = graph.ofKind('azure.authorization.roleassignment')[0]!;

  it('steps into one-element block lists and keeps the real path in the location', () => {
    expect(aks.get(['kubelet_identity', 'client_id'])).toEqual({
      known: true, value: 'c', loc: { file: 'test.json', pointer: '/test/azurerm_kubernetes_cluster.aks/kubelet_identity/0/client_id' },
    });
  });

  it('returns Unknown for values computed at apply, never undefined', () => {
    expect(aks.get(['kubelet_identity', 'object_id'])).toMatchObject({ known: false, why: 'computed' });
    expect(assignment.get(['principal_id'])).toMatchObject({ known: false, why: 'computed' });
  });

  it('returns undefined for absent attributes', () => {
    expect(aks.get(['service_principal', 'client_id'])).toBeUndefined();
  });

  it('resolves unknown attributes through links and indexes referrers', () => {
    const [target] = graph.resolve(assignment, ['principal_id']);
    expect(target?.resource.address).toBe('azurerm_kubernetes_cluster.aks');
    expect(target?.attribute).toEqual(['kubelet_identity', 0, 'object_id']);
    expect(graph.referrers(aks).map((r) => r.resource.address)).toEqual(['azurerm_role_assignment.pull']);
  });
});

describe('ResourceGraph.resolve by value', () => {
  it('joins through identifiers, case-insensitively for Azure ids', () => {
    const graph = graphOf([
      res('azurerm_container_registry.acr', { id: '/subscriptions/S/resourceGroups/RG/providers/Microsoft.ContainerRegistry/registries/acr' }),
      res('azurerm_role_assignment.pull', { scope: '/subscriptions/s/resourcegroups/rg/providers/Microsoft.ContainerRegistry/registries/ACR' }),
    ]);
    const assignment = graph.ofKind('azure.authorization.roleassignment')[0]!;
    expect(graph.resolve(assignment, ['scope']).map((r) => [r.resource.address, r.via])).toEqual([
      ['azurerm_container_registry.acr', 'value'],
    ]);
  });
});

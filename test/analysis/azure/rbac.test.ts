import { describe, expect, it } from 'vitest';
import { parseArmId, roleDefinitionGuid, scopeContains, vnetIdOfSubnetId } from '../../../src/analysis/azure/arm-id.js';
import { actionMatches, builtInRoleByGuid, builtInRoleByName, grantsPull, grantsPullInMode } from '../../../src/analysis/azure/roles.js';
import { conditionAllowsRepositories } from '../../../src/analysis/azure/rbac.js';
import { samePrincipal, trace } from '../../../src/analysis/azure/principals.js';
import { graphOf, ref, res } from '../../helpers/graph.js';

const acr = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-shop/providers/Microsoft.ContainerRegistry/registries/shopacr';

describe('ARM scopes', () => {
  it('contains a registry at registry, resource group, subscription and management group scope, case-insensitively', () => {
    expect(scopeContains(acr.toUpperCase(), acr)).toBe('yes');
    expect(scopeContains('/subscriptions/11111111-1111-1111-1111-111111111111/resourcegroups/RG-SHOP', acr)).toBe('yes');
    expect(scopeContains('/subscriptions/11111111-1111-1111-1111-111111111111/', acr)).toBe('yes');
    expect(scopeContains('/providers/Microsoft.Management/managementGroups/platform', acr)).toBe('yes');
  });
  it('does not contain across sibling names or other groups', () => {
    expect(scopeContains('/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-sho', acr)).toBe('no');
    expect(scopeContains('/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-other', acr)).toBe('no');
    expect(scopeContains(`${acr}2`, acr)).toBe('no');
    expect(scopeContains('not-an-id', acr)).toBe('unknown');
  });
  it('parses ids, subnet ids and role definition ids', () => {
    expect(parseArmId(acr)).toMatchObject({ kind: 'resource', resourceGroup: 'rg-shop', type: 'microsoft.containerregistry/registries', name: 'shopacr' });
    expect(vnetIdOfSubnetId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/spoke/subnets/aks'))
      .toBe('/subscriptions/s/resourcegroups/rg/providers/microsoft.network/virtualnetworks/spoke');
    expect(roleDefinitionGuid('/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/7F951DDA-4ED3-4680-A7CA-43FE172D538D')).toBe('7f951dda-4ed3-4680-a7ca-43fe172d538d');
    expect(roleDefinitionGuid('7f951dda-4ed3-4680-a7ca-43fe172d538d')).toBe('7f951dda-4ed3-4680-a7ca-43fe172d538d');
  });
});

describe('roles', () => {
  const role = (name: string) => [builtInRoleByName(name)!];
  it('legacy mode: AcrPull, AcrPush, Owner, Contributor, Reader and the importer role pull; AcrDelete does not', () => {
    for (const name of ['AcrPull', 'acrpush', 'Owner', 'Contributor', 'Reader', 'Container Registry Data Importer and Data Reader']) {
      expect(grantsPull(role(name), 'legacy')).toBe(true);
    }
    expect(grantsPull(role('AcrDelete'), 'legacy')).toBe(false);
    expect(grantsPull(role('Container Registry Repository Reader'), 'legacy')).toBe(false);
  });
  it('ABAC mode: only repository roles and the importer role pull', () => {
    for (const name of ['Container Registry Repository Reader', 'Container Registry Repository Writer', 'Container Registry Repository Contributor', 'Container Registry Data Importer and Data Reader']) {
      expect(grantsPull(role(name), 'abac')).toBe(true);
    }
    for (const name of ['AcrPull', 'AcrPush', 'Owner', 'Contributor', 'Reader']) expect(grantsPull(role(name), 'abac')).toBe(false);
  });
  it('decides an unknown mode only when both modes agree', () => {
    expect(grantsPullInMode(role('Container Registry Data Importer and Data Reader'), 'unknown')).toBe('yes');
    expect(grantsPullInMode(role('AcrPull'), 'unknown')).toBe('unknown');
    expect(grantsPullInMode(role('AcrDelete'), 'unknown')).toBe('no');
  });
  it('knows built-in roles by GUID', () => {
    expect(builtInRoleByGuid('8311E382-0749-4CB8-B61A-304F252E45EC')?.name).toBe('AcrPush');
    expect(builtInRoleByGuid('f1a07417-d97a-45cb-824c-7a7467783830')?.name).toBe('Managed Identity Operator');
  });
  it('matches custom role actions with wildcards and not_actions', () => {
    expect(actionMatches('Microsoft.ContainerRegistry/*/read', 'Microsoft.ContainerRegistry/registries/pull/read')).toBe(true);
    expect(actionMatches('microsoft.containerregistry/registries/pull/*', 'Microsoft.ContainerRegistry/registries/pull/read')).toBe(true);
    expect(actionMatches('Microsoft.ContainerRegistry/registries/push/*', 'Microsoft.ContainerRegistry/registries/pull/read')).toBe(false);
    const custom = [{ actions: ['Microsoft.ContainerRegistry/*'], notActions: ['Microsoft.ContainerRegistry/registries/pull/read'], dataActions: [], notDataActions: [] }];
    expect(grantsPull(custom, 'legacy')).toBe(false);
  });
  it('evaluates simple ABAC repository conditions', () => {
    const c = "@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringEquals 'shop/web'";
    expect(conditionAllowsRepositories(c, ['shop/web'])).toBe('yes');
    expect(conditionAllowsRepositories(c, ['shop/api'])).toBe('no');
    expect(conditionAllowsRepositories(c, undefined)).toBe('unknown');
    expect(conditionAllowsRepositories('@Resource[x] StringEquals 1', ['a'])).toBe('unknown');
  });
});

describe('samePrincipal', () => {
  const cluster = res('azurerm_kubernetes_cluster.aks', { name: 'aks' }, { unknown: { kubelet_identity: [{ object_id: true }] } });

  it('is undecided for a reference that names the cluster but not which of its identities', () => {
    const graph = graphOf([
      cluster,
      res('azurerm_role_assignment.pull', { role_definition_name: 'AcrPull' }, {
        unknown: { principal_id: true },
        links: { principal_id: [ref('azurerm_kubernetes_cluster.aks')] },
      }),
    ]);
    const aks = graph.ofKind('azure.aks.cluster')[0]!;
    const assignment = graph.ofKind('azure.authorization.roleassignment')[0]!;
    const kubelet = trace(graph, aks, ['kubelet_identity', 'object_id']);
    expect(samePrincipal(trace(graph, assignment, ['principal_id']), { ...kubelet, blind: false })).toBe('unknown');
  });

  it('is decided when the reference names the kubelet object id', () => {
    const graph = graphOf([
      cluster,
      res('azurerm_role_assignment.pull', { role_definition_name: 'AcrPull' }, {
        unknown: { principal_id: true },
        links: { principal_id: [ref('azurerm_kubernetes_cluster.aks', 'kubelet_identity', 0, 'object_id')] },
      }),
    ]);
    const aks = graph.ofKind('azure.aks.cluster')[0]!;
    const assignment = graph.ofKind('azure.authorization.roleassignment')[0]!;
    const kubelet = trace(graph, aks, ['kubelet_identity', 'object_id']);
    expect(samePrincipal(trace(graph, assignment, ['principal_id']), { ...kubelet, blind: false })).toBe('yes');
  });
});

import { describe, expect, it } from 'vitest';
import { lintResources, ref, res, verdicts } from '../../helpers/graph.js';
import { azureRules, lintPlan } from './helpers.js';

const none = { findings: [], unverified: [] };

describe('PF-AZ-001/002/003 on plans generated with plan.sh', () => {
  it('passes AcrPull on the registry for kubelet_identity[0].object_id', () => {
    expect(lintPlan('kubelet-acrpull/plan.json')).toEqual(none);
  });
  it('passes AcrPull by role definition id at the resource-group scope', () => {
    expect(lintPlan('rg-scope-by-guid/plan.json')).toEqual(none);
  });
  it('fails a cluster and a registry without any assignment (warning: no workload names the registry)', () => {
    expect(lintPlan('no-assignment/plan.json')).toEqual({ findings: ['PF-AZ-001 warning azurerm_kubernetes_cluster.aks'], unverified: [] });
  });
  it('fails AcrPull on another resource group', () => {
    expect(lintPlan('other-rg-scope/plan.json')).toEqual({ findings: ['PF-AZ-001 warning azurerm_kubernetes_cluster.aks'], unverified: [] });
  });
  it('fails AcrPull given to the control-plane identity (PF-AZ-002 and PF-AZ-001)', () => {
    expect(lintPlan('control-plane-identity/plan.json')).toEqual({
      findings: ['PF-AZ-001 warning azurerm_kubernetes_cluster.aks', 'PF-AZ-002 error azurerm_role_assignment.pull'],
      unverified: [],
    });
  });
  it('cannot compare a literal principal GUID with a kubelet object id computed at apply time', () => {
    expect(lintPlan('literal-principal/plan.json')).toEqual({ findings: [], unverified: ['PF-AZ-001 azurerm_kubernetes_cluster.aks'] });
  });
  it('fails AcrPull on an ABAC-mode registry (PF-AZ-003 only)', () => {
    expect(lintPlan('abac-acrpull/plan.json')).toEqual({ findings: ['PF-AZ-003 error azurerm_role_assignment.pull'], unverified: [] });
  });
  it('passes Container Registry Repository Reader on an ABAC-mode registry', () => {
    expect(lintPlan('abac-repository-reader/plan.json')).toEqual(none);
  });
  it('fails a custom role whose not_actions remove pull/read', () => {
    expect(lintPlan('custom-role-without-pull/plan.json')).toEqual({ findings: ['PF-AZ-003 error azurerm_role_assignment.pull'], unverified: [] });
  });
  it('reports nothing about registries for a cluster without a registry', () => {
    expect(lintPlan('no-registry/plan.json')).toEqual(none);
  });
});

describe('real plans (test/fixtures/azure/real/PROVENANCE.md)', () => {
  it('azure-ecommerce-ops: AcrPull reaches the kubelet identity through module variables and outputs', () => {
    expect(lintPlan('real/azure-ecommerce-ops.json')).toEqual(none);
  });
  it('azure-terraform-test-infra: AcrPull to the pre-created kubelet identity passes', () => {
    expect(lintPlan('real/azure-terraform-test-infra.json')).toEqual(none);
  });
  it('azure-terraform-aks-demo: an AKS cluster and no registry gives no registry finding', () => {
    // The plan has no azurerm_container_registry and no workload image, so no (cluster, registry) pair exists.
    expect(lintPlan('real/azure-terraform-aks-demo.json')).toEqual(none);
  });
  it('azure-private-dns-group: no cluster and no registry, nothing to check', () => {
    // Its private endpoint targets a PostgreSQL server, which no ACR rule examines.
    expect(lintPlan('real/azure-private-dns-group.json')).toEqual(none);
  });
});

const rg = res('azurerm_resource_group.rg', { name: 'rg-shop' });
const acr = res('module.acr.azurerm_container_registry.this', { name: 'shopacr', resource_group_name: 'rg-shop', sku: 'Standard' }, { unknown: { id: true, login_server: true } });
const aks = res('module.aks.azurerm_kubernetes_cluster.this', { name: 'aks', identity: [{ type: 'SystemAssigned' }], kubelet_identity: [{}] }, { unknown: { kubelet_identity: [{ object_id: true, client_id: true }], identity: [{ principal_id: true }] } });
const deployment = (image: string, extra: Record<string, unknown> = {}) => res('kubernetes_deployment_v1.web', {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
  spec: { template: { spec: { containers: [{ name: 'web', image }], ...extra } } },
}, {});

describe('inline cases', () => {
  it('follows module links on principal and scope (module.aks output → kubelet object id)', () => {
    const pull = res('module.aks.azurerm_role_assignment.acr["main"]', { role_definition_name: 'AcrPull' }, {
      unknown: { principal_id: true, scope: true },
      links: { principal_id: [ref('module.aks.azurerm_kubernetes_cluster.this', 'kubelet_identity', 0, 'object_id')], scope: [ref('module.acr.azurerm_container_registry.this', 'id')] },
    });
    expect(verdicts(lintResources([rg, acr, aks, pull], azureRules))).toEqual(none);
  });

  it('is an error when a workload image names the registry', () => {
    const result = lintResources([rg, acr, aks, deployment('shopacr.azurecr.io/shop/web:1.0')], azureRules);
    expect(verdicts(result)).toEqual({ findings: ['PF-AZ-001 error module.aks.azurerm_kubernetes_cluster.this'], unverified: [] });
    expect(result.findings[0]!.message).toContain('401 Unauthorized');
  });

  it('ignores registries no workload uses when workloads name their images', () => {
    expect(verdicts(lintResources([rg, acr, aks, deployment('docker.io/library/nginx:1.27')], azureRules))).toEqual(none);
  });

  it('passes anonymous pull and workloads that all use imagePullSecrets', () => {
    const anon = res('module.acr.azurerm_container_registry.this', { name: 'shopacr', resource_group_name: 'rg-shop', sku: 'Standard', anonymous_pull_enabled: true });
    expect(verdicts(lintResources([rg, anon, aks], azureRules))).toEqual(none);
    const withSecret = deployment('shopacr.azurecr.io/shop/web:1.0', { imagePullSecrets: [{ name: 'acr' }] });
    expect(verdicts(lintResources([rg, acr, aks, withSecret], azureRules))).toEqual(none);
  });

  it('passes a subscription-scope AcrPull and a management-group-scope AcrPush', () => {
    for (const scope of ['/subscriptions/00000000-0000-0000-0000-000000000001', '/providers/Microsoft.Management/managementGroups/platform']) {
      const pull = res('azurerm_role_assignment.pull', { role_definition_name: 'AcrPush', scope }, {
        unknown: { principal_id: true }, links: { principal_id: [ref('module.aks.azurerm_kubernetes_cluster.this', 'kubelet_identity', 0, 'object_id')] },
      });
      expect(verdicts(lintResources([rg, acr, aks, pull], azureRules))).toEqual(none);
    }
  });

  it('matches literal ids case-insensitively when everything is known', () => {
    const known = res('azurerm_kubernetes_cluster.k', { identity: [{ type: 'SystemAssigned', principal_id: 'aaaaaaaa-0000-0000-0000-000000000001' }], kubelet_identity: [{ object_id: 'BBBBBBBB-0000-0000-0000-000000000002', client_id: 'cccccccc-0000-0000-0000-000000000003' }] });
    const reg = res('azurerm_container_registry.r', { name: 'reg', id: '/subscriptions/s1/resourceGroups/RG/providers/Microsoft.ContainerRegistry/registries/reg' });
    const good = res('azurerm_role_assignment.a', { role_definition_name: 'acrpull', scope: '/subscriptions/S1/resourcegroups/rg', principal_id: 'bbbbbbbb-0000-0000-0000-000000000002' });
    expect(verdicts(lintResources([known, reg, good], azureRules))).toEqual(none);
    const clientId = res('azurerm_role_assignment.a', { role_definition_name: 'AcrPull', scope: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/reg', principal_id: 'cccccccc-0000-0000-0000-000000000003' });
    expect(verdicts(lintResources([known, reg, clientId], azureRules))).toEqual({
      findings: ['PF-AZ-001 warning azurerm_kubernetes_cluster.k', 'PF-AZ-002 error azurerm_role_assignment.a'], unverified: [],
    });
  });

  it('reports a useless wrong-identity assignment as a note when the kubelet is covered', () => {
    const good = res('azurerm_role_assignment.good', { role_definition_name: 'AcrPull' }, {
      unknown: { principal_id: true, scope: true },
      links: { principal_id: [ref('module.aks.azurerm_kubernetes_cluster.this', 'kubelet_identity', 0, 'object_id')], scope: [ref('azurerm_resource_group.rg', 'id')] },
    });
    const addOn = res('azurerm_role_assignment.oms', { role_definition_name: 'AcrPull' }, {
      unknown: { principal_id: true, scope: true },
      links: { principal_id: [ref('module.aks.azurerm_kubernetes_cluster.this', 'oms_agent', 0, 'oms_agent_identity', 0, 'object_id')], scope: [ref('module.acr.azurerm_container_registry.this', 'id')] },
    });
    expect(verdicts(lintResources([rg, acr, aks, good, addOn], azureRules))).toEqual({ findings: ['PF-AZ-002 note azurerm_role_assignment.oms'], unverified: [] });
  });

  it('is unknown when the role assignment principal has no value and no reference', () => {
    const blind = res('azurerm_role_assignment.a', { role_definition_name: 'AcrPull' }, { unknown: { principal_id: true }, links: { scope: [ref('module.acr.azurerm_container_registry.this', 'id')] } });
    expect(verdicts(lintResources([rg, acr, aks, blind], azureRules))).toEqual({ findings: [], unverified: ['PF-AZ-001 module.aks.azurerm_kubernetes_cluster.this'] });
  });

  it('is unknown (not a finding) for an external registry read by a data source', () => {
    const data = res('data.azurerm_container_registry.shared', { name: 'shared', resource_group_name: 'rg-shared', login_server: 'shared.azurecr.io' }, { mode: 'data' });
    expect(verdicts(lintResources([aks, data], azureRules))).toEqual({ findings: [], unverified: ['PF-AZ-001 module.aks.azurerm_kubernetes_cluster.this'] });
  });

  it('evaluates simple ABAC repository conditions (PF-AZ-003)', () => {
    const abac = res('module.acr.azurerm_container_registry.this', { name: 'shopacr', resource_group_name: 'rg-shop', sku: 'Premium', role_assignment_mode: 'AbacRepositoryPermissions' });
    const reader = (condition: string) => res('azurerm_role_assignment.reader', { role_definition_name: 'Container Registry Repository Reader', condition, condition_version: '2.0' }, {
      unknown: { principal_id: true, scope: true },
      links: { principal_id: [ref('module.aks.azurerm_kubernetes_cluster.this', 'kubelet_identity', 0, 'object_id')], scope: [ref('module.acr.azurerm_container_registry.this', 'id')] },
    });
    const cond = (prefix: string) => `((!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/content/read'})) OR (@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringStartsWithIgnoreCase '${prefix}'))`;
    const web = deployment('shopacr.azurecr.io/shop/web:1.0');
    expect(verdicts(lintResources([rg, abac, aks, web, reader(cond('shop/'))], azureRules))).toEqual(none);
    expect(verdicts(lintResources([rg, abac, aks, web, reader(cond('billing/'))], azureRules))).toEqual({ findings: ['PF-AZ-003 error azurerm_role_assignment.reader'], unverified: [] });
    expect(verdicts(lintResources([rg, abac, aks, reader(cond('shop/'))], azureRules))).toEqual({ findings: [], unverified: ['PF-AZ-003 azurerm_role_assignment.reader'] });
  });
});

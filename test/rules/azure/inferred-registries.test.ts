import { describe, expect, it } from 'vitest';
import type { ResourceInit } from '../../../src/graph/model.js';
import { lintResources, ref, res, verdicts } from '../../helpers/graph.js';
import { azureRules, lintPlan } from './helpers.js';
import { networkRules } from './network-fixtures.js';

/**
 * Registries a cluster pulls from when no workload of the inputs names one (catalog PF-AZ-001: every
 * registry is a candidate, downgraded to warning): a pull grant narrows the candidates to the granted
 * registries; without any grant the cluster gets one warning naming the candidates, and at most one
 * unverified entry per rule.
 */
const cluster = (name: string): ResourceInit => res(`azurerm_kubernetes_cluster.${name}`, { name, identity: [{ type: 'SystemAssigned' }], kubelet_identity: [{}] }, {
  unknown: { kubelet_identity: [{ object_id: true, client_id: true }], identity: [{ principal_id: true }] },
});
const registry = (name: string, extra: Record<string, unknown> = {}): ResourceInit => res(`azurerm_container_registry.${name}`, { name, sku: 'Standard', login_server: `${name}.azurecr.io`, ...extra }, { unknown: { id: true } });
const grant = (clusterName: string, registryName: string): ResourceInit => res(`azurerm_role_assignment.${clusterName}_${registryName}`, { role_definition_name: 'AcrPull' }, {
  unknown: { principal_id: true, scope: true },
  links: {
    principal_id: [ref(`azurerm_kubernetes_cluster.${clusterName}`, 'kubelet_identity', 0, 'object_id')],
    scope: [ref(`azurerm_container_registry.${registryName}`, 'id')],
  },
});
const blind = (registryName: string): ResourceInit => res(`azurerm_role_assignment.blind_${registryName}`, { role_definition_name: 'AcrPull' }, {
  unknown: { principal_id: true },
  links: { scope: [ref(`azurerm_container_registry.${registryName}`, 'id')] },
});
const registries = ['r1', 'r2', 'r3', 'r4', 'r5'].map((n) => registry(n));

describe('PF-AZ-001 on registries no workload names', () => {
  it('plan.sh: a granted cluster pulls from its granted registry only; an ungranted one gets one warning and one unverified entry', () => {
    expect(lintPlan('inferred-many/plan.json')).toEqual({
      findings: ['PF-AZ-001 warning azurerm_kubernetes_cluster.aks["none"]'],
      unverified: ['PF-AZ-001 azurerm_kubernetes_cluster.aks["none"]'],
    });
  });

  it('a cluster granted on one registry of several is presumed to pull from that one only', () => {
    expect(verdicts(lintResources([cluster('a'), ...registries, grant('a', 'r3')], azureRules))).toEqual({ findings: [], unverified: [] });
  });

  it('several clusters without any grant: one warning per cluster naming the registries, capped', () => {
    const result = lintResources([cluster('a'), cluster('b'), ...registries], azureRules);
    expect(verdicts(result)).toEqual({ findings: ['PF-AZ-001 warning azurerm_kubernetes_cluster.a', 'PF-AZ-001 warning azurerm_kubernetes_cluster.b'], unverified: [] });
    const a = result.findings.find((f) => f.resource.address === 'azurerm_kubernetes_cluster.a')!;
    expect(a.message).toContain('no pull role on any of `azurerm_container_registry.r1`, `azurerm_container_registry.r2`, `azurerm_container_registry.r3` (+2 more)');
    expect(a.message).toContain('401 Unauthorized');
    expect(a.related.map((r) => r.resource.address)).toEqual(registries.map((r) => r.address));
  });

  it('one candidate registry keeps the single-registry warning', () => {
    const result = lintResources([cluster('a'), registry('r1')], azureRules);
    expect(verdicts(result)).toEqual({ findings: ['PF-AZ-001 warning azurerm_kubernetes_cluster.a'], unverified: [] });
    expect(result.findings[0]!.message).toContain('no pull role on registry `azurerm_container_registry.r1`');
  });

  it('undecidable assignments on several candidate registries give one unverified entry per cluster', () => {
    const result = lintResources([cluster('a'), registry('r1'), registry('r2'), registry('r3'), blind('r1'), blind('r2'), blind('r3')], azureRules);
    expect(verdicts(result)).toEqual({ findings: [], unverified: ['PF-AZ-001 azurerm_kubernetes_cluster.a'] });
    expect(result.unverified[0]!.reason).toContain('The same holds for 2 other registries of the inputs');
  });

  it('registries named by workloads are still judged one by one, as errors', () => {
    const web = (name: string, image: string): ResourceInit => res(`kubernetes_deployment_v1.${name}`, {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
      spec: { template: { spec: { containers: [{ name, image }] } } },
    }, {});
    expect(verdicts(lintResources([cluster('a'), ...registries, web('x', 'r1.azurecr.io/x:1'), web('y', 'r2.azurecr.io/y:1')], azureRules)))
      .toEqual({ findings: ['PF-AZ-001 error azurerm_kubernetes_cluster.a', 'PF-AZ-001 error azurerm_kubernetes_cluster.a'], unverified: [] });
  });
});

describe('network rules on inferred pairs', () => {
  it('PF-AZ-010: undecidable public access on several guessed registries gives one unverified entry per cluster', () => {
    const computed = (name: string): ResourceInit => res(`azurerm_container_registry.${name}`, { name, sku: 'Premium', login_server: `${name}.azurecr.io` }, { unknown: { id: true, public_network_access_enabled: true } });
    const rules = networkRules.filter((r) => r.meta.id === 'PF-AZ-010');
    expect(verdicts(lintResources([cluster('a'), cluster('b'), computed('r1'), computed('r2'), computed('r3')], rules)))
      .toEqual({ findings: [], unverified: ['PF-AZ-010 azurerm_container_registry.r1', 'PF-AZ-010 azurerm_container_registry.r1'] });
  });
});

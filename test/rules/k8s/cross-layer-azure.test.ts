import { describe, expect, it } from 'vitest';
import { lintLoaded } from '../../../src/engine/lint.js';
import type { ResourceInit } from '../../../src/graph/model.js';
import { ref, res, verdicts } from '../../helpers/graph.js';
import aksKubeletMissingAcrpull from '../../../src/rules/azure/aks-kubelet-missing-acrpull.js';
import { deployment } from './helpers.js';

/**
 * PF-AZ-001 reads the registries a cluster pulls from through the shared cross-layer join
 * (analysis/registries.ts + analysis/clusters.ts): provider links, one cluster per input, the cloud
 * of the images, then the run's only cluster.
 */
const rules = [aksKubeletMissingAcrpull];

function lintInputs(...inputs: ResourceInit[][]): { findings: string[]; unverified: string[] } {
  return verdicts(lintLoaded(inputs.map((resources, i) => ({ path: `input${i}.json`, parsed: { format: 'terraform-plan', resources } })), [], { rules }));
}

const cluster = (name: string): ResourceInit => res(`azurerm_kubernetes_cluster.${name}`, { name, identity: [{ type: 'SystemAssigned' }], kubelet_identity: [{}] }, {
  unknown: { kubelet_identity: [{ object_id: true, client_id: true }], identity: [{ principal_id: true }] },
});
const registry = (name: string): ResourceInit => res(`azurerm_container_registry.${name}`, { name, sku: 'Standard', login_server: `${name}.azurecr.io` }, { unknown: { id: true } });
const grant = (clusterName: string, registryName: string): ResourceInit => res(`azurerm_role_assignment.${clusterName}_${registryName}`, { role_definition_name: 'AcrPull' }, {
  unknown: { principal_id: true, scope: true },
  links: {
    principal_id: [ref(`azurerm_kubernetes_cluster.${clusterName}`, 'kubelet_identity', 0, 'object_id')],
    scope: [ref(`azurerm_container_registry.${registryName}`, 'id')],
  },
});
const onCluster = (workload: ResourceInit, clusterName: string): ResourceInit => ({
  ...workload,
  links: new Map([['provider', [ref(`azurerm_kubernetes_cluster.${clusterName}`)]]]),
});

describe('PF-AZ-001 with the shared workload ↔ cluster association', () => {
  it('follows the kubernetes provider link when a plan has two clusters', () => {
    // Cluster b's workload pulls from shopb, but b is only granted on shopa. Cluster a is granted on both.
    const web = onCluster(deployment('web', 'shopb.azurecr.io/web:1.0'), 'b');
    expect(lintInputs([cluster('a'), cluster('b'), registry('shopa'), registry('shopb'), grant('a', 'shopa'), grant('a', 'shopb'), grant('b', 'shopa'), web]))
      .toEqual({ findings: ['PF-AZ-001 error azurerm_kubernetes_cluster.b'], unverified: [] });
  });

  it('without the provider link, two clusters leave the workload unassociated: a cluster granted on some registry is presumed to pull from it only', () => {
    const web = deployment('web', 'shopb.azurecr.io/web:1.0');
    expect(lintInputs([cluster('a'), cluster('b'), registry('shopa'), registry('shopb'), grant('a', 'shopa'), grant('a', 'shopb'), grant('b', 'shopa'), web]))
      .toEqual({ findings: [], unverified: [] });
  });

  it('without the provider link, a cluster with no pull grant on any registry gets one warning for all candidates', () => {
    const web = deployment('web', 'shopb.azurecr.io/web:1.0');
    expect(lintInputs([cluster('a'), cluster('b'), registry('shopa'), registry('shopb'), grant('a', 'shopa'), grant('a', 'shopb'), web]))
      .toEqual({ findings: ['PF-AZ-001 warning azurerm_kubernetes_cluster.b'], unverified: [] });
  });

  it('associates a workload with the one cluster of its own input (two plans in one run)', () => {
    const a = [cluster('a'), registry('shopa'), deployment('web', 'shopa.azurecr.io/web:1.0')];
    const b = [cluster('b'), registry('shopb'), grant('b', 'shopb')];
    // a pulls shopa without a grant: error. b has no workloads and is granted on shopb: presumed to pull from shopb only.
    expect(lintInputs(a, b)).toEqual({ findings: ['PF-AZ-001 error azurerm_kubernetes_cluster.a'], unverified: [] });
  });

  it('a manifest linted with an AKS plan and an EKS plan goes to the AKS cluster (its images come from ACR)', () => {
    const eks = res('aws_eks_cluster.main', { name: 'main' });
    const aks = [cluster('a'), registry('shopa'), registry('shopb'), grant('a', 'shopa')];
    expect(lintInputs(aks, [eks], [deployment('web', 'shopa.azurecr.io/web:1.0')])).toEqual({ findings: [], unverified: [] });
    expect(lintInputs(aks, [eks], [deployment('web', 'shopb.azurecr.io/web:1.0')])).toEqual({ findings: ['PF-AZ-001 error azurerm_kubernetes_cluster.a'], unverified: [] });
  });

  it('an image computed from an ECR repository URL does not make the ACR registries candidates', () => {
    const repo = res('aws_ecr_repository.web', { name: 'web' }, { unknown: { repository_url: true, arn: true } });
    const web: ResourceInit = {
      ...deployment('web', 'x'),
      attrs: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ name: 'web' }] } } } },
      unknown: { spec: { template: { spec: { containers: [{ image: true }] } } } },
      links: new Map([['spec.template.spec.containers.image', [ref('aws_ecr_repository.web', 'repository_url')]], ['provider', [ref('azurerm_kubernetes_cluster.a')]]]),
    };
    expect(lintInputs([cluster('a'), registry('shopa'), repo, web])).toEqual({ findings: [], unverified: [] });
  });
});

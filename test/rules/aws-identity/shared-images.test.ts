import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeSets } from '../../../src/analysis/aws-nodes.js';
import { requiredRepositories } from '../../../src/analysis/ecr.js';
import { loadInputs } from '../../../src/engine/load.js';
import { buildGraph } from '../../../src/engine/lint.js';
import { graphOf, ref, res } from '../../helpers/graph.js';
import { lintFixture } from './plan-lint.js';
import { IDENTITY_RULES } from './rules.js';

/**
 * The repositories the identity rules check come from the shared image/registry join
 * (analysis/registries.ts): images computed from a repository URL count, and the "no workload,
 * every repository of the plan is presumed pulled" fallback holds per cluster.
 * Plans made with tfplan-stub (see each case's README.md).
 */
const FIXTURES = fileURLToPath(new URL('../../fixtures/aws-identity/', import.meta.url));

function required(name: string): Record<string, string[]> {
  const { loaded, errors } = loadInputs([`${FIXTURES}${name}/plan.json`]);
  expect(errors).toEqual([]);
  return requiredOf(buildGraph(loaded));
}

function requiredOf(graph: ReturnType<typeof buildGraph>): Record<string, string[]> {
  return Object.fromEntries(nodeSets(graph).map((set) => [
    set.resource.address,
    requiredRepositories(graph, set).filter((r) => r.origin !== 'addon').map((r) => `${r.origin} ${r.arn} ${r.repositoryResource?.address ?? '-'}`),
  ]));
}

describe('image computed from a repository URL of another account', () => {
  it('requires that repository, found through the reference', () => {
    expect(required('computed-repository-url')).toEqual({
      'aws_eks_node_group.default': ['image arn:aws:ecr:eu-west-1:222222222222:repository/app aws_ecr_repository.app'],
    });
  });

  it('PF-AWS-005 fails when the repository has no repository policy', () => {
    expect(lintFixture('computed-repository-url', IDENTITY_RULES)).toEqual({
      findings: ['PF-AWS-005 error aws_ecr_repository.app'],
      unverified: [],
    });
  });

  it('PF-AWS-005 passes when the repository policy grants the node role', () => {
    expect(lintFixture('computed-repository-url-fixed', IDENTITY_RULES)).toEqual({ findings: [], unverified: [] });
  });
});

describe('per-cluster fallback when a cluster runs no workload', () => {
  it('a cluster with workloads needs their repositories; a cluster without any is presumed to pull every repository of the plan', () => {
    expect(required('per-cluster-fallback')).toEqual({
      'aws_eks_node_group.a': ['image arn:aws:ecr:eu-west-1:111122223333:repository/app aws_ecr_repository.app'],
      'aws_eks_node_group.b': [
        'plan-repository arn:aws:ecr:eu-west-1:111122223333:repository/app aws_ecr_repository.app',
        'plan-repository arn:aws:ecr:eu-west-1:111122223333:repository/tools aws_ecr_repository.tools',
      ],
    });
  });

  it('PF-AWS-002 reports the presumed repository as a warning on the cluster without workloads only', () => {
    expect(lintFixture('per-cluster-fallback', IDENTITY_RULES)).toEqual({
      findings: ['PF-AWS-002 warning aws_eks_node_group.b'],
      unverified: [],
    });
  });
});

describe('per-cluster fallback, edge cases', () => {
  const context = [
    res('data.aws_caller_identity.current', { account_id: '111122223333' }, { mode: 'data' }),
    res('data.aws_region.current', { name: 'eu-west-1' }, { mode: 'data' }),
    res('aws_ecr_repository.app', { name: 'app' }),
    res('aws_ecr_repository.tools', { name: 'tools' }),
  ];
  const cluster = (name: string) => res(`aws_eks_cluster.${name}`, { name });
  const nodeGroup = (name: string, clusterName: string, links: boolean) => res(`aws_eks_node_group.${name}`,
    { cluster_name: clusterName, node_role_arn: 'arn:aws:iam::111122223333:role/node' },
    links ? { links: { cluster_name: [ref(`aws_eks_cluster.${clusterName}`, 'name')] } } : {});
  const deployment = (name: string, namespace: string, clusterLink?: string) => res(`kubernetes_deployment_v1.${name}`, {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
    spec: { template: { spec: { containers: [{ name, image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1.0' }] } } },
  }, clusterLink ? { links: { provider: [ref(`aws_eks_cluster.${clusterLink}`, 'endpoint')] } } : {});
  const APP = 'arn:aws:ecr:eu-west-1:111122223333:repository/app';
  const TOOLS = 'arn:aws:ecr:eu-west-1:111122223333:repository/tools';

  it('a Fargate profile of a cluster with workloads outside its namespaces needs no image repository and presumes nothing', () => {
    const g = graphOf([
      ...context, cluster('a'), nodeGroup('a', 'a', true), deployment('web', 'default', 'a'),
      res('aws_eks_fargate_profile.batch', { cluster_name: 'a', pod_execution_role_arn: 'arn:aws:iam::111122223333:role/fp', selector: [{ namespace: 'batch' }] },
        { links: { cluster_name: [ref('aws_eks_cluster.a', 'name')] } }),
    ]);
    expect(requiredOf(g)).toEqual({
      'aws_eks_node_group.a': [`image ${APP} aws_ecr_repository.app`],
      'aws_eks_fargate_profile.batch': [],
    });
  });

  it('a workload whose cluster is ambiguous counts for neither: both clusters fall back to every repository', () => {
    const g = graphOf([...context, cluster('a'), cluster('b'), nodeGroup('a', 'a', true), nodeGroup('b', 'b', true), deployment('web', 'default')]);
    const presumed = [`plan-repository ${APP} aws_ecr_repository.app`, `plan-repository ${TOOLS} aws_ecr_repository.tools`];
    expect(requiredOf(g)).toEqual({ 'aws_eks_node_group.a': presumed, 'aws_eks_node_group.b': presumed });
  });

  it('a node group of a cluster outside the inputs runs none of the workloads of the clusters inside: it falls back', () => {
    const g = graphOf([...context, cluster('a'), nodeGroup('a', 'a', true), nodeGroup('other', 'elsewhere', false), deployment('web', 'default', 'a')]);
    expect(requiredOf(g)).toEqual({
      'aws_eks_node_group.a': [`image ${APP} aws_ecr_repository.app`],
      'aws_eks_node_group.other': [`plan-repository ${APP} aws_ecr_repository.app`, `plan-repository ${TOOLS} aws_ecr_repository.tools`],
    });
  });

  it('with no cluster in the inputs, every workload counts for every node group', () => {
    const g = graphOf([...context, nodeGroup('ng', 'demo', false), deployment('web', 'default')]);
    expect(requiredOf(g)).toEqual({ 'aws_eks_node_group.ng': [`image ${APP} aws_ecr_repository.app`] });
  });
});

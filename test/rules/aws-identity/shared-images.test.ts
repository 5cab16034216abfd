import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeSets } from '../../../src/analysis/aws-nodes.js';
import { requiredRepositories } from '../../../src/analysis/ecr.js';
import { loadInputs } from '../../../src/engine/load.js';
import { buildGraph } from '../../../src/engine/lint.js';
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
  const graph = buildGraph(loaded);
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

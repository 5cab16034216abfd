import { describe, expect, it } from 'vitest';
import { lintFixture } from './plan-lint.js';
import { IDENTITY_RULES } from './rules.js';

/**
 * Exact verdicts of the identity and repository rules (PF-AWS-001…008, 019, 020, 022, 023) on real
 * plans made with tfplan-stub (see test/fixtures/aws-identity/README.md).
 */
const CASES: Record<string, { findings: string[]; unverified: string[] }> = {
  // False-positive guards
  'standard-eks': { findings: [], unverified: [] },
  'node-role-inline-ecr': { findings: [], unverified: [] },
  'node-role-pull-only': { findings: [], unverified: [] },
  'auto-mode-pull-only': { findings: [], unverified: [] },
  // PF-AWS-001 eks-node-role-missing-ecr-pull
  'node-role-without-ecr': { findings: ['PF-AWS-001 error aws_eks_node_group.default'], unverified: [] },
  'auto-mode-minimal': { findings: ['PF-AWS-001 error aws_eks_cluster.auto'], unverified: [] },
  'node-role-external-policy': { findings: [], unverified: ['PF-AWS-001 aws_eks_node_group.default'] },
  'checkov-remote-access': { findings: [], unverified: ['PF-AWS-001 aws_eks_node_group.test'] },
  'module-layout': { findings: ['PF-AWS-001 error module.eks.module.eks_managed_node_group["default"].aws_eks_node_group.this[0]'], unverified: [] },
  // Self-managed nodes: autoscaling group → launch configuration → instance profile → role.
  'self-managed-launch-configuration': { findings: ['PF-AWS-001 error aws_iam_instance_profile.node'], unverified: [] },
  'self-managed-launch-configuration-fixed': { findings: [], unverified: [] },
  // PF-AWS-002 eks-node-role-ecr-scope-excludes-repository
  'own-account-scope': { findings: ['PF-AWS-002 error aws_eks_node_group.default'], unverified: [] },
  'own-account-scope-fixed': { findings: [], unverified: [] },
  // PF-AWS-003 ecr-pull-granted-to-pod-role
  'irsa-instead-of-node-role': { findings: ['PF-AWS-001 error aws_eks_node_group.default', 'PF-AWS-003 note aws_iam_role.app'], unverified: [] },
  // PF-AWS-004 eks-node-role-ecr-pull-denied
  'deny-ecr': { findings: ['PF-AWS-004 error aws_iam_role_policy.guardrail'], unverified: [] },
  'boundary-without-ecr': { findings: ['PF-AWS-004 error aws_iam_role.node'], unverified: [] },
  'deny-ecr-unless-endpoint': { findings: [], unverified: ['PF-AWS-004 aws_iam_role.node'] },
  // PF-AWS-005 / 006 cross-account repository policies
  'cross-account-instance-profile': { findings: ['PF-AWS-005 error aws_ecr_repository_policy.app', 'PF-AWS-006 error aws_ecr_repository_policy.app'], unverified: [] },
  'cross-account-profile-reference': { findings: ['PF-AWS-006 error aws_ecr_repository_policy.app'], unverified: ['PF-AWS-005 aws_ecr_repository_policy.app'] },
  'cross-account-fixed': { findings: [], unverified: [] },
  'cross-account-outside': { findings: [], unverified: ['PF-AWS-005 aws_eks_node_group.default'] },
  // PF-AWS-007 ecr-repository-policy-denies-node-role
  'repository-vpce-lock-nat': { findings: ['PF-AWS-007 error aws_ecr_repository_policy.app'], unverified: [] },
  'repository-vpce-lock-endpoint': { findings: [], unverified: ['PF-AWS-007 aws_ecr_repository_policy.app'] },
  // PF-AWS-008 ecr-repository-policy-role-replaced
  'role-replaced': { findings: ['PF-AWS-008 warning aws_ecr_repository_policy.app'], unverified: [] },
  // PF-AWS-019 / 020 Fargate
  'fargate-no-policy': { findings: ['PF-AWS-019 error aws_eks_fargate_profile.kube_system'], unverified: [] },
  'fargate-wrong-source-arn': { findings: ['PF-AWS-020 error aws_iam_role.fargate'], unverified: [] },
  'fargate-stringequals-wildcard': { findings: ['PF-AWS-020 error aws_iam_role.fargate'], unverified: [] },
  'fargate-correct': { findings: [], unverified: [] },
  // PF-AWS-022 ecr-pull-through-cache-prerequisites-missing
  'pull-through-cache-read-only': { findings: ['PF-AWS-022 warning aws_eks_node_group.default', 'PF-AWS-022 error aws_eks_node_group.default'], unverified: [] },
  'pull-through-cache-pull-only': { findings: [], unverified: [] },
  // PF-AWS-023 ecr-repository-kms-key-disabled
  'kms-key-disabled': { findings: ['PF-AWS-023 error aws_ecr_repository.app'], unverified: [] },
  'kms-key-enabled': { findings: [], unverified: [] },
};

describe('identity rules on real plans', () => {
  it.each(Object.entries(CASES))('%s', (name, expected) => {
    expect(lintFixture(name, IDENTITY_RULES)).toEqual(expected);
  });
});

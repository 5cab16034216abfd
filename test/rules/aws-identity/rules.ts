import eksNodeRoleMissingEcrPull from '../../../src/rules/aws/eks-node-role-missing-ecr-pull.js';
import eksNodeRoleEcrScopeExcludesRepository from '../../../src/rules/aws/eks-node-role-ecr-scope-excludes-repository.js';
import ecrPullGrantedToPodRole from '../../../src/rules/aws/ecr-pull-granted-to-pod-role.js';
import eksNodeRoleEcrPullDenied from '../../../src/rules/aws/eks-node-role-ecr-pull-denied.js';
import ecrRepositoryPolicyMissingCrossAccountGrant from '../../../src/rules/aws/ecr-repository-policy-missing-cross-account-grant.js';
import ecrRepositoryPolicyInstanceProfilePrincipal from '../../../src/rules/aws/ecr-repository-policy-instance-profile-principal.js';
import ecrRepositoryPolicyDeniesNodeRole from '../../../src/rules/aws/ecr-repository-policy-denies-node-role.js';
import ecrRepositoryPolicyRoleReplaced from '../../../src/rules/aws/ecr-repository-policy-role-replaced.js';
import fargatePodExecutionRoleMissingEcrPull from '../../../src/rules/aws/fargate-pod-execution-role-missing-ecr-pull.js';
import fargatePodExecutionRoleTrustMismatch from '../../../src/rules/aws/fargate-pod-execution-role-trust-mismatch.js';
import ecrPullThroughCachePrerequisitesMissing from '../../../src/rules/aws/ecr-pull-through-cache-prerequisites-missing.js';
import ecrRepositoryKmsKeyDisabled from '../../../src/rules/aws/ecr-repository-kms-key-disabled.js';

/** The identity and repository rules (PF-AWS-001…008, 019, 020, 022, 023). */
export const IDENTITY_RULES = [
  eksNodeRoleMissingEcrPull, eksNodeRoleEcrScopeExcludesRepository, ecrPullGrantedToPodRole, eksNodeRoleEcrPullDenied,
  ecrRepositoryPolicyMissingCrossAccountGrant, ecrRepositoryPolicyInstanceProfilePrincipal, ecrRepositoryPolicyDeniesNodeRole,
  ecrRepositoryPolicyRoleReplaced, fargatePodExecutionRoleMissingEcrPull, fargatePodExecutionRoleTrustMismatch,
  ecrPullThroughCachePrerequisitesMissing, ecrRepositoryKmsKeyDisabled,
];

import type { AnyRule } from './define-rule.js';
import eksNodeRoleMissingEcrPull from './aws/eks-node-role-missing-ecr-pull.js';
import eksNodeRoleEcrScopeExcludesRepository from './aws/eks-node-role-ecr-scope-excludes-repository.js';
import ecrPullGrantedToPodRole from './aws/ecr-pull-granted-to-pod-role.js';
import eksNodeRoleEcrPullDenied from './aws/eks-node-role-ecr-pull-denied.js';
import ecrRepositoryPolicyMissingCrossAccountGrant from './aws/ecr-repository-policy-missing-cross-account-grant.js';
import ecrRepositoryPolicyInstanceProfilePrincipal from './aws/ecr-repository-policy-instance-profile-principal.js';
import ecrRepositoryPolicyDeniesNodeRole from './aws/ecr-repository-policy-denies-node-role.js';
import ecrRepositoryPolicyRoleReplaced from './aws/ecr-repository-policy-role-replaced.js';
import eksNodeSubnetNoEcrPath from './aws/eks-node-subnet-no-ecr-path.js';
import eksNodeIgwRouteWithoutPublicIp from './aws/eks-node-igw-route-without-public-ip.js';
import eksNodeNatGatewayNoInternet from './aws/eks-node-nat-gateway-no-internet.js';
import eksNodeSgBlocksHttpsEgress from './aws/eks-node-sg-blocks-https-egress.js';
import eksNodeNaclBlocksEcr from './aws/eks-node-nacl-blocks-ecr.js';
import vpcMissingEcrEndpoints from './aws/vpc-missing-ecr-endpoints.js';
import ecrEndpointPrivateDnsDisabled from './aws/ecr-endpoint-private-dns-disabled.js';
import ecrEndpointSgBlocksNodes from './aws/ecr-endpoint-sg-blocks-nodes.js';
import vpcEndpointPolicyBlocksPull from './aws/vpc-endpoint-policy-blocks-pull.js';
import eksPrivateNodesImageNeedsInternet from './aws/eks-private-nodes-image-needs-internet.js';
import fargatePodExecutionRoleMissingEcrPull from './aws/fargate-pod-execution-role-missing-ecr-pull.js';
import fargatePodExecutionRoleTrustMismatch from './aws/fargate-pod-execution-role-trust-mismatch.js';
import fargateProfilePublicSubnet from './aws/fargate-profile-public-subnet.js';
import ecrPullThroughCachePrerequisitesMissing from './aws/ecr-pull-through-cache-prerequisites-missing.js';
import ecrRepositoryKmsKeyDisabled from './aws/ecr-repository-kms-key-disabled.js';
import eksWindowsNodesNoInternet from './aws/eks-windows-nodes-no-internet.js';
import aksKubeletMissingAcrpull from './azure/aks-kubelet-missing-acrpull.js';
import acrPullRoleWrongIdentity from './azure/acr-pull-role-wrong-identity.js';
import acrRoleNotHonoredInRegistryMode from './azure/acr-role-not-honored-in-registry-mode.js';
import acrPullRoleStaleServicePrincipal from './azure/acr-pull-role-stale-service-principal.js';
import aksServicePrincipalSecretExpired from './azure/aks-service-principal-secret-expired.js';
import aksKubeletIdentityMiswired from './azure/aks-kubelet-identity-miswired.js';
import acrPullSecretAdminDisabled from './azure/acr-pull-secret-admin-disabled.js';
import acrPrivateDnsZoneUnlinked from './azure/acr-private-dns-zone-unlinked.js';
import acrPrivateDnsRecordsIncomplete from './azure/acr-private-dns-records-incomplete.js';
import acrPublicAccessExcludesCluster from './azure/acr-public-access-excludes-cluster.js';
import acrSkuLacksNetworkFeatures from './azure/acr-sku-lacks-network-features.js';
import acrPrivateEndpointVnetNotPeered from './azure/acr-private-endpoint-vnet-not-peered.js';
import aksEgressBlocksRegistry from './azure/aks-egress-blocks-registry.js';
import acrPrivateEndpointUnusable from './azure/acr-private-endpoint-unusable.js';
import workloadOsSelectorMissing from './k8s/workload-os-selector-missing.js';
import windowsImageVersionMismatch from './k8s/windows-image-version-mismatch.js';
import workloadArchSelectorMissing from './k8s/workload-arch-selector-missing.js';
import imageReferenceInvalid from './k8s/image-reference-invalid.js';

/** Every rule, sorted by id. One line per rule; test/meta.test.ts checks files, docs and this list agree. */
export const rules: readonly AnyRule[] = [
  eksNodeRoleMissingEcrPull, // PF-AWS-001
  eksNodeRoleEcrScopeExcludesRepository, // PF-AWS-002
  ecrPullGrantedToPodRole, // PF-AWS-003
  eksNodeRoleEcrPullDenied, // PF-AWS-004
  ecrRepositoryPolicyMissingCrossAccountGrant, // PF-AWS-005
  ecrRepositoryPolicyInstanceProfilePrincipal, // PF-AWS-006
  ecrRepositoryPolicyDeniesNodeRole, // PF-AWS-007
  ecrRepositoryPolicyRoleReplaced, // PF-AWS-008
  eksNodeSubnetNoEcrPath, // PF-AWS-009
  eksNodeIgwRouteWithoutPublicIp, // PF-AWS-010
  eksNodeNatGatewayNoInternet, // PF-AWS-011
  eksNodeSgBlocksHttpsEgress, // PF-AWS-012
  eksNodeNaclBlocksEcr, // PF-AWS-013
  vpcMissingEcrEndpoints, // PF-AWS-014
  ecrEndpointPrivateDnsDisabled, // PF-AWS-015
  ecrEndpointSgBlocksNodes, // PF-AWS-016
  vpcEndpointPolicyBlocksPull, // PF-AWS-017
  eksPrivateNodesImageNeedsInternet, // PF-AWS-018
  fargatePodExecutionRoleMissingEcrPull, // PF-AWS-019
  fargatePodExecutionRoleTrustMismatch, // PF-AWS-020
  fargateProfilePublicSubnet, // PF-AWS-021
  ecrPullThroughCachePrerequisitesMissing, // PF-AWS-022
  ecrRepositoryKmsKeyDisabled, // PF-AWS-023
  eksWindowsNodesNoInternet, // PF-AWS-024
  aksKubeletMissingAcrpull, // PF-AZ-001
  acrPullRoleWrongIdentity, // PF-AZ-002
  acrRoleNotHonoredInRegistryMode, // PF-AZ-003
  acrPullRoleStaleServicePrincipal, // PF-AZ-004
  aksServicePrincipalSecretExpired, // PF-AZ-005
  aksKubeletIdentityMiswired, // PF-AZ-006
  acrPullSecretAdminDisabled, // PF-AZ-007
  acrPrivateDnsZoneUnlinked, // PF-AZ-008
  acrPrivateDnsRecordsIncomplete, // PF-AZ-009
  acrPublicAccessExcludesCluster, // PF-AZ-010
  acrSkuLacksNetworkFeatures, // PF-AZ-011
  acrPrivateEndpointVnetNotPeered, // PF-AZ-012
  aksEgressBlocksRegistry, // PF-AZ-013
  acrPrivateEndpointUnusable, // PF-AZ-014
  workloadOsSelectorMissing, // PF-K8S-001
  windowsImageVersionMismatch, // PF-K8S-002
  workloadArchSelectorMissing, // PF-K8S-003
  imageReferenceInvalid, // PF-K8S-004
];

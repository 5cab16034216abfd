import type { AnyRule } from './define-rule.js';
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
import fargateProfilePublicSubnet from './aws/fargate-profile-public-subnet.js';
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
  fargateProfilePublicSubnet, // PF-AWS-021
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

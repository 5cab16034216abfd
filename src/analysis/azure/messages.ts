/**
 * The kubelet errors of the Azure troubleshooting article, in English (containerd's text), quoted by
 * the Azure rules' messages and `pullError`.
 * https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/connectivity/cannot-pull-image-from-acr-to-aks-cluster
 */
export const PULL_401 = 'failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized';
export const PULL_403 = 'failed to authorize: failed to fetch anonymous token: 403 Forbidden';
export const PULL_TIMEOUT = 'dial tcp <acr-private-ip>:443: i/o timeout';

export const ACR_TROUBLESHOOTING = 'https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/connectivity/cannot-pull-image-from-acr-to-aks-cluster';
export const AKS_ACR_INTEGRATION = 'https://learn.microsoft.com/azure/aks/cluster-container-registry-integration';
export const ACR_ROLES = 'https://learn.microsoft.com/azure/container-registry/container-registry-rbac-built-in-roles-directory-reference';
export const ACR_PRIVATE_LINK = 'https://learn.microsoft.com/azure/container-registry/container-registry-private-link';
export const ACR_FIREWALL = 'https://learn.microsoft.com/azure/container-registry/container-registry-access-selected-networks';
export const AKS_EGRESS = 'https://learn.microsoft.com/azure/aks/outbound-rules-control-egress';

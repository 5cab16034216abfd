import { triAny, type Tri } from '../../analysis/azure/arm-id.js';
import { samePrincipal, trace, merge } from '../../analysis/azure/principals.js';
import { assignmentRole, scopeCovers } from '../../analysis/azure/rbac.js';
import { MANAGED_IDENTITY_OPERATOR_GUID } from '../../analysis/azure/roles.js';
import { PULL_401 } from '../../analysis/azure/messages.js';
import { defineRule } from '../define-rule.js';

/**
 * A pre-created (BYO) kubelet identity needs a user-assigned control-plane identity
 * (`identity.type = "UserAssigned"`, azurerm requirement) holding Managed Identity Operator on the
 * kubelet identity, so that AKS can attach it to the node VM scale sets; otherwise cluster creation
 * fails or the nodes run without the identity that holds AcrPull.
 * https://learn.microsoft.com/azure/aks/use-managed-identity#use-a-pre-created-kubelet-managed-identity
 */
export default defineRule({
  meta: {
    id: 'PF-AZ-006',
    name: 'aks-kubelet-identity-miswired',
    title: 'Pre-created kubelet identity wired incorrectly',
    severity: 'warning',
    category: 'iam',
    providers: ['azure'],
    messages: {
      identityType: '`{{cluster}}` sets a pre-created kubelet identity but its control-plane `identity.type` is `{{type}}`; AKS requires a user-assigned control-plane identity here, so the cluster is not created as planned and its nodes never get the identity that holds the pull role ("' + PULL_401 + '").',
      noOperator: 'No role assignment grants the control-plane identity of `{{cluster}}` Managed Identity Operator on its kubelet identity `{{kubelet}}`; AKS cannot assign the kubelet identity to the nodes, and pulls that rely on it fail with "' + PULL_401 + '".',
    },
    remediation: 'Use `identity { type = "UserAssigned", identity_ids = [azurerm_user_assigned_identity.<control_plane>.id] }` and add `azurerm_role_assignment { scope = azurerm_user_assigned_identity.<kubelet>.id, role_definition_name = "Managed Identity Operator", principal_id = azurerm_user_assigned_identity.<control_plane>.principal_id }`.',
    pullError: PULL_401,
    references: ['https://learn.microsoft.com/azure/aks/use-managed-identity#use-a-pre-created-kubelet-managed-identity', 'https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster#kubelet_identity'],
  },
  check({ graph, report, cannotVerify }) {
    for (const cluster of graph.ofKind('azure.aks.cluster')) {
      const uaiPath = ['kubelet_identity', 'user_assigned_identity_id'];
      // Computed for AKS-managed kubelet identities; set (value or reference) only for pre-created ones.
      if (cluster.get(uaiPath)?.known !== true && cluster.links(uaiPath).length === 0) continue;
      const type = cluster.get(['identity', 'type']);
      if (type?.known && String(type.value) !== 'UserAssigned') {
        report({ resource: cluster, path: ['identity', 'type'], messageId: 'identityType', data: { cluster: cluster.address, type: String(type.value) } });
        continue;
      }
      const kubelet = graph.resolve(cluster, uaiPath, ['azure.identity.userassigned'])[0]?.resource;
      if (!kubelet) {
        cannotVerify({ resource: cluster, path: uaiPath, reason: `The kubelet identity of \`${cluster.address}\` is not in the inputs, so its Managed Identity Operator assignment cannot be checked.` });
        continue;
      }
      const controlPlane = merge(trace(graph, cluster, ['identity', 'principal_id']), ...graph.resolve(cluster, ['identity', 'identity_ids'], ['azure.identity.userassigned']).map((r) => trace(graph, r.resource, ['principal_id'])));
      const verdicts: Tri[] = [];
      for (const assignment of graph.ofKind('azure.authorization.roleassignment')) {
        const role = assignmentRole(graph, assignment);
        const isOperator: Tri = role.permissions ? (role.permissions.some((p) => 'guid' in p && (p as { guid: string }).guid === MANAGED_IDENTITY_OPERATOR_GUID) ? 'yes' : 'no') : 'unknown';
        if (isOperator === 'no') continue;
        const principal = samePrincipal(trace(graph, assignment, ['principal_id']), controlPlane);
        const scope = scopeCovers(graph, assignment, kubelet);
        verdicts.push([isOperator, principal, scope].includes('no') ? 'no' : [isOperator, principal, scope].every((d) => d === 'yes') ? 'yes' : 'unknown');
      }
      const result = triAny(verdicts);
      if (result === 'yes') continue;
      if (result === 'unknown') {
        cannotVerify({ resource: cluster, path: ['identity'], reason: `Cannot tell whether the control-plane identity of \`${cluster.address}\` holds Managed Identity Operator on \`${kubelet.address}\`: a candidate assignment's principal, scope or role is computed at apply time.`, related: [{ resource: kubelet, note: 'kubelet identity' }] });
        continue;
      }
      report({ resource: cluster, path: ['identity'], messageId: 'noOperator', data: { cluster: cluster.address, kubelet: kubelet.address }, related: [{ resource: kubelet, note: 'pre-created kubelet identity' }] });
    }
  },
});

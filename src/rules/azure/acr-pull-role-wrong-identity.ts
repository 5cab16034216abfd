import { kubeletPrincipal, trace, wrongIdentity, type WrongIdentity } from '../../analysis/azure/principals.js';
import { checkAssignments, coveringAssignments, isPullRole, assignmentRole, kubeletHasPullAssignment, scopeCovers } from '../../analysis/azure/rbac.js';
import { clusterRegistryPairs } from '../../analysis/azure/registries.js';
import { AKS_ACR_INTEGRATION, ACR_TROUBLESHOOTING, PULL_401 } from '../../analysis/azure/messages.js';
import { defineRule } from '../define-rule.js';

function describe(wrong: WrongIdentity): string {
  switch (wrong.kind) {
    case 'control-plane': return `the control-plane identity of \`${wrong.resource.address}\` (\`identity[0].principal_id\`), which AKS never uses to pull`;
    case 'add-on': return `the ${wrong.addOn} add-on identity of \`${wrong.resource.address}\`, which kubelet does not use`;
    case 'client-id': return `a client (application) id of \`${wrong.resource.address}\`, where Azure RBAC needs an object id`;
    case 'application-object': return `the application object \`${wrong.resource.address}\` (\`object_id\` of azuread_application), not its service principal`;
  }
}

/**
 * A pull role given to an identity kubelet does not use: the cluster's control-plane identity
 * (`identity[0].principal_id`), an add-on identity, a client id instead of an object id, or an
 * Entra application object instead of its service principal. The assignment is useless; if no other
 * assignment covers the kubelet identity, pulls fail with 401.
 * https://learn.microsoft.com/azure/aks/use-managed-identity#summary-of-managed-identities
 */
export default defineRule({
  meta: {
    id: 'PF-AZ-002',
    name: 'acr-pull-role-wrong-identity',
    title: 'Pull role assigned to an identity kubelet does not use',
    severity: 'error',
    category: 'iam',
    providers: ['azure'],
    messages: {
      wrong: 'This pull role on `{{registry}}` is granted to {{identity}}; the kubelet of `{{cluster}}` authenticates with its kubelet identity, so pulls fail with "' + PULL_401 + '".',
      useless: 'This pull role on `{{registry}}` is granted to {{identity}}; it is useless for image pulls (another assignment already covers the kubelet identity of `{{cluster}}`).',
    },
    remediation: 'Point `principal_id` at the kubelet identity: `azurerm_kubernetes_cluster.<c>.kubelet_identity[0].object_id` (or the pre-created identity\'s `principal_id`; for service-principal clusters `azuread_service_principal.<sp>.object_id`); Pulumi azure-native `identityProfile.kubeletidentity.objectId`.',
    pullError: PULL_401,
    references: [AKS_ACR_INTEGRATION, ACR_TROUBLESHOOTING],
  },
  check({ graph, report }) {
    for (const { cluster, pulled } of clusterRegistryPairs(graph)) {
      const { registry } = pulled;
      let satisfied: ReturnType<typeof kubeletHasPullAssignment> | undefined;
      for (const assignment of coveringAssignments(graph, registry).keys()) {
        if (isPullRole(assignmentRole(graph, assignment)) !== 'yes') continue;
        if (scopeCovers(graph, assignment, registry) !== 'yes') continue;
        const wrong = wrongIdentity(graph, trace(graph, assignment, ['principal_id']));
        if (!wrong) continue;
        satisfied ??= kubeletHasPullAssignment(checkAssignments(graph, kubeletPrincipal(graph, cluster), registry, pulled.repositories));
        const ok = satisfied.result === 'yes';
        report({
          resource: assignment,
          path: ['principal_id'],
          messageId: ok ? 'useless' : 'wrong',
          severity: ok ? 'note' : 'error',
          data: { registry: registry.address, cluster: cluster.address, identity: describe(wrong) },
          related: [{ resource: cluster, path: ['kubelet_identity'], note: 'cluster whose kubelet identity should hold the role' }, { resource: wrong.resource, note: 'identity the role was given to' }],
        });
      }
    }
  },
});

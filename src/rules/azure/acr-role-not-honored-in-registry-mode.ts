import { kubeletPrincipal } from '../../analysis/azure/principals.js';
import { checkAssignments, registryMode } from '../../analysis/azure/rbac.js';
import { clusterRegistryPairs, unverifiedOncePerInferredCluster } from '../../analysis/azure/registries.js';
import { ACR_ROLES, ACR_TROUBLESHOOTING, PULL_401 } from '../../analysis/azure/messages.js';
import { defineRule } from '../define-rule.js';

/**
 * A registry in "RBAC Registry + ABAC Repository Permissions" mode (`role_assignment_mode =
 * "AbacRepositoryPermissions"`) ignores AcrPull/AcrPush/AcrDelete and gives Owner/Contributor/Reader
 * no data-plane access; only the Container Registry Repository roles (or custom roles with
 * `repositories/content/read`) let kubelet pull. In legacy mode a custom role needs
 * `Microsoft.ContainerRegistry/registries/pull/read`.
 * https://learn.microsoft.com/azure/container-registry/container-registry-rbac-abac-repository-permissions
 */
export default defineRule({
  meta: {
    id: 'PF-AZ-003',
    name: 'acr-role-not-honored-in-registry-mode',
    title: 'Role does not grant pull in the registry\'s permission mode',
    severity: 'error',
    category: 'iam',
    providers: ['azure'],
    messages: {
      abac: 'Role `{{role}}` is granted to the kubelet identity of `{{cluster}}` on `{{registry}}`, but the registry uses ABAC repository permissions, where this role gives no pull access; pulls fail with "' + PULL_401 + '".',
      legacy: 'Role `{{role}}` is granted to the kubelet identity of `{{cluster}}` on `{{registry}}`, but it does not include `Microsoft.ContainerRegistry/registries/pull/read`; pulls fail with "' + PULL_401 + '".',
      condition: 'Role `{{role}}` is granted to the kubelet identity of `{{cluster}}` on `{{registry}}` with an ABAC condition that excludes repositories the workloads pull ({{repositories}}); those pulls fail with "' + PULL_401 + '".',
    },
    remediation: 'For `role_assignment_mode = "AbacRepositoryPermissions"` use `role_definition_name = "Container Registry Repository Reader"` (Pulumi azure-native: its role definition id b93aa761-3e63-49ed-ac28-beffa264f7ac), with a `condition` that covers the pulled repositories; in legacy mode use AcrPull or add `Microsoft.ContainerRegistry/registries/pull/read` to the custom role\'s `permissions.actions`.',
    pullError: PULL_401,
    references: [ACR_ROLES, ACR_TROUBLESHOOTING],
  },
  check({ graph, report, cannotVerify }) {
    const cannotVerifyPair = unverifiedOncePerInferredCluster(cannotVerify);
    for (const { cluster, pulled } of clusterRegistryPairs(graph)) {
      const { registry } = pulled;
      const checks = checkAssignments(graph, kubeletPrincipal(graph, cluster), registry, pulled.repositories)
        .filter((c) => c.principal === 'yes' && c.scope === 'yes' && c.pullRole !== 'no');
      if (checks.length === 0 || checks.some((c) => c.effective === 'yes')) continue;
      const mode = registryMode(registry);
      for (const c of checks) {
        if (c.effective === 'unknown') {
          cannotVerifyPair(cluster, pulled, {
            resource: c.assignment,
            path: ['role_definition_name'],
            reason: c.role.unknown
              ? `Cannot tell whether \`${c.assignment.address}\` lets the kubelet pull from \`${registry.address}\`: ${c.role.unknown}.`
              : mode === 'unknown'
                ? `Cannot tell whether role \`${c.role.label}\` grants pull on \`${registry.address}\`: the registry's role assignment mode is computed at apply time.`
                : `Cannot tell whether the ABAC condition of \`${c.assignment.address}\` covers the repositories pulled from \`${registry.address}\`.`,
            related: [{ resource: registry, note: 'registry' }, { resource: cluster, note: 'cluster' }],
          });
          continue;
        }
        const conditionBlocked = mode === 'abac' && c.pullRole === 'yes' && c.role.permissions !== undefined && c.assignment.get(['condition'])?.known === true
          && checkModeOnly(c);
        report({
          resource: c.assignment,
          path: conditionBlocked ? ['condition'] : c.assignment.get(['role_definition_name']) ? ['role_definition_name'] : ['role_definition_id'],
          messageId: conditionBlocked ? 'condition' : mode === 'abac' ? 'abac' : 'legacy',
          data: { role: c.role.label, cluster: cluster.address, registry: registry.address, repositories: (pulled.repositories ?? []).join(', ') },
          related: [{ resource: registry, path: ['role_assignment_mode'], note: 'registry and its permission mode' }, { resource: cluster, note: 'cluster' }],
        });
      }
    }
  },
});

/** The role itself grants pull in ABAC mode, so the denial comes from the condition. */
function checkModeOnly(c: { role: { permissions?: readonly { dataActions: readonly string[] }[] } }): boolean {
  return (c.role.permissions ?? []).some((p) => p.dataActions.some((a) => /repositories\/content\/read|\*/i.test(a)));
}

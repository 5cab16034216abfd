import { samePrincipal, servicePrincipalByClientId, trace } from '../../analysis/azure/principals.js';
import { assignmentRole, coveringAssignments, isPullRole, scopeCovers } from '../../analysis/azure/rbac.js';
import { clusterRegistryPairs, unverifiedOncePerInferredCluster } from '../../analysis/azure/registries.js';
import { ACR_TROUBLESHOOTING, PULL_401 } from '../../analysis/azure/messages.js';
import { defineRule } from '../define-rule.js';

/**
 * On a service-principal cluster the kubelet pulls as `service_principal.client_id`. AcrPull given
 * to another service principal (an old one after a credential reset, another app) does not help:
 * pulls fail with 401 (seed, Cause 1 solution 3).
 * https://learn.microsoft.com/azure/aks/kubernetes-service-principal
 */
export default defineRule({
  meta: {
    id: 'PF-AZ-004',
    name: 'acr-pull-role-stale-service-principal',
    title: 'AcrPull bound to a different service principal than the cluster\'s',
    severity: 'error',
    category: 'iam',
    providers: ['azure'],
    messages: {
      other: 'This pull role on `{{registry}}` is granted to service principal `{{principal}}`, but `{{cluster}}` runs as another service principal (`service_principal.client_id`); pulls fail with "' + PULL_401 + '".',
    },
    remediation: 'Grant the role to the cluster\'s own service principal: `principal_id = azuread_service_principal.<sp>.object_id` where that SP\'s `client_id` is the cluster\'s `service_principal.client_id` (Pulumi azure-native: `servicePrincipalProfile.clientId`).',
    pullError: PULL_401,
    references: ['https://learn.microsoft.com/azure/aks/kubernetes-service-principal', ACR_TROUBLESHOOTING],
  },
  check({ graph, report, cannotVerify }) {
    const cannotVerifyPair = unverifiedOncePerInferredCluster(cannotVerify);
    for (const { cluster, pulled } of clusterRegistryPairs(graph)) {
      if (cluster.get(['service_principal', 'client_id']) === undefined && cluster.links(['service_principal', 'client_id']).length === 0) continue;
      const clientId = trace(graph, cluster, ['service_principal', 'client_id']);
      const own = servicePrincipalByClientId(graph, clientId);
      for (const assignment of coveringAssignments(graph, pulled.registry).keys()) {
        if (isPullRole(assignmentRole(graph, assignment)) !== 'yes' || scopeCovers(graph, assignment, pulled.registry) !== 'yes') continue;
        const principalTrace = trace(graph, assignment, ['principal_id']);
        for (const principal of graph.ofKind('azure.ad.serviceprincipal')) {
          if (principal === own) continue;
          const target = [trace(graph, principal, ['object_id']), trace(graph, principal, ['id'])];
          if (!target.some((t) => samePrincipal(principalTrace, t) === 'yes')) continue;
          // azuread ≥ 2.? names the application id `client_id`; older versions `application_id`.
          const theirs = [trace(graph, principal, ['client_id']), trace(graph, principal, ['application_id'])].filter((t) => !t.blind);
          const compared = theirs.map((t) => samePrincipal(t, clientId));
          const verdict = compared.includes('yes') ? 'yes' : compared.length === 0 || compared.includes('unknown') ? 'unknown' : 'no';
          if (verdict === 'yes') continue;
          if (verdict === 'unknown') {
            cannotVerifyPair(cluster, pulled, { resource: assignment, path: ['principal_id'], reason: `Cannot tell whether service principal \`${principal.address}\` is the one \`${cluster.address}\` runs as: client ids are not comparable at plan time.`, related: [{ resource: cluster, note: 'cluster' }] });
            continue;
          }
          report({
            resource: assignment,
            path: ['principal_id'],
            messageId: 'other',
            data: { registry: pulled.registry.address, principal: principal.address, cluster: cluster.address },
            related: [{ resource: cluster, path: ['service_principal', 'client_id'], note: 'client id the kubelet authenticates with' }, { resource: principal, note: 'service principal holding the role' }],
          });
        }
      }
    }
  },
});

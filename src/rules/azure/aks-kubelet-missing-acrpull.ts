import type { Resource } from '../../graph/resource.js';
import { kubeletPrincipal, type KubeletPrincipal } from '../../analysis/azure/principals.js';
import { checkAssignments, kubeletHasPullAssignment } from '../../analysis/azure/rbac.js';
import { allUsePullSecrets, clusterRegistryPairs } from '../../analysis/azure/registries.js';
import { AKS_ACR_INTEGRATION, ACR_TROUBLESHOOTING, PULL_401 } from '../../analysis/azure/messages.js';
import { defineRule, type CannotVerifyDescriptor } from '../define-rule.js';

/**
 * AKS nodes pull from ACR with the kubelet identity (or, on service-principal clusters, the
 * cluster's service principal). Without a pull role on the registry, its resource group, the
 * subscription or a management group, the token exchange is refused and pods sit in
 * ImagePullBackOff. `az aks update --attach-acr` does this outside Terraform; in IaC it is an
 * azurerm_role_assignment to `kubelet_identity[0].object_id`.
 * https://learn.microsoft.com/azure/aks/cluster-container-registry-integration
 */
const rule = defineRule({
  meta: {
    id: 'PF-AZ-001',
    name: 'aks-kubelet-missing-acrpull',
    title: 'Kubelet identity has no pull role on the registry',
    severity: 'error',
    category: 'iam',
    providers: ['azure'],
    messages: {
      missing: 'The kubelet identity of `{{cluster}}` ({{via}}) has no AcrPull (or other pull-capable) role assignment on registry `{{registry}}` or a scope containing it, so pulls fail with "' + PULL_401 + '".',
      missingInferred: 'The kubelet identity of `{{cluster}}` ({{via}}) has no pull role on registry `{{registry}}` or a scope containing it; no workload in the inputs names this registry, but if the cluster pulls from it, pulls fail with "' + PULL_401 + '".',
      missingInferredAny: 'The kubelet identity of `{{cluster}}` ({{via}}) has no pull role on any of {{registries}} or a scope containing them; no workload in the inputs names the registry the cluster pulls from, but whichever of these it is, pulls fail with "' + PULL_401 + '".',
    },
    remediation: 'Grant AcrPull to the kubelet identity on the registry: Terraform `azurerm_role_assignment { scope = azurerm_container_registry.<r>.id, role_definition_name = "AcrPull", principal_id = azurerm_kubernetes_cluster.<c>.kubelet_identity[0].object_id }` (use the pre-created identity\'s `principal_id` for a BYO kubelet identity, the service principal\'s object id for service-principal clusters); Pulumi azure-native `authorization.RoleAssignment` with `principalId: cluster.identityProfile.kubeletidentity.objectId`.',
    pullError: PULL_401,
    references: [AKS_ACR_INTEGRATION, ACR_TROUBLESHOOTING],
  },
  check({ graph, report, cannotVerify }) {
    // Registries only guessed for a cluster (no workload names them, no pull grant narrows them) are
    // gathered per cluster: one warning naming them, at most one unverified entry.
    const guessed = new Map<Resource, Guessed>();
    const guess = (cluster: Resource, kubelet: KubeletPrincipal): Guessed => {
      let g = guessed.get(cluster);
      if (!g) guessed.set(cluster, (g = { kubelet, missing: [], unverified: [] }));
      return g;
    };
    for (const { cluster, pulled } of clusterRegistryPairs(graph)) {
      const { registry } = pulled;
      const anonymous = registry.get(['anonymous_pull_enabled']);
      if (anonymous?.known && anonymous.value === true) continue;
      if (allUsePullSecrets(graph, registry, pulled.images)) continue;
      const kubelet = kubeletPrincipal(graph, cluster);
      const { result, undecided } = kubeletHasPullAssignment(checkAssignments(graph, kubelet, registry, pulled.repositories));
      if (result === 'yes') continue;
      const related = [{ resource: registry, note: 'registry the cluster pulls from' }];
      const unverified = pulled.inferred ? (entry: CannotVerifyDescriptor): void => { guess(cluster, kubelet).unverified.push(entry); } : cannotVerify;
      if (result === 'unknown') {
        const external = registry.mode === 'data' || kubelet.unresolved !== undefined;
        unverified({
          resource: cluster,
          path: ['kubelet_identity'],
          reason: kubelet.unresolved
            ? `Cannot tell whether the kubelet principal of \`${cluster.address}\` may pull from \`${registry.address}\`: ${kubelet.unresolved}.`
            : `Cannot tell whether ${undecided.map((c) => `\`${c.assignment.address}\``).join(', ')} grants the kubelet identity of \`${cluster.address}\` pull on \`${registry.address}\`: its principal, scope or role is computed at apply time${external ? ' or lives outside the inputs' : ''}.`,
          related: [...related, ...undecided.map((c) => ({ resource: c.assignment, note: 'role assignment that may grant pull' }))],
        });
        continue;
      }
      if (registry.mode === 'data') {
        // The registry lives outside this configuration; its pull assignment may be managed there (catalog NC-12).
        unverified({
          resource: cluster,
          path: ['kubelet_identity'],
          reason: `No role assignment in the inputs grants the kubelet identity of \`${cluster.address}\` pull on the external registry \`${registry.address}\`; one may exist outside these inputs (another configuration, \`az aks update --attach-acr\`, Azure Policy).`,
          related,
        });
        continue;
      }
      if (pulled.inferred) {
        guess(cluster, kubelet).missing.push(registry);
        continue;
      }
      report({
        resource: cluster,
        path: ['kubelet_identity'],
        messageId: 'missing',
        data: { cluster: cluster.address, registry: registry.address, via: kubelet.via },
        related: [...related, ...identityOf(kubelet)],
      });
    }
    for (const [cluster, { kubelet, missing, unverified }] of guessed) {
      if (missing.length === 1) {
        report({
          resource: cluster,
          path: ['kubelet_identity'],
          messageId: 'missingInferred',
          severity: 'warning',
          data: { cluster: cluster.address, registry: missing[0]!.address, via: kubelet.via },
          related: [{ resource: missing[0]!, note: 'registry the cluster pulls from' }, ...identityOf(kubelet)],
        });
      } else if (missing.length > 1) {
        const named = missing.slice(0, NAMED).map((r) => `\`${r.address}\``).join(', ');
        report({
          resource: cluster,
          path: ['kubelet_identity'],
          messageId: 'missingInferredAny',
          severity: 'warning',
          data: { cluster: cluster.address, via: kubelet.via, registries: missing.length > NAMED ? `${named} (+${missing.length - NAMED} more)` : named },
          related: [...missing.slice(0, RELATED).map((resource) => ({ resource, note: 'registry the cluster may pull from' })), ...identityOf(kubelet)],
        });
      }
      const first = unverified[0];
      if (first) {
        const others = unverified.length - 1;
        cannotVerify(others === 0 ? first : { ...first, reason: `${first.reason} The same holds for ${others} other registr${others === 1 ? 'y' : 'ies'} of the inputs that the cluster may pull from.` });
      }
    }
  },
});

/** Registries named in a grouped warning's message, and listed as its related locations. */
const NAMED = 3;
const RELATED = 10;

interface Guessed {
  readonly kubelet: KubeletPrincipal;
  readonly missing: Resource[];
  readonly unverified: CannotVerifyDescriptor[];
}

function identityOf(kubelet: KubeletPrincipal): { resource: Resource; note: string }[] {
  return kubelet.identity ? [{ resource: kubelet.identity, note: 'identity kubelet authenticates with' }] : [];
}

export default rule;

import type { ResourceGraph } from '../../graph/graph.js';
import type { Resource } from '../../graph/resource.js';
import { graphCache, cached } from '../memo.js';
import { pullSecretCoverage } from '../pull-secrets.js';
import { registriesPulledBy as pullsByRegistry } from '../registries.js';
import type { PulledImage } from '../workloads.js';
import { kubeletPrincipal, samePrincipal, trace } from './principals.js';
import { assignmentRole, isPullRole, scopeCovers } from './rbac.js';

/** A registry a cluster pulls from, and what tells us so. */
export interface PulledRegistry {
  readonly registry: Resource;
  /**
   * True when no image of the cluster's workloads names it: the registry is a candidate only
   * (catalog PF-AZ-001), see `registriesPulledBy`.
   */
  readonly inferred: boolean;
  /** The images (with their workloads) that name this registry. */
  readonly images: readonly PulledImage[];
  /** Repository paths of those images, when all are known. */
  readonly repositories?: readonly string[];
}

/**
 * The ACR registries a cluster pulls from, from the shared cross-layer join (analysis/registries.ts:
 * workloads associated with the cluster by analysis/clusters.ts, image hosts matched to login servers
 * or registry names, computed images followed through the input's references). When its workloads
 * name no registry of the inputs with certainty (no workloads associated with the cluster, or images
 * computed at apply time), other registries of the inputs are candidates, flagged `inferred`:
 * - the cluster's workloads name no registry at all and its kubelet principal holds a pull role on
 *   some registries of the inputs: it is presumed to pull from those registries only (the grant is
 *   the visible intent; listing every other registry of a multi-cluster plan is noise that grows
 *   with clusters × registries);
 * - otherwise (no pull grant anywhere, or workloads naming some registries plus computed images):
 *   every registry of the inputs not named by a workload is a candidate. Rules report inferred
 *   pairs once per cluster (PF-AZ-001's grouped warning, `unverifiedOncePerInferredCluster`).
 */
export function registriesPulledBy(graph: ResourceGraph, cluster: Resource): PulledRegistry[] {
  return cached(PULLED(graph), cluster, () => computeRegistriesPulledBy(graph, cluster));
}

const PULLED = graphCache<Resource, PulledRegistry[]>();
const PAIRS = {};

function computeRegistriesPulledBy(graph: ResourceGraph, cluster: Resource): PulledRegistry[] {
  const pulled = pullsByRegistry(graph, cluster);
  const out: PulledRegistry[] = [];
  for (const [registry, images] of pulled.acr) {
    const repos = images.map((i) => (i.parsed?.ok ? i.parsed.ref.repository : undefined));
    out.push({ registry, inferred: false, images, ...(repos.every((r) => r !== undefined) ? { repositories: repos as string[] } : {}) });
  }
  // Invalid references are PF-K8S-004's; only computed images may hide a registry.
  const unknownImages = !pulled.hasWorkloads || pulled.unknown.some((p) => p.target.kind === 'unknown' && p.target.why !== 'invalid');
  if (!unknownImages) return out;
  const candidates = graph.ofKind('azure.acr.registry').filter((registry) => !pulled.acr.has(registry));
  if (pulled.acr.size === 0) {
    const granted = grantedRegistries(graph, cluster, candidates);
    if (granted.length > 0) {
      for (const registry of granted) out.push({ registry, inferred: true, images: [] });
      return out;
    }
  }
  for (const registry of candidates) out.push({ registry, inferred: true, images: [] });
  return out;
}

/**
 * The registries on which the kubelet principal certainly holds a pull role: PF-AZ-001's
 * `kubeletHasPullAssignment(checkAssignments(…))` is `yes` (principal, scope and pull role all
 * `yes`), found from the kubelet's own assignments first, so clusters without any pull assignment
 * cost one pass over the assignments instead of one check per registry of the inputs.
 */
function grantedRegistries(graph: ResourceGraph, cluster: Resource, candidates: readonly Resource[]): Resource[] {
  const kubelet = kubeletPrincipal(graph, cluster);
  if (kubelet.unresolved) return [];
  const own = graph.memo(PULL_ASSIGNMENTS, pullAssignments)
    .filter((p) => samePrincipal(p.principal, kubelet.trace) === 'yes')
    .map((p) => p.assignment);
  if (own.length === 0) return [];
  return candidates.filter((registry) => own.some((assignment) => scopeCovers(graph, assignment, registry) === 'yes'));
}

const PULL_ASSIGNMENTS = {};

/** The role assignments of the inputs whose role is certainly a pull role, with their principal traced once. */
function pullAssignments(graph: ResourceGraph): { assignment: Resource; principal: ReturnType<typeof trace> }[] {
  return graph.ofKind('azure.authorization.roleassignment').flatMap((assignment) => {
    // As in rbac.ts: a custom role defined in the inputs and assigned to the kubelet is meant for pulling.
    const role = assignmentRole(graph, assignment);
    if (role.definition?.mode !== 'managed' && isPullRole(role) !== 'yes') return [];
    return [{ assignment, principal: trace(graph, assignment, ['principal_id']) }];
  });
}

/** Every (cluster, registry) pair the Azure rules examine. */
export function clusterRegistryPairs(graph: ResourceGraph): readonly { cluster: Resource; pulled: PulledRegistry }[] {
  return graph.memo(PAIRS, () => {
    const out: { cluster: Resource; pulled: PulledRegistry }[] = [];
    for (const cluster of graph.ofKind('azure.aks.cluster')) {
      if (cluster.mode === 'data') continue;
      for (const pulled of registriesPulledBy(graph, cluster)) out.push({ cluster, pulled });
    }
    return out;
  });
}

/**
 * Wraps a rule's `cannotVerify` so that inferred pairs (registries no workload names) yield at most
 * one unverified entry per cluster in the rule's run: what cannot be told about a guessed registry
 * is usually the same for every registry of the inputs. Pairs named by workloads are not limited.
 */
export function unverifiedOncePerInferredCluster<D>(cannotVerify: (descriptor: D) => void): (cluster: Resource, pulled: PulledRegistry, descriptor: D) => void {
  const seen = new Set<Resource>();
  return (cluster, pulled, descriptor) => {
    if (pulled.inferred) {
      if (seen.has(cluster)) return;
      seen.add(cluster);
    }
    cannotVerify(descriptor);
  };
}

/**
 * Whether every image pulled from this registry goes through an image pull secret instead of the
 * kubelet identity (catalog PF-AZ-001; PF-AZ-007 checks those secrets): its pod (or the pod's
 * ServiceAccount) names a pull secret with an entry for the registry's host, or one pullfix cannot
 * read (outside the inputs, computed). A secret of the inputs for another registry does not count.
 */
export function allUsePullSecrets(graph: ResourceGraph, registry: Resource, images: readonly PulledImage[]): boolean {
  if (images.length === 0) return false;
  const login = registry.get(['login_server']);
  const loginServer = login?.known && typeof login.value === 'string' ? login.value : undefined;
  return images.every((i) => pullSecretCoverage(graph, i, i.parsed?.ok ? i.parsed.ref.host : loginServer) !== 'no');
}

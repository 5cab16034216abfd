import type { ResourceGraph } from '../../graph/graph.js';
import type { Resource } from '../../graph/resource.js';
import { pullSecretCoverage } from '../pull-secrets.js';
import { registriesPulledBy as pullsByRegistry } from '../registries.js';
import type { PulledImage } from '../workloads.js';

/** A registry a cluster pulls from, and what tells us so. */
export interface PulledRegistry {
  readonly registry: Resource;
  /** True when no image of the cluster's workloads names it: every registry of the inputs is a candidate (catalog PF-AZ-001). */
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
 * computed at apply time), every registry of the inputs is a candidate, flagged `inferred`.
 */
export function registriesPulledBy(graph: ResourceGraph, cluster: Resource): PulledRegistry[] {
  const pulled = pullsByRegistry(graph, cluster);
  const out: PulledRegistry[] = [];
  for (const [registry, images] of pulled.acr) {
    const repos = images.map((i) => (i.parsed?.ok ? i.parsed.ref.repository : undefined));
    out.push({ registry, inferred: false, images, ...(repos.every((r) => r !== undefined) ? { repositories: repos as string[] } : {}) });
  }
  // Invalid references are PF-K8S-004's; only computed images may hide a registry.
  const unknownImages = !pulled.hasWorkloads || pulled.unknown.some((p) => p.target.kind === 'unknown' && p.target.why !== 'invalid');
  if (unknownImages) {
    for (const registry of graph.ofKind('azure.acr.registry')) {
      if (!pulled.acr.has(registry)) out.push({ registry, inferred: true, images: [] });
    }
  }
  return out;
}

/** Every (cluster, registry) pair the Azure rules examine. */
export function clusterRegistryPairs(graph: ResourceGraph): { cluster: Resource; pulled: PulledRegistry }[] {
  const out: { cluster: Resource; pulled: PulledRegistry }[] = [];
  for (const cluster of graph.ofKind('azure.aks.cluster')) {
    if (cluster.mode === 'data') continue;
    for (const pulled of registriesPulledBy(graph, cluster)) out.push({ cluster, pulled });
  }
  return out;
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

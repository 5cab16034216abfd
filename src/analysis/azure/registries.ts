import type { ResourceGraph } from '../../graph/graph.js';
import type { Resource } from '../../graph/resource.js';
import { isAcrHost } from '../image-ref.js';
import { pulledImages, type PulledImage } from '../workloads.js';

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

interface ClusterImages {
  readonly images: readonly PulledImage[];
}

const cache = new WeakMap<ResourceGraph, Map<Resource, ClusterImages>>();

/**
 * Associates workloads with clusters: a Terraform plan's kubernetes provider is configured from one
 * cluster in practice; when an input (or the whole run) has exactly one AKS cluster, its workloads are
 * that cluster's. Otherwise workloads stay unassociated (catalog §2.4) and the cluster is treated as
 * having no image references.
 */
function imagesByCluster(graph: ResourceGraph): Map<Resource, ClusterImages> {
  const cached = cache.get(graph);
  if (cached) return cached;
  const clusters = graph.ofKind('azure.aks.cluster');
  const byInput = new Map<number, Resource[]>();
  for (const c of clusters) byInput.set(c.input.index, [...(byInput.get(c.input.index) ?? []), c]);
  const out = new Map<Resource, ClusterImages>();
  for (const c of clusters) out.set(c, { images: [] });
  for (const image of pulledImages(graph)) {
    const local = byInput.get(image.workload.input.index) ?? [];
    const owner = local.length === 1 ? local[0] : local.length === 0 && clusters.length === 1 ? clusters[0] : undefined;
    if (owner) (out.get(owner)!.images as PulledImage[]).push(image);
  }
  cache.set(graph, out);
  return out;
}

/** Registries of the inputs whose login server (or name, when the login server is computed) an image host names. */
export function registriesForImage(graph: ResourceGraph, image: PulledImage): Resource[] | 'not-acr' | 'unknown' {
  if (image.parsed?.ok) {
    const host = image.parsed.ref.host;
    if (!isAcrHost(host)) return 'not-acr';
    const byLogin = graph.byIdentifier(host, ['azure.acr.registry']);
    if (byLogin.length > 0) return [...byLogin];
    const name = host.split('.')[0]!;
    return graph.ofKind('azure.acr.registry').filter((r) => {
      const n = r.get(['name']);
      const login = r.get(['login_server']);
      return n?.known && String(n.value).toLowerCase() === name && !(login?.known && String(login.value).toLowerCase() !== host);
    });
  }
  if (image.parsed && !image.parsed.ok) return 'not-acr';
  // "${azurerm_container_registry.acr.login_server}/app:1.0" is unknown while the login server is computed.
  const linked = graph.resolve(image.workload, image.path, ['azure.acr.registry']).map((r) => r.resource);
  return linked.length > 0 ? linked : 'unknown';
}

/**
 * The ACR registries a cluster pulls from: those named by its workloads' images; when its workloads
 * name none (no workloads in the inputs, or images unknown), every registry of the inputs, flagged
 * `inferred`.
 */
export function registriesPulledBy(graph: ResourceGraph, cluster: Resource): PulledRegistry[] {
  const images = imagesByCluster(graph).get(cluster)?.images ?? [];
  const named = new Map<Resource, PulledImage[]>();
  let unknownImages = images.length === 0;
  for (const image of images) {
    const found = registriesForImage(graph, image);
    if (found === 'not-acr') continue;
    if (found === 'unknown') {
      unknownImages = true;
      continue;
    }
    for (const registry of found) named.set(registry, [...(named.get(registry) ?? []), image]);
  }
  const out: PulledRegistry[] = [];
  for (const [registry, list] of named) {
    const repos = list.map((i) => (i.parsed?.ok ? i.parsed.ref.repository : undefined));
    out.push({ registry, inferred: false, images: list, ...(repos.every((r) => r !== undefined) ? { repositories: repos as string[] } : {}) });
  }
  if (unknownImages) {
    for (const registry of graph.ofKind('azure.acr.registry')) {
      if (!named.has(registry)) out.push({ registry, inferred: true, images: [] });
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

/** Workloads pulling from this registry with `imagePullSecrets`, and whether all of them do. */
export function allUsePullSecrets(images: readonly PulledImage[]): boolean {
  if (images.length === 0) return false;
  return images.every((i) => {
    const spec = i.path.slice(0, i.path.length - 3);
    const secrets = i.workload.get([...spec, 'imagePullSecrets']);
    return secrets?.known === true && Array.isArray(secrets.value) && secrets.value.length > 0;
  });
}

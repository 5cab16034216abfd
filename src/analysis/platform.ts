import type { ResourceGraph } from '../graph/graph.js';
import type { Resource } from '../graph/resource.js';
import { clustersOf, type ClusterAssociation } from './clusters.js';
import { nodePoolsOf, type NodePool, type WindowsRelease } from './node-pools.js';
import { placementMatch, podPlacement, type PodPlacement } from './scheduling.js';

/** The pools of one cluster, and those a workload's pods may be scheduled on (`yes` or `maybe`). */
export interface ClusterLanding {
  readonly cluster: Resource;
  readonly pools: readonly NodePool[];
  readonly landing: readonly NodePool[];
}

/** Where a workload's pods can run, per associated cluster. */
export interface WorkloadLanding {
  readonly workload: Resource;
  readonly placement: PodPlacement;
  readonly how: ClusterAssociation['how'];
  readonly clusters: readonly ClusterLanding[];
}

const cache = new WeakMap<ResourceGraph, readonly WorkloadLanding[]>();

/**
 * Every workload whose placement is known and that is associated with at least one cluster having
 * pools in the inputs (platform checks need both; workloads linted alone are skipped).
 */
export function workloadLandings(graph: ResourceGraph): readonly WorkloadLanding[] {
  const cached = cache.get(graph);
  if (cached) return cached;
  const out: WorkloadLanding[] = [];
  for (const workload of graph.ofKind('k8s.workload')) {
    const placement = podPlacement(workload);
    if (!placement) continue;
    const association = clustersOf(graph, workload);
    const clusters: ClusterLanding[] = [];
    for (const cluster of association.clusters) {
      const pools = nodePoolsOf(graph, cluster);
      if (pools.length === 0) continue;
      clusters.push({ cluster, pools, landing: pools.filter((p) => placementMatch(placement, p) !== 'no') });
    }
    if (clusters.length > 0) out.push({ workload, placement, how: association.how, clusters });
  }
  cache.set(graph, out);
  return out;
}

/** Distinct known values of a pool property. */
export function distinct<T>(pools: readonly NodePool[], pick: (pool: NodePool) => T | undefined): T[] {
  return [...new Set(pools.map(pick).filter((v): v is T => v !== undefined))];
}

/**
 * Per-cluster verdicts folded into one: a finding only when every candidate cluster yields it (so
 * an ambiguous association never produces a finding a single cluster does not justify), "mixed"
 * when only some do.
 */
export function fold<V>(verdicts: readonly (V | undefined)[]): { all: V[]; mixed: boolean } {
  const hits = verdicts.filter((v): v is V => v !== undefined);
  return { all: hits.length === verdicts.length ? hits : [], mixed: hits.length > 0 && hits.length < verdicts.length };
}

/**
 * The Windows Server release an image tag names (`ltsc2019`, `1809`, `10.0.17763…` → 2019;
 * `ltsc2022`, `10.0.20348…` → 2022; `ltsc2025`, `10.0.26100…` → 2025). Windows containers need the
 * host's build: containerd refuses an image built for another release.
 * https://learn.microsoft.com/virtualization/windowscontainers/deploy-containers/version-compatibility
 */
export function windowsReleaseOfTag(tag: string): WindowsRelease | undefined {
  const t = tag.toLowerCase();
  if (/ltsc2019|(^|[^0-9])1809([^0-9]|$)|10\.0\.17763/.test(t)) return '2019';
  if (/ltsc2022|10\.0\.20348/.test(t)) return '2022';
  if (/ltsc2025|10\.0\.26100/.test(t)) return '2025';
  return undefined;
}

/** containerd's error when no manifest of the image matches the node (seed article, "Cause 5"). */
export const PLATFORM_PULL_ERROR = 'failed to pull and unpack image "<image>": no match for platform in manifest: not found';
export const PLATFORM_TROUBLESHOOTING = 'https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/connectivity/cannot-pull-image-from-acr-to-aks-cluster#cause-5-no-match-for-platform-in-manifest';
export const ASSIGN_POD_NODE = 'https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/';

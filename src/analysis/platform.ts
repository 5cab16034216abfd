import type { ResourceGraph } from '../graph/graph.js';
import type { Resource } from '../graph/resource.js';
import { clustersOf, type ClusterAssociation } from './clusters.js';
import { nodePoolsOf, type NodePool, type WindowsRelease } from './node-pools.js';
import { ARCH_LABELS, constrains, OS_LABELS, placementMatch, podPlacement, type PodPlacement } from './scheduling.js';

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

/** A platform property node pools may differ in (OS, CPU architecture), and the node labels selecting it. */
export interface PlatformAxis {
  readonly of: (pool: NodePool) => string | undefined;
  readonly labels: readonly string[];
  /** How the workload's selector is named when it is a node affinity rather than a node selector. */
  readonly affinity: string;
  /** How a pool whose value is not known is described. */
  readonly unknown: string;
}

export const OS_AXIS: PlatformAxis = { of: (pool) => pool.os, labels: OS_LABELS, affinity: 'its OS node affinity', unknown: 'unknown-OS' };
export const ARCH_AXIS: PlatformAxis = { of: (pool) => pool.arch, labels: ARCH_LABELS, affinity: 'its architecture node affinity', unknown: 'unknown-arch' };

/** Pools named with their value on the axis, for messages: "linux pool `a` and windows pool `b`". */
export function describePools(pools: readonly NodePool[], axis: PlatformAxis): string {
  return pools.map((p) => `${axis.of(p) ?? axis.unknown} pool \`${p.name}\``).join(' and ');
}

/** The pools as related locations of a finding. */
export function poolLocations(pools: readonly NodePool[], axis: PlatformAxis): { resource: Resource; path: NodePool['path']; note: string }[] {
  return pools.map((p) => ({ resource: p.resource, path: p.path, note: `${axis.of(p)} node pool \`${p.name}\`` }));
}

/** A cluster whose pools differ on the axis, and one pool the workload may land on per value. */
export interface MixedLanding {
  readonly c: ClusterLanding;
  readonly one: readonly NodePool[];
}

/**
 * Clusters where the workload may land on pools of more than one value of the axis (which image
 * platform a pod needs then depends on the node it lands on), folded over the candidate clusters.
 */
export function mixedLandings(w: WorkloadLanding, axis: PlatformAxis): { all: MixedLanding[]; mixed: boolean } {
  return fold(w.clusters.map((c) => {
    if (distinct(c.pools, axis.of).length < 2) return undefined;
    const values = distinct(c.landing, axis.of);
    return values.length < 2 ? undefined : { c, one: values.map((v) => c.landing.find((p) => axis.of(p) === v)!) };
  }));
}

/**
 * For a workload that constrains the axis: its selector as text, and the clusters none of whose
 * pools (all of known value) that selector matches, folded. Undefined when it does not constrain it.
 */
export function unmatchedSelector(w: WorkloadLanding, axis: PlatformAxis): { selector: string; none: { all: ClusterLanding[]; mixed: boolean } } | undefined {
  if (!constrains(w.placement, axis.labels)) return undefined;
  const selector = Object.entries(w.placement.nodeSelector).filter(([k]) => axis.labels.includes(k)).map(([k, v]) => `${k}=${v}`).join(', ') || axis.affinity;
  const none = fold(w.clusters.map((c) => (c.pools.every((p) => axis.of(p) !== undefined
    && placementMatch(w.placement, p, { onlyKeys: axis.labels, ignoreTaints: true }) === 'no') ? c : undefined)));
  return { selector, none };
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

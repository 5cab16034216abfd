import type { ResourceGraph } from '../graph/graph.js';
import { CLUSTER_LINK_KEY } from '../graph/model.js';
import type { Resource } from '../graph/resource.js';
import { isAcrHost, parseEcrHost } from './image-ref.js';
import { canonicalCluster } from './node-pools.js';
import { pulledImages } from './workloads.js';

/**
 * Which clusters a workload is deployed to, and how pullfix knows:
 * - `provider`: the input names the cluster (Terraform kubernetes provider configuration);
 * - `input`: the workload's own input holds exactly one candidate cluster (a plan declaring one
 *   cluster and its workloads, a CDK app's `cluster.addManifest`; rules-catalog §2.4);
 * - `only`: the run holds exactly one candidate cluster (one cluster in all inputs, or one of the
 *   cloud the workload's images come from — ACR images → AKS, ECR images → EKS);
 * - `ambiguous`: several candidates remain; rules evaluate each and report only what holds for all;
 * - `none`: no cluster in the inputs (workloads linted alone).
 */
export interface ClusterAssociation {
  readonly clusters: readonly Resource[];
  readonly how: 'provider' | 'input' | 'only' | 'ambiguous' | 'none';
}

const cache = new WeakMap<ResourceGraph, Map<Resource, ClusterAssociation>>();

/** Clusters of the run, a data source counting only when it names no managed cluster. */
function allClusters(graph: ResourceGraph): Resource[] {
  const out = new Set<Resource>();
  for (const c of graph.ofKind('azure.aks.cluster', 'aws.eks.cluster')) out.add(canonicalCluster(graph, c));
  return [...out];
}

/** Clusters (canonical) declared or read by one input. */
function inputClusters(graph: ResourceGraph, input: number): Set<Resource> {
  const out = new Set<Resource>();
  for (const c of graph.ofKind('azure.aks.cluster', 'aws.eks.cluster')) if (c.input.index === input) out.add(canonicalCluster(graph, c));
  return out;
}

function cloudOfImages(graph: ResourceGraph, workload: Resource): 'azure' | 'aws' | undefined {
  const clouds = new Set<'azure' | 'aws' | 'other'>();
  for (const image of pulledImages(graph)) {
    if (image.workload !== workload || !image.parsed?.ok || !image.parsed.ref.explicitHost) continue;
    const host = image.parsed.ref.host;
    clouds.add(isAcrHost(host) ? 'azure' : parseEcrHost(host) ? 'aws' : 'other');
  }
  clouds.delete('other');
  const only = clouds.size === 1 ? [...clouds][0] : undefined;
  return only === 'other' ? undefined : only;
}

/** The clusters a workload runs on (see ClusterAssociation). */
export function clustersOf(graph: ResourceGraph, workload: Resource): ClusterAssociation {
  let memo = cache.get(graph);
  if (!memo) cache.set(graph, (memo = new Map()));
  const hit = memo.get(workload);
  if (hit) return hit;
  let result: ClusterAssociation;
  const linked = new Set<Resource>();
  for (const link of workload.links([CLUSTER_LINK_KEY])) {
    const target = graph.byAddress(workload, link.address);
    if (target && (target.kind === 'azure.aks.cluster' || target.kind === 'aws.eks.cluster')) linked.add(canonicalCluster(graph, target));
  }
  if (linked.size > 0) {
    result = { clusters: [...linked], how: 'provider' };
  } else {
    let candidates = allClusters(graph);
    const cloud = candidates.length > 1 ? cloudOfImages(graph, workload) : undefined;
    if (cloud) candidates = candidates.filter((c) => (cloud === 'azure' ? c.kind === 'azure.aks.cluster' : c.kind === 'aws.eks.cluster'));
    const local = candidates.length > 1 ? candidates.filter((c) => inputClusters(graph, workload.input.index).has(c)) : [];
    result = local.length === 1
      ? { clusters: local, how: 'input' }
      : { clusters: candidates, how: candidates.length === 0 ? 'none' : candidates.length === 1 ? 'only' : 'ambiguous' };
  }
  memo.set(workload, result);
  return result;
}

import type { ResourceGraph } from '../graph/graph.js';
import type { AttrPath } from '../graph/model.js';
import type { Resource } from '../graph/resource.js';

export type NodeOs = 'linux' | 'windows';
export type NodeArch = 'amd64' | 'arm64';
/** Windows Server release of a Windows pool: 2019 (build 17763, "1809"), 2022 (20348), 2025 (26100). */
export type WindowsRelease = '2019' | '2022' | '2025';
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  readonly key: string;
  readonly value: string;
  readonly effect: TaintEffect;
}

/**
 * A group of identical nodes the scheduler can place pods on: an AKS default or user node pool, an
 * EKS managed node group. Fields are `undefined` when the input does not say (computed, CUSTOM AMI…).
 */
export interface NodePool {
  /** The resource declaring the pool (for the AKS default pool: the cluster). */
  readonly resource: Resource;
  /** Path of the pool inside `resource` (`[]`, or `['default_node_pool', 0]`). */
  readonly path: AttrPath;
  readonly name: string;
  readonly cluster: Resource | undefined;
  readonly os: NodeOs | undefined;
  readonly arch: NodeArch | undefined;
  readonly windowsRelease: WindowsRelease | undefined;
  /** Node labels the pool's nodes carry: the IaC labels plus the well-known ones the platform sets. `undefined` values are unknown. */
  readonly labels: ReadonlyMap<string, string | undefined>;
  /** Whether `labels` lists every label that matters (false when the IaC labels are computed). */
  readonly labelsKnown: boolean;
  /** `undefined` when the taints are computed. */
  readonly taints: readonly Taint[] | undefined;
}

/** Build numbers of the Windows Server releases, as in the `node.kubernetes.io/windows-build` label. */
export const WINDOWS_BUILDS: Readonly<Record<WindowsRelease, string>> = { 2019: '10.0.17763', 2022: '10.0.20348', 2025: '10.0.26100' };

function str(resource: Resource, path: AttrPath): string | undefined {
  const v = resource.get(path);
  return v?.known && typeof v.value === 'string' ? v.value : undefined;
}

function isUnknown(resource: Resource, path: AttrPath): boolean {
  const v = resource.get(path);
  return v !== undefined && !v.known;
}

function stringMap(resource: Resource, path: AttrPath): { map: Record<string, string>; known: boolean } {
  const v = resource.get(path);
  if (v === undefined) return { map: {}, known: true };
  if (!v.known || typeof v.value !== 'object' || v.value === null || Array.isArray(v.value)) return { map: {}, known: v.known };
  const map: Record<string, string> = {};
  for (const [key, value] of Object.entries(v.value as Record<string, unknown>)) if (typeof value === 'string') map[key] = value;
  return { map, known: true };
}

/**
 * Azure VM sizes on Arm (Ampere Altra, Cobalt): the lower-case feature letters after the vCPU count
 * contain `p` (`Standard_D4ps_v5`, `Standard_E8pds_v6`, `Standard_B2pls_v2`).
 * https://learn.microsoft.com/azure/virtual-machines/vm-naming-conventions
 */
export function azureVmArch(size: string): NodeArch | undefined {
  const m = /^Standard_[A-Z]+\d+(?:-\d+)?([a-z]*)_/.exec(size) ?? /^Standard_[A-Z]+\d+(?:-\d+)?([a-z]*)$/.exec(size);
  if (!m) return undefined;
  return m[1]!.includes('p') ? 'arm64' : 'amd64';
}

/**
 * EC2 instance types on Graviton (arm64): the attribute letters after the generation contain `g`
 * (`m6g`, `c7gn`, `r8gd`, `t4g`, `im4gn`, `hpc7g`), plus `a1`.
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html
 */
export function ec2InstanceArch(type: string): NodeArch | undefined {
  const m = /^([a-z]+)(\d+)([a-z-]*)\./.exec(type);
  if (!m) return undefined;
  if (m[1] === 'a' && m[2] === '1') return 'arm64';
  return m[3]!.includes('g') ? 'arm64' : 'amd64';
}

/** EKS `ami_type` → OS, arch and Windows release. https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html */
function eksAmi(amiType: string): { os: NodeOs | undefined; arch: NodeArch | undefined; release: WindowsRelease | undefined } {
  if (amiType === 'CUSTOM') return { os: undefined, arch: undefined, release: undefined };
  const os: NodeOs = amiType.startsWith('WINDOWS_') ? 'windows' : 'linux';
  const arch: NodeArch | undefined = /ARM_64/i.test(amiType) ? 'arm64' : /x86_64/i.test(amiType) ? 'amd64' : undefined;
  const release = /_2019_/.test(amiType) ? '2019' : /_2022_/.test(amiType) ? '2022' : /_2025_/.test(amiType) ? '2025' : undefined;
  return { os, arch, release: os === 'windows' ? release : undefined };
}

const EKS_EFFECTS: Record<string, TaintEffect> = { NO_SCHEDULE: 'NoSchedule', NO_EXECUTE: 'NoExecute', PREFER_NO_SCHEDULE: 'PreferNoSchedule' };

/** AKS `node_taints` entries: `key=value:Effect` (value optional). */
export function parseTaint(text: string): Taint | undefined {
  const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(text.trim());
  return m ? { key: m[1]!, value: m[2] ?? '', effect: m[3] as TaintEffect } : undefined;
}

function wellKnownLabels(labels: Map<string, string | undefined>, os: NodeOs | undefined, arch: NodeArch | undefined, release: WindowsRelease | undefined): void {
  // The kubelet sets these on every node; AKS and EKS do not let pools override them.
  // https://kubernetes.io/docs/reference/labels-annotations-taints/
  labels.set('kubernetes.io/os', os);
  labels.set('beta.kubernetes.io/os', os);
  labels.set('kubernetes.io/arch', arch);
  labels.set('beta.kubernetes.io/arch', arch);
  if (os === 'windows') labels.set('node.kubernetes.io/windows-build', release ? WINDOWS_BUILDS[release] : undefined);
}

function aksPool(resource: Resource, base: AttrPath, cluster: Resource | undefined, isDefault: boolean): NodePool {
  const name = str(resource, [...base, 'name']) ?? resource.address;
  const osType = isDefault ? 'Linux' : (isUnknown(resource, [...base, 'os_type']) ? undefined : (str(resource, [...base, 'os_type']) ?? 'Linux'));
  const os: NodeOs | undefined = osType === undefined ? undefined : osType.toLowerCase() === 'windows' ? 'windows' : 'linux';
  const sku = str(resource, [...base, 'os_sku']);
  const release: WindowsRelease | undefined = os !== 'windows' ? undefined
    : sku === 'Windows2019' ? '2019' : sku === 'Windows2022' ? '2022' : sku === 'Windows2025' ? '2025' : undefined;
  const size = str(resource, [...base, 'vm_size']);
  // Windows node pools run on x64 only.
  const arch: NodeArch | undefined = os === 'windows' ? 'amd64' : size ? azureVmArch(size) : undefined;
  const { map, known } = stringMap(resource, [...base, 'node_labels']);
  const labels = new Map<string, string | undefined>(Object.entries(map));
  labels.set('agentpool', name);
  labels.set('kubernetes.azure.com/agentpool', name);
  wellKnownLabels(labels, os, arch, release);
  let taints: Taint[] | undefined = [];
  if (isDefault) {
    // only_critical_addons_enabled taints the default pool with CriticalAddonsOnly=true:NoSchedule.
    const critical = resource.get([...base, 'only_critical_addons_enabled']);
    if (critical && !critical.known) taints = undefined;
    else if (critical?.value === true) taints.push({ key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' });
  } else {
    const raw = resource.get([...base, 'node_taints']);
    if (raw && !raw.known) taints = undefined;
    else if (raw?.known && Array.isArray(raw.value)) {
      for (const t of raw.value) {
        const parsed = typeof t === 'string' ? parseTaint(t) : undefined;
        if (parsed) taints.push(parsed);
      }
    }
  }
  return { resource, path: base, name, cluster, os, arch, windowsRelease: release, labels, labelsKnown: known, taints };
}

function eksPool(resource: Resource, cluster: Resource | undefined): NodePool {
  const name = str(resource, ['node_group_name']) ?? resource.address;
  const amiType = str(resource, ['ami_type']);
  // Without ami_type EKS picks an Amazon Linux AMI for the instance types' architecture; Windows must be asked for.
  let { os, arch, release } = amiType ? eksAmi(amiType) : { os: 'linux' as NodeOs | undefined, arch: undefined as NodeArch | undefined, release: undefined as WindowsRelease | undefined };
  if (arch === undefined && os !== undefined) {
    const types = resource.get(['instance_types']);
    if (types === undefined) arch = 'amd64'; // default t3.medium
    else if (types.known && Array.isArray(types.value) && types.value.length > 0) {
      const archs = new Set(types.value.map((t) => (typeof t === 'string' ? ec2InstanceArch(t) : undefined)));
      arch = archs.size === 1 ? [...archs][0] : undefined;
    } else if (types.known) arch = 'amd64';
  }
  const { map, known } = stringMap(resource, ['labels']);
  const labels = new Map<string, string | undefined>(Object.entries(map));
  labels.set('eks.amazonaws.com/nodegroup', name);
  wellKnownLabels(labels, os, arch, release);
  let taints: Taint[] | undefined = [];
  const raw = resource.get(['taint']);
  if (raw && !raw.known) taints = undefined;
  else if (raw?.known && Array.isArray(raw.value)) {
    for (const t of raw.value as { key?: unknown; value?: unknown; effect?: unknown }[]) {
      const effect = typeof t?.effect === 'string' ? EKS_EFFECTS[t.effect] : undefined;
      if (typeof t?.key === 'string' && effect) taints.push({ key: t.key, value: typeof t.value === 'string' ? t.value : '', effect });
    }
  }
  return { resource, path: [], name, cluster, os, arch, windowsRelease: release, labels, labelsKnown: known, taints };
}

/** The cluster a pool belongs to: by identifier or reference, else the only cluster of that kind in the pool's input. */
function owningCluster(graph: ResourceGraph, pool: Resource, path: AttrPath, kind: 'azure.aks.cluster' | 'aws.eks.cluster'): Resource | undefined {
  const resolved = graph.resolve(pool, path, [kind]).filter((r) => !r.ambiguous);
  if (resolved.length === 1) return canonicalCluster(graph, resolved[0]!.resource);
  const sameInput = graph.ofKind(kind).filter((c) => c.input.index === pool.input.index && c.mode === 'managed');
  return sameInput.length === 1 ? sameInput[0] : undefined;
}

/**
 * A cluster read through a data source stands for the managed cluster of the same name when the
 * inputs also declare it (a plan often reads `data.aws_eks_cluster` for its provider configuration).
 */
export function canonicalCluster(graph: ResourceGraph, cluster: Resource): Resource {
  if (cluster.mode === 'managed' || cluster.kind === undefined) return cluster;
  const name = cluster.get(['name']);
  if (!name?.known || typeof name.value !== 'string') return cluster;
  const managed = graph.ofKind(cluster.kind).filter((c) => c.mode === 'managed' && c.attrs.name === name.value);
  return managed.length === 1 ? managed[0]! : cluster;
}

const cache = new WeakMap<ResourceGraph, readonly NodePool[]>();

/** Every node pool of every cluster in the graph, computed once per graph. */
export function nodePools(graph: ResourceGraph): readonly NodePool[] {
  const cached = cache.get(graph);
  if (cached) return cached;
  const out: NodePool[] = [];
  for (const cluster of graph.ofKind('azure.aks.cluster')) {
    if (cluster.mode !== 'managed') continue;
    if (cluster.get(['default_node_pool']) !== undefined) out.push(aksPool(cluster, ['default_node_pool', 0], cluster, true));
  }
  for (const pool of graph.ofKind('azure.aks.nodepool')) {
    if (pool.mode !== 'managed') continue;
    out.push(aksPool(pool, [], owningCluster(graph, pool, ['kubernetes_cluster_id'], 'azure.aks.cluster'), false));
  }
  for (const group of graph.ofKind('aws.eks.nodegroup')) {
    if (group.mode !== 'managed') continue;
    out.push(eksPool(group, owningCluster(graph, group, ['cluster_name'], 'aws.eks.cluster')));
  }
  cache.set(graph, out);
  return out;
}

const byCluster = new WeakMap<ResourceGraph, Map<Resource | undefined, NodePool[]>>();
const NO_POOLS: readonly NodePool[] = [];

/** The pools of one cluster (indexed once per graph: rules ask per cluster × registry pair). */
export function nodePoolsOf(graph: ResourceGraph, cluster: Resource): readonly NodePool[] {
  let index = byCluster.get(graph);
  if (!index) {
    index = new Map();
    for (const pool of nodePools(graph)) {
      const list = index.get(pool.cluster);
      if (list) list.push(pool);
      else index.set(pool.cluster, [pool]);
    }
    byCluster.set(graph, index);
  }
  return index.get(cluster) ?? NO_POOLS;
}

import type { AttrPath } from '../graph/model.js';
import type { Resource } from '../graph/resource.js';
import type { NodePool } from './node-pools.js';
import { podSpecPath } from './workloads.js';

/** Three-valued match: the scheduler will (`yes`), will not (`no`), or may (`maybe`, something is unknown) use a pool. */
export type Match = 'yes' | 'no' | 'maybe';

interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

interface Toleration {
  readonly key: string;
  readonly operator: string;
  readonly value: string;
  readonly effect: string;
}

/** Where a pod lands, as the scheduler reads it: node selector, required node affinity, tolerations. */
export interface PodPlacement {
  readonly workload: Resource;
  /** Path of the pod spec in the workload. */
  readonly specPath: AttrPath;
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Required node-affinity terms (OR of ANDs); empty when there is none. */
  readonly terms: readonly (readonly Requirement[])[];
  readonly tolerations: readonly Toleration[];
}

/** Label keys a node carries that pullfix does not model (zones, instance types, provider internals): a selector on them may match. */
const UNMODELLED_LABEL = /^(topology\.kubernetes\.io\/|failure-domain\.beta\.kubernetes\.io\/|node\.kubernetes\.io\/instance-type$|beta\.kubernetes\.io\/instance-type$|kubernetes\.io\/hostname$|kubernetes\.azure\.com\/|eks\.amazonaws\.com\/|karpenter\.|k8s\.io\/|node-role\.kubernetes\.io\/)/;

/** OS labels, current and legacy. */
export const OS_LABELS = ['kubernetes.io/os', 'beta.kubernetes.io/os'] as const;
export const ARCH_LABELS = ['kubernetes.io/arch', 'beta.kubernetes.io/arch'] as const;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Reads the placement of a workload's pods. Returns `undefined` when the workload has no pod spec,
 * or when a placement field is computed (the rules then skip: placement cannot be decided).
 */
export function podPlacement(workload: Resource): PodPlacement | undefined {
  const kind = workload.get(['kind']);
  if (!kind?.known || typeof kind.value !== 'string') return undefined;
  const specPath = podSpecPath(kind.value);
  if (!specPath) return undefined;
  const spec = workload.get(specPath);
  if (!spec?.known) return undefined;
  const selector = workload.get([...specPath, 'nodeSelector']);
  if (selector && !selector.known) return undefined;
  const nodeSelector: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(selector?.value) ?? {})) if (typeof v === 'string') nodeSelector[k] = v;
  const required = workload.get([...specPath, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution']);
  if (required && !required.known) return undefined;
  const terms: Requirement[][] = [];
  const rawTerms = record(required?.value)?.nodeSelectorTerms;
  for (const term of Array.isArray(rawTerms) ? rawTerms : []) {
    const expressions = record(term)?.matchExpressions;
    const reqs: Requirement[] = [];
    for (const e of Array.isArray(expressions) ? expressions : []) {
      const r = record(e);
      if (r && typeof r.key === 'string' && typeof r.operator === 'string') reqs.push({ key: r.key, operator: r.operator, values: strings(r.values) });
    }
    terms.push(reqs);
  }
  const rawTolerations = workload.get([...specPath, 'tolerations']);
  if (rawTolerations && !rawTolerations.known) return undefined;
  const tolerations: Toleration[] = [];
  for (const t of Array.isArray(rawTolerations?.value) ? rawTolerations.value : []) {
    const r = record(t);
    if (!r) continue;
    tolerations.push({
      key: typeof r.key === 'string' ? r.key : '',
      operator: typeof r.operator === 'string' ? r.operator : 'Equal',
      value: typeof r.value === 'string' ? r.value : '',
      effect: typeof r.effect === 'string' ? r.effect : '',
    });
  }
  return { workload, specPath, nodeSelector, terms, tolerations };
}

function and(a: Match, b: Match): Match {
  if (a === 'no' || b === 'no') return 'no';
  return a === 'maybe' || b === 'maybe' ? 'maybe' : 'yes';
}

function or(a: Match, b: Match): Match {
  if (a === 'yes' || b === 'yes') return 'yes';
  return a === 'maybe' || b === 'maybe' ? 'maybe' : 'no';
}

/** The value of a node label on a pool: a string, `null` when the nodes do not carry it, `undefined` when unknown. */
function labelOf(pool: NodePool, key: string): string | null | undefined {
  if (pool.labels.has(key)) return pool.labels.get(key);
  if (UNMODELLED_LABEL.test(key) || !pool.labelsKnown) return undefined;
  return null;
}

function requirementMatch(pool: NodePool, req: Requirement): Match {
  const value = labelOf(pool, req.key);
  if (value === undefined) return 'maybe';
  switch (req.operator) {
    case 'In': return value !== null && req.values.includes(value) ? 'yes' : 'no';
    case 'NotIn': return value === null || !req.values.includes(value) ? 'yes' : 'no';
    case 'Exists': return value !== null ? 'yes' : 'no';
    case 'DoesNotExist': return value === null ? 'yes' : 'no';
    default: return 'maybe';
  }
}

export interface PlacementFilter {
  /** Only consider selector keys and affinity keys in this list (e.g. the OS labels). */
  readonly onlyKeys?: readonly string[];
  /** Ignore taints (to ask "does the selector alone match?"). */
  readonly ignoreTaints?: boolean;
}

/**
 * Whether the scheduler may place the pods on a pool: node selector, required node affinity, and
 * `NoSchedule`/`NoExecute` taints without a matching toleration.
 * https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/
 * https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export function placementMatch(placement: PodPlacement, pool: NodePool, filter: PlacementFilter = {}): Match {
  const keep = (key: string): boolean => filter.onlyKeys === undefined || filter.onlyKeys.includes(key);
  let result: Match = 'yes';
  for (const [key, value] of Object.entries(placement.nodeSelector)) {
    if (!keep(key)) continue;
    const actual = labelOf(pool, key);
    result = and(result, actual === undefined ? 'maybe' : actual === value ? 'yes' : 'no');
  }
  // Terms are ORed, requirements inside a term ANDed; a term left empty by the key filter does not
  // constrain those keys, so it matches.
  if (placement.terms.length > 0) {
    let any: Match = 'no';
    for (const term of placement.terms) {
      any = or(any, term.filter((r) => keep(r.key)).reduce<Match>((acc, req) => and(acc, requirementMatch(pool, req)), 'yes'));
    }
    result = and(result, any);
  }
  if (!filter.ignoreTaints) {
    if (pool.taints === undefined) return and(result, 'maybe');
    for (const taint of pool.taints) {
      if (taint.effect === 'PreferNoSchedule') continue;
      const tolerated = placement.tolerations.some((t) => (t.key === '' ? t.operator === 'Exists' : t.key === taint.key
        && (t.operator === 'Exists' || t.value === taint.value)) && (t.effect === '' || t.effect === taint.effect));
      if (!tolerated) return 'no';
    }
  }
  return result;
}

/** Whether the pod spec constrains one of these labels (node selector or required node affinity). */
export function constrains(placement: PodPlacement, keys: readonly string[]): boolean {
  return Object.keys(placement.nodeSelector).some((k) => keys.includes(k))
    || placement.terms.some((term) => term.some((r) => keys.includes(r.key)));
}

import type { ResourceGraph } from '../graph/graph.js';

/**
 * Per-graph caches for analysis helpers. Rules ask the same questions many times (every cluster ×
 * registry pair asks about every role assignment); a helper that caches its answers per graph keeps
 * each rule O(resources) without changing what it computes. The cache lives in the graph
 * (`ResourceGraph.memo`), so it is dropped with the graph and reset if a resource is added.
 */
export function graphCache<K, V>(): (graph: ResourceGraph) => Map<K, V> {
  const key = {};
  return (graph) => graph.memo(key, () => new Map<K, V>());
}

/** The cached value for `key`, computed on first use. */
export function cached<K, V>(map: Map<K, V>, key: K, compute: () => V): V {
  const hit = map.get(key);
  if (hit !== undefined || map.has(key)) return hit as V;
  const value = compute();
  map.set(key, value);
  return value;
}

import type { ResourceGraph } from '../../graph/graph.js';
import type { ResourceKind } from '../../graph/kinds.js';
import type { AttrPath } from '../../graph/model.js';
import type { Resource } from '../../graph/resource.js';
import { resolveRefs } from '../aws-nodes.js';

export { bool, num, str } from '../attributes.js';

const caches = new WeakMap<ResourceGraph, Map<string, ReadonlyMap<string, readonly Resource[]>>>();

/**
 * Reverse index "target → resources of `kinds` whose `path` points at it" (route → route table,
 * association → subnet…), built once per graph with value-first resolution, so that lookups stay
 * O(1) and rules O(resources).
 */
export function pointersTo(
  graph: ResourceGraph, kinds: readonly ResourceKind[], path: AttrPath, targetKinds: readonly ResourceKind[],
): ReadonlyMap<string, readonly Resource[]> {
  let perGraph = caches.get(graph);
  if (!perGraph) caches.set(graph, (perGraph = new Map()));
  const key = `${kinds.join(',')}|${path.join('.')}|${targetKinds.join(',')}`;
  const cached = perGraph.get(key);
  if (cached) return cached;
  const index = new Map<string, Resource[]>();
  for (const resource of graph.ofKind(...kinds)) {
    const resolved = resolveRefs(graph, resource, path, targetKinds);
    if (resolved.status !== 'resolved') continue;
    for (const target of resolved.resources) {
      let list = index.get(target.key);
      if (!list) index.set(target.key, (list = []));
      list.push(resource);
    }
  }
  perGraph.set(key, index);
  return index;
}

/** Resources of `kinds` whose `path` points at `target`. */
export function pointing(
  graph: ResourceGraph, target: Resource, kinds: readonly ResourceKind[], path: AttrPath, targetKinds: readonly ResourceKind[],
): readonly Resource[] {
  return pointersTo(graph, kinds, path, targetKinds).get(target.key) ?? [];
}

/** Whether the input records references for an attribute or anything below it (`egress`, `egress.security_groups`). */
export function hasLinksUnder(resource: Resource, key: string): boolean {
  for (const [attribute] of resource.linkedAttributes()) {
    if (attribute === key || attribute.startsWith(`${key}.`)) return true;
  }
  return false;
}

/**
 * Whether an attribute is unknown only because the configuration leaves it unset: Terraform plans
 * unset Optional+Computed attributes (`private_dns_enabled`, `policy`, `security_group_ids`,
 * `enable_dns_hostnames`, inline rule sets…) as unknown on create, and the provider default applies.
 * The input says whether the attribute is configured (`Resource.configured`); where it cannot tell,
 * a configured value computed from another resource would carry a reference.
 */
export function unsetOnCreate(resource: Resource, path: AttrPath): boolean {
  const value = resource.get(path);
  if (value === undefined || value.known || resource.action !== 'create') return false;
  const configured = resource.configured(path);
  if (configured !== undefined) return !configured;
  const key = path.filter((step): step is string => typeof step === 'string').join('.');
  return !hasLinksUnder(resource, key);
}

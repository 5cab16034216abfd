import type { ResourceGraph } from '../../graph/graph.js';
import type { AttrPath } from '../../graph/model.js';
import { linkKey, type Resource } from '../../graph/resource.js';
import { cached, graphCache } from '../memo.js';
import type { Tri } from './arm-id.js';

/**
 * What an identity-valued attribute stands for: the concrete values it is known to have and the
 * resource attributes it is wired to (itself, and whatever its references point at, followed through
 * a few hops). Two attributes denote the same principal when they share a value or an attribute —
 * `principal_id = module.aks.kubelet_object_id` and the cluster's `kubelet_identity[0].object_id`
 * meet at the cluster attribute even though neither value is known at plan time.
 */
export interface ValueTrace {
  /** Known string values, lower-cased (GUIDs and ARM ids are case-insensitive). */
  readonly values: Set<string>;
  /** `<input>\0<address>\0<attribute key>` of every attribute on the chain. */
  readonly attrs: Set<string>;
  /** Reached through links whose target is missing, is a data source, or is named without an attribute. */
  readonly open: boolean;
  /** Links that reached resources in the graph (their addresses and attributes). */
  readonly targets: { resource: Resource; attribute: string }[];
  /** The source attribute has neither a known value nor a link. */
  readonly blind: boolean;
}

export function attrKey(resource: Resource, path: AttrPath | string): string {
  return `${resource.input.index}\u0000${resource.address}\u0000${typeof path === 'string' ? path : linkKey(path)}`;
}

function keyPath(key: string): AttrPath {
  return key.split('.');
}

// Traces, kubelet principals and wrong-identity verdicts depend on the graph and one resource only;
// rules ask for them once per (cluster, registry) pair, so they are computed once per graph. The
// returned traces are shared: callers read them and build new ones with `merge` or a spread.
const TRACES = graphCache<Resource, Map<string, ValueTrace>>();
const KUBELETS = graphCache<Resource, KubeletPrincipal>();
const WRONG = graphCache<ValueTrace, WrongIdentity | undefined>();

/** Follows an attribute's value and references (up to `depth` hops). */
export function trace(graph: ResourceGraph, resource: Resource, path: AttrPath, depth = 4): ValueTrace {
  const byPath = cached(TRACES(graph), resource, () => new Map<string, ValueTrace>());
  const key = `${depth}${path.map((step) => (typeof step === 'number' ? `\u0000#${step}` : `\u0000${step}`)).join('')}`;
  return cached(byPath, key, () => computeTrace(graph, resource, path, depth));
}

function computeTrace(graph: ResourceGraph, resource: Resource, path: AttrPath, depth: number): ValueTrace {
  const out: ValueTrace = { values: new Set(), attrs: new Set(), open: false, targets: [], blind: false };
  const value = resource.get(path);
  const links = resource.links(path);
  if (!value?.known && links.length === 0) (out as { blind: boolean }).blind = true;
  walk(graph, resource, linkKey(path), path, depth, out);
  return out;
}

function walk(graph: ResourceGraph, resource: Resource, key: string, path: AttrPath, depth: number, out: ValueTrace): void {
  const k = attrKey(resource, key);
  if (out.attrs.has(k)) return;
  out.attrs.add(k);
  const value = resource.get(path);
  if (value?.known && typeof value.value === 'string' && value.value !== '') out.values.add(value.value.toLowerCase());
  if (depth <= 0) return;
  for (const link of resource.links(path)) {
    const target = graph.byAddress(resource, link.address);
    const targetKey = linkKey(link.attribute);
    if (!target) {
      (out as { open: boolean }).open = true;
      out.attrs.add(`${resource.input.index}\u0000${link.address}\u0000${targetKey}`);
      continue;
    }
    // A data source is read from outside the inputs; a link that names no attribute (Pulumi property
    // dependencies, Terraform 0.1 subject-only references) says which resource the value comes from
    // but not which of its identities, so neither can prove two principals differ.
    if (target.mode === 'data' || link.attribute.length === 0) (out as { open: boolean }).open = true;
    out.targets.push({ resource: target, attribute: targetKey });
    walk(graph, target, targetKey, link.attribute.length > 0 ? link.attribute : keyPath(targetKey), depth - 1, out);
  }
}

export function merge(...traces: ValueTrace[]): ValueTrace {
  const out: ValueTrace = { values: new Set(), attrs: new Set(), open: false, targets: [], blind: true };
  for (const t of traces) {
    t.values.forEach((v) => out.values.add(v));
    t.attrs.forEach((a) => out.attrs.add(a));
    out.targets.push(...t.targets);
    if (t.open) (out as { open: boolean }).open = true;
    if (!t.blind) (out as { blind: boolean }).blind = false;
  }
  return out;
}

function intersects<T>(a: Set<T>, b: Set<T>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/**
 * Whether two traced identity attributes denote the same principal. `no` only when both sides are
 * decided: different known values, or references to different attributes of managed resources that
 * are in the inputs.
 */
export function samePrincipal(a: ValueTrace, b: ValueTrace): Tri {
  if (intersects(a.values, b.values) || intersects(a.attrs, b.attrs)) return 'yes';
  if (a.values.size > 0 && b.values.size > 0) return 'no';
  if (a.blind || b.blind || a.open || b.open) return 'unknown';
  // A literal GUID against a value computed at apply time: the author cannot have copied a value that
  // does not exist yet, but the plan may be an update where the cluster already exists; stay undecided.
  if (a.values.size > 0 || b.values.size > 0) return 'unknown';
  return 'no';
}

/** Whether the trace reaches one of the given attributes of a resource (matched by attribute key). */
export function reaches(t: ValueTrace, resource: Resource, keys: readonly string[]): boolean {
  return keys.some((k) => t.attrs.has(attrKey(resource, k)));
}

/** The principal the kubelet authenticates with, and how it was found. */
export interface KubeletPrincipal {
  readonly cluster: Resource;
  readonly trace: ValueTrace;
  readonly via: 'system-assigned' | 'user-assigned' | 'service-principal';
  /** Resource holding the identity (UAI or service principal), when it is in the inputs. */
  readonly identity?: Resource;
  /** Set when the principal could not be traced (service principal not in the inputs, …). */
  readonly unresolved?: string;
}

/**
 * Resolves the identity kubelet uses to pull: the kubelet managed identity
 * (`kubelet_identity[0].object_id`, or the `principal_id` of the pre-created user-assigned identity
 * named by `kubelet_identity[0].user_assigned_identity_id`), or for service-principal clusters the
 * service principal whose client id is `service_principal[0].client_id`.
 * https://learn.microsoft.com/azure/aks/cluster-container-registry-integration
 */
export function kubeletPrincipal(graph: ResourceGraph, cluster: Resource): KubeletPrincipal {
  return cached(KUBELETS(graph), cluster, () => computeKubeletPrincipal(graph, cluster));
}

function computeKubeletPrincipal(graph: ResourceGraph, cluster: Resource): KubeletPrincipal {
  const sp = cluster.get(['service_principal', 'client_id']);
  const hasIdentity = cluster.get(['identity', 'type'])?.known === true;
  if ((sp !== undefined || cluster.links(['service_principal', 'client_id']).length > 0) && !hasIdentity) {
    const clientId = trace(graph, cluster, ['service_principal', 'client_id']);
    const principal = servicePrincipalByClientId(graph, clientId);
    if (principal) {
      const own = merge(trace(graph, principal, ['object_id']), trace(graph, principal, ['id']));
      return { cluster, via: 'service-principal', identity: principal, trace: { ...own, blind: false } };
    }
    return { cluster, via: 'service-principal', trace: merge(), unresolved: 'the service principal whose client id the cluster uses is not in the inputs' };
  }
  // The cluster attribute itself names the kubelet principal, even while its value is computed.
  const own: ValueTrace = { ...trace(graph, cluster, ['kubelet_identity', 'object_id']), blind: false };
  const uaiIdPath: AttrPath = ['kubelet_identity', 'user_assigned_identity_id'];
  if (cluster.get(uaiIdPath)?.known === true || cluster.links(uaiIdPath).length > 0) {
    const uai = graph.resolve(cluster, uaiIdPath, ['azure.identity.userassigned'])[0]?.resource;
    if (uai) return { cluster, via: 'user-assigned', identity: uai, trace: merge(own, trace(graph, uai, ['principal_id'])) };
    return { cluster, via: 'user-assigned', trace: own };
  }
  // System-assigned kubelet identity: the object id is computed by AKS, referenced by attribute.
  return { cluster, via: 'system-assigned', trace: own };
}

/** The `azuread_service_principal` whose client id (`client_id`, or `application_id` in azuread < 2.?) matches. */
export function servicePrincipalByClientId(graph: ResourceGraph, clientId: ValueTrace): Resource | undefined {
  for (const principal of graph.ofKind('azure.ad.serviceprincipal')) {
    const own = merge(trace(graph, principal, ['client_id']), trace(graph, principal, ['application_id']));
    if (samePrincipal(own, clientId) === 'yes') return principal;
  }
  return undefined;
}

/** The kind of wrong identity an assignment's principal traces to (PF-AZ-002). */
export type WrongIdentity =
  | { readonly kind: 'control-plane'; readonly resource: Resource }
  | { readonly kind: 'add-on'; readonly resource: Resource; readonly addOn: string }
  | { readonly kind: 'client-id'; readonly resource: Resource }
  | { readonly kind: 'application-object'; readonly resource: Resource };

const ADD_ON_IDENTITIES: readonly [string, string][] = [
  ['oms_agent.oms_agent_identity.object_id', 'oms_agent (Container Insights)'],
  ['ingress_application_gateway.ingress_application_gateway_identity.object_id', 'ingress_application_gateway (AGIC)'],
  ['key_vault_secrets_provider.secret_identity.object_id', 'key_vault_secrets_provider'],
  ['web_app_routing.web_app_routing_identity.object_id', 'web_app_routing'],
  ['aci_connector_linux.connector_identity.object_id', 'aci_connector_linux'],
];

/**
 * Classifies a principal trace that reaches an identity kubelet never uses: the cluster's
 * control-plane identity, an add-on identity, a client id (application id) where an object id is
 * required, or an Entra application object instead of its service principal.
 */
export function wrongIdentity(graph: ResourceGraph, t: ValueTrace): WrongIdentity | undefined {
  return cached(WRONG(graph), t, () => computeWrongIdentity(graph, t));
}

/**
 * The identities `wrongIdentity` looks for, in the order it looks: each probe matches a trace that
 * reaches one of its attributes or holds one of its values. Built once per graph and indexed by
 * attribute key and value, so classifying a trace costs the size of the trace, not of the graph.
 */
interface Probes {
  readonly results: WrongIdentity[];
  /** Attribute key (as in ValueTrace.attrs) → first probe index. */
  readonly byAttr: Map<string, number>;
  /** Lower-cased value → first probe index. */
  readonly byValue: Map<string, number>;
}

const PROBES = {};

function probes(graph: ResourceGraph): Probes {
  return graph.memo(PROBES, () => {
    const out: Probes = { results: [], byAttr: new Map(), byValue: new Map() };
    const probe = (result: WrongIdentity, reached: readonly [Resource, readonly string[]][], valued: readonly [Resource, AttrPath][]): void => {
      const index = out.results.length;
      out.results.push(result);
      for (const [resource, keys] of reached) {
        for (const k of keys) {
          const key = attrKey(resource, k);
          if (!out.byAttr.has(key)) out.byAttr.set(key, index);
        }
      }
      for (const [resource, path] of valued) {
        const v = resource.get(path);
        if (v?.known !== true || typeof v.value !== 'string') continue;
        const value = v.value.toLowerCase();
        if (!out.byValue.has(value)) out.byValue.set(value, index);
      }
    };
    for (const cluster of graph.ofKind('azure.aks.cluster')) {
      probe({ kind: 'control-plane', resource: cluster }, [[cluster, ['identity.principal_id']]], []);
      // A user-assigned control-plane identity (identity.identity_ids) that is not also the kubelet identity.
      const kubeletUai = graph.resolve(cluster, ['kubelet_identity', 'user_assigned_identity_id'], ['azure.identity.userassigned'])[0]?.resource;
      for (const uai of graph.resolve(cluster, ['identity', 'identity_ids'], ['azure.identity.userassigned'])) {
        if (uai.resource !== kubeletUai) probe({ kind: 'control-plane', resource: cluster }, [[uai.resource, ['principal_id']]], [[uai.resource, ['principal_id']]]);
      }
      for (const [key, addOn] of ADD_ON_IDENTITIES) probe({ kind: 'add-on', resource: cluster, addOn }, [[cluster, [key]]], []);
      probe({ kind: 'client-id', resource: cluster }, [[cluster, ['kubelet_identity.client_id']]], []);
      probe({ kind: 'control-plane', resource: cluster }, [], [[cluster, ['identity', 'principal_id']]]);
      probe({ kind: 'client-id', resource: cluster }, [], [[cluster, ['kubelet_identity', 'client_id']]]);
    }
    for (const uai of graph.ofKind('azure.identity.userassigned')) {
      probe({ kind: 'client-id', resource: uai }, [[uai, ['client_id']]], [[uai, ['client_id']]]);
    }
    for (const app of graph.ofKind('azure.ad.application')) {
      probe({ kind: 'client-id', resource: app }, [[app, ['client_id', 'application_id']]], [[app, ['client_id']], [app, ['application_id']]]);
      probe({ kind: 'application-object', resource: app }, [[app, ['object_id']]], [[app, ['object_id']]]);
    }
    for (const principal of graph.ofKind('azure.ad.serviceprincipal')) {
      probe({ kind: 'client-id', resource: principal }, [[principal, ['client_id', 'application_id']]], []);
    }
    return out;
  });
}

function computeWrongIdentity(graph: ResourceGraph, t: ValueTrace): WrongIdentity | undefined {
  const { results, byAttr, byValue } = probes(graph);
  let first = results.length;
  for (const key of t.attrs) {
    const index = byAttr.get(key);
    if (index !== undefined && index < first) first = index;
  }
  for (const value of t.values) {
    const index = byValue.get(value);
    if (index !== undefined && index < first) first = index;
  }
  return results[first];
}

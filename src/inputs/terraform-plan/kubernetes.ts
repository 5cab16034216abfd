/**
 * Terraform `kubernetes_*` resources → the Kubernetes API object (`k8s.*` kinds keep the API shape,
 * see graph/kinds.ts). The hashicorp/kubernetes provider describes objects with snake_case blocks
 * (`spec[0].template[0].spec[0].container[0].image`, `node_selector`, `toleration`,
 * `image_pull_secrets`); rules read `spec.template.spec.containers[0].image`, `nodeSelector`,
 * `tolerations`, `imagePullSecrets`, whatever the source. Every translated path maps back to the
 * Terraform path, so findings point at the real plan location, and links recorded on Terraform
 * paths are re-keyed to the translated ones.
 * https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/deployment_v1
 */
import { CLUSTER_LINK_KEY } from '../../graph/model.js';
import type { ResourceKind } from '../../graph/kinds.js';
import type { AttrPath, Link, ResourceInit } from '../../graph/model.js';
import { linkKey, pointerToken } from '../../graph/resource.js';
import { isKubernetesObject, kindOfObject } from '../kubernetes/objects.js';
import { loadYaml } from '../kubernetes/parse.js';
import { isRecord } from '../../graph/json.js';

/** apiVersion and kind of each typed Terraform resource. */
const TYPED: Readonly<Record<string, readonly [string, string]>> = {
  kubernetes_deployment: ['apps/v1', 'Deployment'],
  kubernetes_deployment_v1: ['apps/v1', 'Deployment'],
  kubernetes_stateful_set: ['apps/v1', 'StatefulSet'],
  kubernetes_stateful_set_v1: ['apps/v1', 'StatefulSet'],
  kubernetes_daemonset: ['apps/v1', 'DaemonSet'],
  kubernetes_daemon_set_v1: ['apps/v1', 'DaemonSet'],
  kubernetes_job: ['batch/v1', 'Job'],
  kubernetes_job_v1: ['batch/v1', 'Job'],
  kubernetes_cron_job: ['batch/v1beta1', 'CronJob'],
  kubernetes_cron_job_v1: ['batch/v1', 'CronJob'],
  kubernetes_pod: ['v1', 'Pod'],
  kubernetes_pod_v1: ['v1', 'Pod'],
  kubernetes_replication_controller: ['v1', 'ReplicationController'],
  kubernetes_replication_controller_v1: ['v1', 'ReplicationController'],
  kubernetes_secret: ['v1', 'Secret'],
  kubernetes_secret_v1: ['v1', 'Secret'],
};

/** Provider block names whose API field is not their camelCase form. */
const RENAMES: Readonly<Record<string, string>> = {
  container: 'containers',
  init_container: 'initContainers',
  ephemeral_container: 'ephemeralContainers',
  toleration: 'tolerations',
  volume: 'volumes',
  port: 'ports',
  volume_mount: 'volumeMounts',
  volume_device: 'volumeDevices',
  node_selector_term: 'nodeSelectorTerms',
  topology_spread_constraint: 'topologySpreadConstraints',
  readiness_gate: 'readinessGates',
  host_aliases: 'hostAliases',
  image_pull_secrets: 'imagePullSecrets',
  env_from: 'envFrom',
};

/** API fields that are lists; every other provider block (lists of at most one element) is a single object. */
const LIST_FIELDS = new Set([
  'containers', 'initContainers', 'ephemeralContainers', 'tolerations', 'volumes', 'ports', 'volumeMounts',
  'volumeDevices', 'nodeSelectorTerms', 'topologySpreadConstraints', 'readinessGates', 'hostAliases',
  'imagePullSecrets', 'env', 'envFrom', 'matchExpressions', 'matchFields', 'preferredDuringSchedulingIgnoredDuringExecution',
  'items', 'podFailurePolicy', 'rules', 'onPodConditions',
]);

/** Top-level provider attributes that are part of the object (the rest are provider settings: timeouts, wait_for_rollout…). */
const TOP_LEVEL = new Set(['metadata', 'spec', 'type', 'data', 'binary_data', 'immutable']);

function camel(name: string): string {
  return RENAMES[name] ?? name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const SEP = '\u0000';
const pathKey = (path: AttrPath): string => path.join(SEP);

export interface KubernetesTranslation {
  /** Normalized kind: `k8s.workload`, `k8s.secret` or `k8s.manifest`. */
  readonly kind: ResourceKind;
  /** The Kubernetes API object. */
  readonly attrs: Record<string, unknown>;
  /** Unknown mirror of `attrs` (same convention as Terraform's `after_unknown`). */
  readonly unknown: unknown;
  /** The Terraform path (inside `change.after`) an API path comes from. */
  readonly terraformPath: (path: AttrPath) => AttrPath;
  /** RFC 6901 pointer, relative to `change.after`, of an API path. */
  readonly pointerOf: (path: AttrPath) => string;
  /** The API link key of a Terraform link key ("spec.template.spec.container.image" → "spec.template.spec.containers.image"). */
  readonly linkKeyOf: (terraformKey: string) => string;
}

class PathIndex {
  readonly #paths = new Map<string, AttrPath>();
  readonly #keys = new Map<string, string>();

  record(api: AttrPath, tf: AttrPath): void {
    this.#paths.set(pathKey(api), tf);
    this.#keys.set(linkKey(tf), linkKey(api));
  }

  terraformPath(api: AttrPath): AttrPath {
    for (let n = api.length; n >= 0; n -= 1) {
      const hit = this.#paths.get(pathKey(api.slice(0, n)));
      if (hit) return [...hit, ...api.slice(n)];
    }
    return api;
  }

  linkKeyOf(tfKey: string): string {
    const parts = tfKey === '' ? [] : tfKey.split('.');
    for (let n = parts.length; n >= 0; n -= 1) {
      const hit = this.#keys.get(parts.slice(0, n).join('.'));
      if (hit !== undefined) return [hit, ...parts.slice(n)].filter((p) => p !== '').join('.');
    }
    return tfKey;
  }
}

/**
 * Translates one provider block (an object of the provider schema) into the API object, walking the
 * configured values and the unknown mirror together.
 */
function block(value: unknown, unknown: unknown, api: AttrPath, tf: AttrPath, index: PathIndex, parentField: string): [Record<string, unknown>, unknown] {
  index.record(api, tf);
  const out: Record<string, unknown> = {};
  const unk: Record<string, unknown> = {};
  const values = isRecord(value) ? value : {};
  const unknowns = isRecord(unknown) ? unknown : {};
  for (const key of new Set([...Object.keys(values), ...Object.keys(unknowns)])) {
    const field = camel(key);
    const v = values[key];
    const u = unknowns[key];
    const tfPath = [...tf, key];
    if (u === true) {
      unk[field] = true;
      index.record([...api, field], tfPath);
      continue;
    }
    const isBlockList = Array.isArray(v) && v.length > 0 && v.every(isRecord);
    if (!isBlockList) {
      // Attributes (strings, numbers, maps such as labels and node_selector, lists of strings) keep their value.
      // Absent, null and empty blocks or lists are all "not set" in the API object.
      if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      out[field] = v;
      if (u !== undefined && u !== false && !(Array.isArray(u) && u.length === 0) && !(isRecord(u) && Object.keys(u).length === 0)) unk[field] = u;
      index.record([...api, field], tfPath);
      continue;
    }
    const list = v as Record<string, unknown>[];
    const unkList = Array.isArray(u) ? u : [];
    // nodeAffinity.requiredDuringScheduling… is one NodeSelector; pod (anti-)affinity's is a list of terms.
    const asList = LIST_FIELDS.has(field) || (field === 'requiredDuringSchedulingIgnoredDuringExecution' && parentField !== 'nodeAffinity');
    if (asList) {
      const items: unknown[] = [];
      const itemUnknowns: unknown[] = [];
      let anyUnknown = false;
      list.forEach((item, i) => {
        const [o, ou] = block(item, unkList[i], [...api, field, i], [...tfPath, i], index, field);
        items.push(o);
        itemUnknowns.push(ou ?? {});
        if (ou !== undefined) anyUnknown = true;
      });
      index.record([...api, field], tfPath);
      out[field] = items;
      if (anyUnknown) unk[field] = itemUnknowns;
    } else {
      const [o, ou] = block(list[0], unkList[0], [...api, field], [...tfPath, 0], index, field);
      out[field] = o;
      if (ou !== undefined) unk[field] = ou;
    }
  }
  return [out, Object.keys(unk).length > 0 ? unk : undefined];
}

/**
 * Translates the planned state of a `kubernetes_*` resource into the Kubernetes API object.
 * Returns `undefined` for types that are not Kubernetes objects pullfix reads (namespaces, service
 * accounts, config maps are still translated; provider-only types are not).
 */
export function translateKubernetesResource(type: string, after: unknown, afterUnknown: unknown): KubernetesTranslation | undefined {
  const index = new PathIndex();
  const afterRecord = isRecord(after) ? after : {};
  const unknownRecord = isRecord(afterUnknown) ? afterUnknown : {};
  if (type === 'kubernetes_manifest') {
    // The `manifest` attribute is the object itself, in API shape.
    const manifest = isRecord(afterRecord.manifest) ? afterRecord.manifest : {};
    const unknown = unknownRecord.manifest;
    const terraformPath = (path: AttrPath): AttrPath => ['manifest', ...path];
    return {
      kind: kindOfObject(manifest.kind),
      attrs: manifest,
      unknown: unknown === true ? true : unknown,
      terraformPath,
      pointerOf: (path) => pointer(terraformPath(path)),
      linkKeyOf: (key) => (key === 'manifest' ? '' : key.startsWith('manifest.') ? key.slice('manifest.'.length) : key),
    };
  }
  if (type === 'kubectl_manifest') return kubectlManifest(afterRecord, unknownRecord);
  const typed = TYPED[type];
  if (!typed) return undefined;
  const [apiVersion, kind] = typed;
  const source: Record<string, unknown> = {};
  const sourceUnknown: Record<string, unknown> = {};
  for (const key of TOP_LEVEL) {
    if (key in afterRecord) source[key] = afterRecord[key];
    if (key in unknownRecord) sourceUnknown[key] = unknownRecord[key];
  }
  const [object, blockUnknown] = block(source, sourceUnknown, [], [], index, '');
  let unknown = blockUnknown;
  if (kind === 'Secret') {
    // The provider takes `data` in clear text and base64-encodes it on apply: in API terms that is
    // `stringData`; its `binary_data` (already base64) is the API's `data`.
    const u = (unknown ?? {}) as Record<string, unknown>;
    const { data, binaryData } = object;
    const [uData, uBinary] = [u.data, u.binaryData];
    delete object.data; delete object.binaryData; delete u.data; delete u.binaryData;
    if (data !== undefined) object.stringData = data;
    if (uData !== undefined) u.stringData = uData;
    if (binaryData !== undefined) object.data = binaryData;
    if (uBinary !== undefined) u.data = uBinary;
    index.record(['stringData'], ['data']);
    if (binaryData !== undefined || uBinary !== undefined) index.record(['data'], ['binary_data']);
    unknown = Object.keys(u).length > 0 ? u : undefined;
  }
  const attrs = { apiVersion, kind, ...object };
  return {
    kind: kindOfObject(kind),
    attrs,
    unknown,
    terraformPath: (path) => index.terraformPath(path),
    pointerOf: (path) => pointer(index.terraformPath(path)),
    linkKeyOf: (key) => index.linkKeyOf(key),
  };
}

/**
 * `kubectl_manifest` (gavinbunney/kubectl and its alekc/kubectl fork): one object as YAML text in
 * `yaml_body`; `yaml_body_parsed` is the same text with the `sensitive_fields` obfuscated, which the
 * provider computes at plan time. The provider declares `yaml_body` sensitive, and Terraform's plan
 * JSON still holds sensitive values in `after`, so the object is read from `yaml_body`, else from
 * `yaml_body_parsed`. Every path of the object points at that attribute (the text has no finer
 * pointer). A body computed at apply time (it interpolates unknown values) is an unknown object.
 * https://registry.terraform.io/providers/gavinbunney/kubectl/latest/docs/resources/kubectl_manifest
 */
function kubectlManifest(after: Record<string, unknown>, unknown: Record<string, unknown>): KubernetesTranslation {
  const attribute = typeof after.yaml_body === 'string' ? 'yaml_body' : typeof after.yaml_body_parsed === 'string' ? 'yaml_body_parsed' : undefined;
  let object: Record<string, unknown> | undefined;
  if (attribute) {
    const loaded = loadYaml(after[attribute] as string);
    const docs = loaded.ok ? loaded.docs.filter((d) => d.value !== null && d.value !== undefined) : [];
    // The provider applies exactly one object per resource.
    if (docs.length === 1 && isKubernetesObject(docs[0]!.value)) object = { ...docs[0]!.value };
  }
  const overrideNamespace = after.override_namespace;
  if (object && typeof overrideNamespace === 'string' && overrideNamespace !== '') {
    object.metadata = { ...(isRecord(object.metadata) ? object.metadata : {}), namespace: overrideNamespace };
  }
  const source = attribute ?? 'yaml_body';
  const terraformPath = (): AttrPath => [source];
  const marked = unknown.yaml_body === true || unknown.yaml_body_parsed === true;
  // With the unknown mirror, a marked body is an unknown object. With the sensitivity mirror (the body
  // is known and marked): the schema marks every body sensitive whatever it holds, so only a Secret's
  // payload is treated as sensitive.
  const mirror = !marked ? undefined : !object ? true : object.kind === 'Secret' ? { data: true, stringData: true } : undefined;
  return {
    kind: kindOfObject(object?.kind),
    attrs: object ?? {},
    unknown: mirror,
    terraformPath,
    pointerOf: () => pointer([source]),
    linkKeyOf: (key) => (key === 'yaml_body' || key === 'yaml_body_parsed' ? '' : key),
  };
}

function pointer(path: AttrPath): string {
  return path.map((s) => `/${pointerToken(s)}`).join('');
}

interface ConfigResource {
  address?: string;
  type?: string;
  provider_config_key?: string;
}

interface ConfigModule {
  resources?: ConfigResource[];
  module_calls?: Record<string, { module?: ConfigModule }>;
}

const CLUSTER_REF = /^((?:module\.[^.[\]]+(?:\[[^\]]*\])?\.)*)((?:data\.)?(?:azurerm_kubernetes_cluster|aws_eks_cluster)\.[^.[\]]+)/;
const MODULE_REF = /^module\.([^.[\]]+)/;

function referencesIn(value: unknown, out: string[]): void {
  if (Array.isArray(value)) for (const v of value) referencesIn(v, out);
  else if (isRecord(value)) {
    if (Array.isArray(value.references)) for (const r of value.references) if (typeof r === 'string') out.push(r);
    for (const [k, v] of Object.entries(value)) if (k !== 'references') referencesIn(v, out);
  }
}

const clusterLinkCache = new WeakMap<object, Map<string, Link[]>>();

/**
 * Which cluster each Kubernetes resource of a plan is deployed to: the cluster resources referenced
 * by the expressions of the `kubernetes` (or `helm`, `kubectl`) provider configuration the resource
 * uses — `host = azurerm_kubernetes_cluster.aks.kube_config[0].host`, `aws_eks_cluster.main.endpoint`,
 * `data.aws_eks_cluster.main.endpoint`, or a module output (`module.eks.cluster_endpoint`, then the one
 * cluster inside that module). Keyed by configuration address (module path without instance keys).
 */
function clusterLinks(plan: Record<string, unknown>): Map<string, Link[]> {
  const cached = clusterLinkCache.get(plan);
  if (cached) return cached;
  const out = new Map<string, Link[]>();
  clusterLinkCache.set(plan, out);
  const configuration = isRecord(plan.configuration) ? plan.configuration : {};
  const providers = isRecord(configuration.provider_config) ? configuration.provider_config : {};
  const clusterAddresses = (Array.isArray(plan.resource_changes) ? plan.resource_changes : [])
    .map((rc) => (isRecord(rc) && typeof rc.address === 'string' && (rc.type === 'aws_eks_cluster' || rc.type === 'azurerm_kubernetes_cluster') ? rc.address : undefined))
    .filter((a): a is string => a !== undefined);
  const linksOf = (providerKey: string): Link[] => {
    const config = providers[providerKey];
    // Keys of provider configurations declared in a module read "module.a.module.b:kubernetes"; their
    // references are relative to that module.
    const colon = providerKey.lastIndexOf(':');
    const modulePrefix = colon > 0 ? `${providerKey.slice(0, colon).replace(/\[[^\]]*\]/g, '')}.` : '';
    const refs: string[] = [];
    if (isRecord(config)) referencesIn(config.expressions, refs);
    const links = new Map<string, Link>();
    for (const ref of refs) {
      const cluster = CLUSTER_REF.exec(ref);
      if (cluster) {
        const configured = `${modulePrefix}${cluster[1]}${cluster[2]}`.replace(/\[[^\]]*\]/g, '');
        const instances = clusterAddresses.filter((a) => configAddress(a) === configured);
        const address = instances.length === 1 ? instances[0]! : configured;
        links.set(address, { address, attribute: [], ambiguous: false });
        continue;
      }
      const module = MODULE_REF.exec(ref);
      if (module) {
        const inside = clusterAddresses.filter((a) => a.startsWith(`${modulePrefix}module.${module[1]}.`) || a.startsWith(`${modulePrefix}module.${module[1]}[`));
        if (inside.length === 1) links.set(inside[0]!, { address: inside[0]!, attribute: [], ambiguous: false });
      }
    }
    return [...links.values()];
  };
  const walk = (module: ConfigModule | undefined, prefix: string): void => {
    for (const r of module?.resources ?? []) {
      if (typeof r.address !== 'string' || typeof r.type !== 'string' || !/^(kubernetes|kubectl|helm)_/.test(r.type)) continue;
      const key = r.provider_config_key ?? r.type.split('_')[0]!;
      const links = linksOf(key);
      if (links.length > 0) out.set(`${prefix}${r.address}`, links);
    }
    for (const [name, call] of Object.entries(module?.module_calls ?? {})) walk(call.module, `${prefix}module.${name}.`);
  };
  walk(configuration.root_module as ConfigModule | undefined, '');
  return out;
}

/** The configuration address of a resource instance: instance keys removed. */
function configAddress(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '');
}

/**
 * Reshapes a Terraform `kubernetes_*` resource read by the plan parser into the Kubernetes API
 * object: kind, attributes, unknown mirror, pointers (composed with the parser's own, so they keep
 * pointing at the Terraform attribute), links re-keyed, plus the cluster the provider configuration
 * names. Any other resource is returned unchanged.
 */
export function withKubernetesShape(init: ResourceInit, plan?: unknown): ResourceInit {
  if (!/^kubernetes_|^kubectl_manifest$/.test(init.nativeType)) return init;
  const t = translateKubernetesResource(init.nativeType, init.attrs, init.unknown);
  if (!t) return init;
  const base = init.pointerOf;
  const links = new Map<string, Link[]>();
  for (const [key, list] of init.links ?? []) links.set(t.linkKeyOf(key), [...(links.get(t.linkKeyOf(key)) ?? []), ...list]);
  if (isRecord(plan) && init.mode === 'managed') {
    const cluster = clusterLinks(plan).get(configAddress(init.address));
    if (cluster) links.set(CLUSTER_LINK_KEY, cluster);
  }
  // The sensitivity mirror has the unknown mirror's shape: translate it the same way.
  const sensitive = init.sensitive !== undefined ? translateKubernetesResource(init.nativeType, init.attrs, init.sensitive)?.unknown : undefined;
  return {
    ...init,
    kind: t.kind,
    attrs: t.attrs,
    unknown: t.unknown,
    ...(sensitive !== undefined ? { sensitive } : {}),
    pointerOf: base ? (path) => base(t.terraformPath(path)) : (path) => `${init.pointer}${t.pointerOf(path)}`,
    links,
  };
}

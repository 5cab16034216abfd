/**
 * Image pull secrets read back to the registries they authenticate to. A pod's pull credentials are
 * the Secrets named by its `imagePullSecrets`, or when it names none those of its ServiceAccount
 * (`serviceAccountName`, else `default`), in its namespace. The kubelet uses a Secret's entry for an
 * image only when the entry's key matches the image: same host (a `*` label matches one label), and
 * the key's path, if any, a prefix of the repository. Any other image is pulled with the node's own
 * identity (AKS kubelet identity, EKS node role).
 * https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod
 * https://kubernetes.io/docs/concepts/containers/images/#config-json (matching rules)
 */
import type { ResourceGraph } from '../graph/graph.js';
import type { AttrPath } from '../graph/model.js';
import type { Resource } from '../graph/resource.js';
import type { PulledImage } from './workloads.js';
import { str } from './attributes.js';
import { isRecord } from '../graph/json.js';

/** One `auths` key of a Docker config: host (may hold `*` labels) and optional repository path prefix. */
export interface RegistryKey {
  readonly host: string;
  readonly path: string;
}

export type DockerConfigKeys =
  | { readonly known: true; readonly keys: readonly RegistryKey[] }
  | { readonly known: false; readonly why: string };

const DOCKER_HUB_KEYS = new Set(['index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com', 'docker.io']);

/** `https://myacr.azurecr.io/v1/`, `myacr.azurecr.io`, `myacr.azurecr.io/team` → host + path prefix. */
export function registryKey(raw: string): RegistryKey {
  let text = raw.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  text = text.replace(/\/+$/, '');
  const slash = text.indexOf('/');
  let host = slash < 0 ? text : text.slice(0, slash);
  let path = slash < 0 ? '' : text.slice(slash + 1);
  // The legacy Docker Hub key is `https://index.docker.io/v1/`; `/v1` and `/v2` name the API, not a repository.
  if (/^v[12]$/.test(path)) path = '';
  if (DOCKER_HUB_KEYS.has(host)) host = 'docker.io';
  return { host, path };
}

function decodeBase64(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/=\s_-]*$/.test(text)) return undefined;
  try {
    return Buffer.from(text, 'base64').toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * The registry keys of a `kubernetes.io/dockerconfigjson` Secret (`.dockerconfigjson`: `{"auths":
 * {host: …}}`) or a legacy `kubernetes.io/dockercfg` one (`.dockercfg`: `{host: …}`), read from
 * `stringData` (clear text: manifests, and Terraform's `kubernetes_secret.data`, which the provider
 * encodes) or `data` (base64). When the payload is computed (it embeds a password known at apply time),
 * the registries it references stand for its keys (`azurerm_container_registry.login_server`).
 * Only hosts are read; credentials are never decoded or kept.
 */
export function dockerConfigKeys(graph: ResourceGraph, secret: Resource): DockerConfigKeys {
  const type = secret.get(['type']);
  const legacy = type?.known && type.value === 'kubernetes.io/dockercfg';
  const file = legacy ? '.dockercfg' : '.dockerconfigjson';
  for (const [field, encoded] of [['stringData', false], ['data', true]] as const) {
    const path: AttrPath = [field, file];
    const value = secret.get(path);
    if (value === undefined) continue;
    if (!value.known) {
      const registries = graph.resolve(secret, path, ['azure.acr.registry']);
      const servers = registries.map((t) => str(t.resource, ['login_server']));
      if (servers.length > 0 && servers.every((s) => s !== undefined)) {
        return { known: true, keys: [...new Set(servers as string[])].map(registryKey) };
      }
      return { known: false, why: `its \`${file}\` is computed at apply time` };
    }
    const payload = typeof value.value === 'string' ? (encoded ? decodeBase64(value.value) : value.value) : undefined;
    let json: unknown;
    try {
      json = payload === undefined ? undefined : JSON.parse(payload);
    } catch {
      json = undefined;
    }
    const auths = legacy ? json : isRecord(json) ? json.auths : undefined;
    if (!isRecord(auths)) return { known: false, why: `its \`${file}\` is not a Docker config JSON pullfix can read` };
    return { known: true, keys: Object.keys(auths).map(registryKey) };
  }
  return { known: false, why: `it has no \`${file}\`` };
}

function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.split('.');
  const h = host.split('.');
  return p.length === h.length && p.every((label, i) => label === '*' || label === h[i]);
}

/** Whether a Docker config key is used for an image (kubelet keyring matching). */
export function keyMatches(key: RegistryKey, host: string, repository: string): boolean {
  if (!hostMatches(key.host, host.toLowerCase())) return false;
  return key.path === '' || repository === key.path || repository.startsWith(`${key.path}/`);
}

interface ObjectIndex {
  readonly secrets: Map<string, Resource[]>;
  readonly serviceAccounts: Map<string, Resource[]>;
}

const indexCache = new WeakMap<ResourceGraph, ObjectIndex>();

function objectIndex(graph: ResourceGraph): ObjectIndex {
  let index = indexCache.get(graph);
  if (index) return index;
  index = { secrets: new Map(), serviceAccounts: new Map() };
  const add = (map: Map<string, Resource[]>, r: Resource): void => {
    const name = str(r, ['metadata', 'name']);
    if (!name) return;
    const key = `${str(r, ['metadata', 'namespace']) ?? 'default'}/${name}`;
    map.set(key, [...(map.get(key) ?? []), r]);
  };
  for (const secret of graph.ofKind('k8s.secret')) add(index.secrets, secret);
  for (const object of graph.ofKind('k8s.manifest')) if (str(object, ['kind']) === 'ServiceAccount') add(index.serviceAccounts, object);
  indexCache.set(graph, index);
  return index;
}

/** Names in a `[{name}]` list (`imagePullSecrets`); `undefined` when the list is computed. */
function secretNames(resource: Resource, path: AttrPath): string[] | undefined {
  const list = resource.get(path);
  if (list === undefined) return [];
  if (!list.known) return undefined;
  if (!Array.isArray(list.value)) return [];
  const names: string[] = [];
  for (const item of list.value) {
    const name = isRecord(item) ? item.name : undefined;
    if (typeof name !== 'string') return undefined;
    names.push(name);
  }
  return names;
}

/**
 * Whether an image is pulled with a pull secret rather than the node's identity:
 * - `no`: the pod names no pull secret (neither it nor its ServiceAccount in the inputs), or every
 *   secret it names is in the inputs and none has an entry for the image's registry;
 * - `yes`: a secret of the inputs has an entry for it;
 * - `unknown`: a named secret is outside the inputs or computed, or the image host is unknown.
 */
export function pullSecretCoverage(graph: ResourceGraph, image: PulledImage, host: string | undefined): 'yes' | 'no' | 'unknown' {
  const spec = image.path.slice(0, image.path.length - 3);
  const workload = image.workload;
  const namespace = str(workload, ['metadata', 'namespace']) ?? 'default';
  const index = objectIndex(graph);
  const names = secretNames(workload, [...spec, 'imagePullSecrets']);
  if (names === undefined) return 'unknown';
  if (names.length === 0) {
    // The ServiceAccount admission plugin gives a pod without pull secrets those of its ServiceAccount.
    const account = workload.get([...spec, 'serviceAccountName']) ?? workload.get([...spec, 'serviceAccount']);
    if (account !== undefined && !account.known) return 'unknown';
    const accountName = account?.known && typeof account.value === 'string' ? account.value : 'default';
    for (const sa of index.serviceAccounts.get(`${namespace}/${accountName}`) ?? []) {
      const fromAccount = secretNames(sa, ['imagePullSecrets']);
      if (fromAccount === undefined) return 'unknown';
      names.push(...fromAccount);
    }
  }
  if (names.length === 0) return 'no';
  const repository = image.parsed?.ok ? image.parsed.ref.repository : undefined;
  let unknown = host === undefined;
  for (const name of new Set(names)) {
    const secrets = index.secrets.get(`${namespace}/${name}`) ?? [];
    if (secrets.length !== 1) {
      unknown = true; // created outside these inputs (kubectl create secret docker-registry, an operator)
      continue;
    }
    const keys = dockerConfigKeys(graph, secrets[0]!);
    if (!keys.known) {
      unknown = true;
      continue;
    }
    if (host !== undefined && keys.keys.some((k) => keyMatches(k, host, repository ?? k.path))) return 'yes';
  }
  return unknown ? 'unknown' : 'no';
}

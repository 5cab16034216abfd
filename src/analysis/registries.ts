/**
 * Cross-layer joins between workloads and registries: which ACR registry or ECR repository of the
 * inputs each pulled image comes from. Inputs join through concrete identifiers (login servers,
 * repository URLs and ARNs, registry names), or through the input's own references when the image is
 * computed (`"${azurerm_container_registry.acr.login_server}/web:1.0"`), never through addresses.
 *
 * API for identity and network rules:
 * - `imagePulls(graph)`: every pulled image with its `PullTarget`;
 * - `registriesPulledBy(graph, cluster?)`: the same, grouped by ACR registry / ECR repository, plus
 *   the images from registries outside the inputs ("external") and the computed ones ("unknown").
 */
import type { ResourceGraph } from '../graph/graph.js';
import type { UnknownReason } from '../graph/model.js';
import type { Resource } from '../graph/resource.js';
import { str } from './attributes.js';
import { clustersOf } from './clusters.js';
import { partitionOf as regionPartition } from './iam/aws-context.js';
import { acrRegistryName, isAcrHost, parseEcrHost } from './image-ref.js';
import { pulledImages, type PulledImage } from './workloads.js';

/** An ECR repository coordinate; fields are undefined when the input does not know them yet. */
export interface EcrCoordinates {
  readonly account: string | undefined;
  readonly region: string | undefined;
  readonly name: string | undefined;
  /** `arn:<partition>:ecr:<region>:<account>:repository/<name>` when all parts are known. */
  readonly arn: string | undefined;
}

/** Where an image is pulled from. */
export type PullTarget =
  /** An Azure Container Registry; `registry` is the `azure.acr.registry` of the inputs, or undefined (external). */
  | { readonly kind: 'acr'; readonly host: string | undefined; readonly registry: Resource | undefined }
  /** An ECR repository; `repository` is the `aws.ecr.repository` of the inputs, or undefined (external). */
  | ({ readonly kind: 'ecr'; readonly host: string | undefined; readonly repository: Resource | undefined } & EcrCoordinates)
  /** Any other registry (Docker Hub, MCR, public.ecr.aws, quay.io…). */
  | { readonly kind: 'other'; readonly host: string }
  /** The image is computed and no reference says where from; or it is not a valid reference. */
  | { readonly kind: 'unknown'; readonly why: UnknownReason | 'invalid' };

export interface ImagePull extends PulledImage {
  readonly target: PullTarget;
}

interface RepoInfo extends EcrCoordinates {
  readonly resource: Resource;
}

/** The account and region a plan's AWS provider works in, when its data sources tell and there is one of each. */
function inputAccountRegion(graph: ResourceGraph, input: number): { account?: string; region?: string } {
  const ids = graph.ofKind('aws.meta.calleridentity').filter((r) => r.input.index === input).map((r) => str(r, ['account_id']));
  const regions = graph.ofKind('aws.meta.region').filter((r) => r.input.index === input).map((r) => str(r, ['name']) ?? str(r, ['region']));
  const account = new Set(ids.filter(Boolean)).size === 1 && ids.length === 1 ? ids[0] : undefined;
  const region = new Set(regions.filter(Boolean)).size === 1 && regions.length === 1 ? regions[0] : undefined;
  return { ...(account ? { account } : {}), ...(region ? { region } : {}) };
}

const ECR_ARN = /^arn:(aws[a-z-]*):ecr:([a-z0-9-]+):(\d{12}):repository\/(.+)$/;

function partitionOf(host: string | undefined, region: string | undefined): string {
  return host?.endsWith('.amazonaws.com.cn') ? 'aws-cn' : regionPartition(region);
}

function arnOf(c: Omit<EcrCoordinates, 'arn'>, host?: string): string | undefined {
  return c.account && c.region && c.name ? `arn:${partitionOf(host, c.region)}:ecr:${c.region}:${c.account}:repository/${c.name}` : undefined;
}

function repoInfo(graph: ResourceGraph, repo: Resource): RepoInfo {
  const arn = str(repo, ['arn']);
  const m = arn ? ECR_ARN.exec(arn) : null;
  if (m) return { resource: repo, account: m[3], region: m[2], name: m[4], arn };
  const url = str(repo, ['repository_url']);
  if (url) {
    const slash = url.indexOf('/');
    const host = parseEcrHost(url.slice(0, slash));
    if (host && slash > 0) {
      const c = { account: host.account, region: host.region, name: url.slice(slash + 1) };
      return { resource: repo, ...c, arn: arnOf(c, url.slice(0, slash)) };
    }
  }
  // The provider context the parser read (region, account), else the plan's caller-identity/region data sources.
  const fallback = inputAccountRegion(graph, repo.input.index);
  const ctx = { account: repo.context.awsAccountId ?? fallback.account, region: repo.context.awsRegion ?? fallback.region };
  const c = { account: ctx.account, region: ctx.region, name: str(repo, ['name']) };
  return { resource: repo, ...c, arn: arnOf(c) };
}

const repoCache = new WeakMap<ResourceGraph, RepoInfo[]>();

/** ECR repositories of the inputs with their coordinates (from ARN, URL, or name + the input's account/region). */
export function ecrRepositories(graph: ResourceGraph): readonly RepoInfo[] {
  let repos = repoCache.get(graph);
  if (!repos) repoCache.set(graph, (repos = graph.ofKind('aws.ecr.repository').map((r) => repoInfo(graph, r))));
  return repos;
}

const same = (a: string | undefined, b: string | undefined): boolean => a === undefined || b === undefined || a === b;

/** The inputs' ACR registry for a host: exact `login_server`, else the registry whose name is the host's first label. */
export function acrRegistryFor(graph: ResourceGraph, host: string): Resource | undefined {
  const exact = graph.byIdentifier(host, ['azure.acr.registry']);
  if (exact.length === 1) return exact[0];
  const name = acrRegistryName(host);
  const byName = graph.ofKind('azure.acr.registry').filter((r) => str(r, ['name'])?.toLowerCase() === name);
  return byName.length === 1 ? byName[0] : undefined;
}

function classify(graph: ResourceGraph, image: PulledImage): PullTarget {
  if (image.image.known) {
    if (!image.parsed?.ok) return { kind: 'unknown', why: 'invalid' };
    const { host, repository } = image.parsed.ref;
    if (isAcrHost(host)) return { kind: 'acr', host, registry: acrRegistryFor(graph, host) };
    const ecr = parseEcrHost(host);
    if (ecr) {
      const candidates = ecrRepositories(graph).filter((r) => r.name === repository && same(r.account, ecr.account) && same(r.region, ecr.region));
      const coords = { account: ecr.account, region: ecr.region, name: repository };
      return { kind: 'ecr', host, repository: candidates.length === 1 ? candidates[0]!.resource : undefined, ...coords, arn: arnOf(coords, host) };
    }
    return { kind: 'other', host };
  }
  // Computed image: follow the input's references (an interpolated login server or repository URL).
  const targets = graph.resolve(image.workload, image.path, ['azure.acr.registry', 'aws.ecr.repository']).filter((t) => !t.ambiguous);
  if (targets.length === 1) {
    const target = targets[0]!.resource;
    if (target.kind === 'azure.acr.registry') return { kind: 'acr', host: str(target, ['login_server']), registry: target };
    const info = repoInfo(graph, target);
    return { kind: 'ecr', host: undefined, repository: target, account: info.account, region: info.region, name: info.name, arn: info.arn };
  }
  return { kind: 'unknown', why: image.image.why };
}

const pullCache = new WeakMap<ResourceGraph, readonly ImagePull[]>();

/** Every pulled image with where it comes from, computed once per graph. */
export function imagePulls(graph: ResourceGraph): readonly ImagePull[] {
  let pulls = pullCache.get(graph);
  if (!pulls) pullCache.set(graph, (pulls = pulledImages(graph).map((image) => ({ ...image, target: classify(graph, image) }))));
  return pulls;
}

export interface PulledRegistries {
  /** ACR registries of the inputs, with the images pulled from each. */
  readonly acr: ReadonlyMap<Resource, readonly ImagePull[]>;
  /** ECR repositories of the inputs, with the images pulled from each. */
  readonly ecr: ReadonlyMap<Resource, readonly ImagePull[]>;
  /** Images from registries outside the inputs (ACR or ECR not declared here, Docker Hub, MCR…): not errors, unverifiable. */
  readonly external: readonly ImagePull[];
  /** Computed images that no reference resolves, and invalid references (PF-K8S-004 reports those). */
  readonly unknown: readonly ImagePull[];
  /** Whether any workload was considered at all (when false, rules fall back to "every registry is a candidate"). */
  readonly hasWorkloads: boolean;
}

/**
 * Which registries the workloads pull from. With `cluster`, only workloads associated with that
 * cluster without ambiguity (see `clustersOf`) count.
 */
export function registriesPulledBy(graph: ResourceGraph, cluster?: Resource): PulledRegistries {
  const acr = new Map<Resource, ImagePull[]>();
  const ecr = new Map<Resource, ImagePull[]>();
  const external: ImagePull[] = [];
  const unknown: ImagePull[] = [];
  let hasWorkloads = false;
  for (const pull of imagePulls(graph)) {
    if (cluster) {
      const a = clustersOf(graph, pull.workload);
      if (a.how === 'ambiguous' || !a.clusters.includes(cluster)) continue;
    }
    hasWorkloads = true;
    const t = pull.target;
    if (t.kind === 'acr' && t.registry) push(acr, t.registry, pull);
    else if (t.kind === 'ecr' && t.repository) push(ecr, t.repository, pull);
    else if (t.kind === 'unknown') unknown.push(pull);
    else external.push(pull);
  }
  return { acr, ecr, external, unknown, hasWorkloads };
}

function push(map: Map<Resource, ImagePull[]>, key: Resource, pull: ImagePull): void {
  const list = map.get(key);
  if (list) list.push(pull);
  else map.set(key, [pull]);
}

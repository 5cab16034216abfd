import type { ResourceGraph } from '../graph/graph.js';
import type { ResourceKind } from '../graph/kinds.js';
import type { Resource } from '../graph/resource.js';
import { resolveRefs, type NodeSet } from './aws-nodes.js';
import { clustersOf } from './clusters.js';
import { canonicalCluster } from './node-pools.js';
import { parseEcrHost } from './image-ref.js';
import { accountOf, partitionOf, regionOf } from './iam/aws-context.js';
import { pulledImages, type PulledImage } from './workloads.js';

/**
 * The ECR repositories a node set must be able to pull from:
 * - always the regional EKS add-on registry (vpc-cni, kube-proxy, CoreDNS images come from an
 *   AWS-owned account and are pulled with the node role, even when every workload image is on Docker Hub);
 *   https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html
 * - the ECR repositories of the images the cluster's workloads pull;
 * - when the inputs contain no workload at all, the ECR repositories they create (presumably pulled).
 */
export interface RequiredRepository {
  /** Repository ARN used as the request resource. */
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly repository: string;
  /** Registry host, e.g. 602401143452.dkr.ecr.eu-west-1.amazonaws.com. */
  readonly host: string;
  readonly origin: 'addon' | 'image' | 'plan-repository';
  /** Workload images that pull from it (empty for add-on and plan repositories). */
  readonly images: readonly PulledImage[];
  /** The repository resource, when it is in the inputs. */
  readonly repositoryResource?: Resource;
}

/**
 * Registry account of the EKS add-on images per region, from the EKS user guide page "View Amazon
 * container image registries for Amazon EKS add-ons" (add-ons-images). Regions not listed use 602401143452.
 */
export const EKS_ADDON_REGISTRY_ACCOUNTS: Readonly<Record<string, string>> = {
  'af-south-1': '877085696533',
  'ap-east-1': '800184023465',
  'ap-east-2': '533267051163',
  'ap-southeast-3': '296578399912',
  'ap-south-2': '900889452093',
  'ap-southeast-4': '491585149902',
  'ap-southeast-5': '151610086707',
  'ap-southeast-6': '333609536671',
  'ap-southeast-7': '121268973566',
  'cn-north-1': '918309763551',
  'cn-northwest-1': '961992271922',
  'eu-south-1': '590381155156',
  'eu-south-2': '455263428931',
  'eu-central-2': '900612956339',
  'il-central-1': '066635153087',
  'mx-central-1': '730335286997',
  'me-south-1': '558608220178',
  'me-central-1': '759879836304',
  'ca-west-1': '761377655185',
  'us-gov-east-1': '151742754352',
  'us-gov-west-1': '013241004608',
  'eusc-de-east-1': '877088126301',
};

export function addonRegistryAccount(region: string): string {
  return EKS_ADDON_REGISTRY_ACCOUNTS[region] ?? '602401143452';
}

/** Repositories of the add-on images the node role must read (vpc-cni, CoreDNS, kube-proxy). */
export const ADDON_REPOSITORIES = ['amazon-k8s-cni', 'eks/coredns', 'eks/kube-proxy'] as const;

function hostSuffix(partition: string, region: string): string {
  if (partition === 'aws-cn') return 'amazonaws.com.cn';
  if (region.startsWith('eusc-')) return 'amazonaws.eu';
  return 'amazonaws.com';
}

export function repositoryArn(partition: string, region: string, account: string, repository: string): string {
  return `arn:${partition}:ecr:${region}:${account}:repository/${repository}`;
}

function knownString(resource: Resource, path: readonly (string | number)[]): string | undefined {
  const value = resource.get(path);
  return value?.known && typeof value.value === 'string' && value.value !== '' ? value.value : undefined;
}

const REPOSITORY: readonly ResourceKind[] = ['aws.ecr.repository'];

interface RepositoryIndex {
  readonly byName: Map<string, Resource[]>;
  readonly policiesByRepo: Map<string, Resource[]>;
  readonly policiesByName: Map<string, Resource[]>;
}

const repoCache = new WeakMap<ResourceGraph, RepositoryIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function repositoryIndex(graph: ResourceGraph): RepositoryIndex {
  const cached = repoCache.get(graph);
  if (cached) return cached;
  const byName = new Map<string, Resource[]>();
  for (const repo of graph.ofKind('aws.ecr.repository')) {
    const name = knownString(repo, ['name']);
    if (name) push(byName, name, repo);
  }
  const policiesByRepo = new Map<string, Resource[]>();
  const policiesByName = new Map<string, Resource[]>();
  for (const policy of graph.ofKind('aws.ecr.repositorypolicy')) {
    if (policy.mode !== 'managed') continue;
    const resolved = resolveRefs(graph, policy, ['repository'], REPOSITORY);
    if (resolved.status === 'resolved') for (const repo of resolved.resources) push(policiesByRepo, repo.key, policy);
    const name = knownString(policy, ['repository']);
    if (name) push(policiesByName, name, policy);
  }
  const index = { byName, policiesByRepo, policiesByName };
  repoCache.set(graph, index);
  return index;
}

/** The repository resource for a repository name in an account/region, when the inputs create it. */
export function findRepository(graph: ResourceGraph, name: string, account: string, region: string): Resource | undefined {
  for (const repo of repositoryIndex(graph).byName.get(name) ?? []) {
    const repoAccount = accountOf(graph, repo);
    const repoRegion = regionOf(graph, repo);
    if ((repoAccount === undefined || repoAccount === account) && (repoRegion === undefined || repoRegion === region)) return repo;
  }
  return undefined;
}

/** Repository policies (`aws_ecr_repository_policy`) of a repository, by reference or by name. */
export function repositoryPolicies(graph: ResourceGraph, name: string, repository: Resource | undefined): readonly Resource[] {
  const index = repositoryIndex(graph);
  const out = new Set<Resource>(repository ? index.policiesByRepo.get(repository.key) ?? [] : []);
  for (const policy of index.policiesByName.get(name) ?? []) out.add(policy);
  return [...out];
}

function namespaceOf(workload: Resource): string {
  return knownString(workload, ['metadata', 'namespace']) ?? 'default';
}

function fargateNamespaces(profile: Resource): string[] | undefined {
  const selectors = profile.get(['selector']);
  if (!selectors?.known || !Array.isArray(selectors.value)) return undefined;
  return selectors.value
    .map((s: unknown) => (s as { namespace?: unknown } | null)?.namespace)
    .filter((n): n is string => typeof n === 'string');
}

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(value);
}

const cache = new WeakMap<ResourceGraph, Map<string, readonly RequiredRepository[]>>();

/**
 * Whether a workload runs on the node set's cluster: the input names the cluster, or it is the only
 * candidate (clusters.ts); with no cluster in the inputs, every workload counts.
 */
function runsOn(graph: ResourceGraph, set: NodeSet, workload: Resource): boolean {
  const association = clustersOf(graph, workload);
  if (!set.cluster) return association.how === 'none';
  if (association.how === 'ambiguous') return false;
  return association.clusters.includes(canonicalCluster(graph, set.cluster));
}

interface ImageRepository {
  readonly req: Omit<RequiredRepository, 'images'>;
  readonly image: PulledImage;
}

const imageCache = new WeakMap<ResourceGraph, readonly ImageRepository[]>();

/** ECR repositories of every pulled image, parsed once per graph. */
function imageRepositories(graph: ResourceGraph): readonly ImageRepository[] {
  const cached = imageCache.get(graph);
  if (cached) return cached;
  const out: ImageRepository[] = [];
  const byArn = new Map<string, Omit<RequiredRepository, 'images'>>();
  for (const image of pulledImages(graph)) {
    if (!image.parsed?.ok) continue;
    const ecr = parseEcrHost(image.parsed.ref.host);
    if (!ecr) continue;
    const partition = image.parsed.ref.host.endsWith('.cn') ? 'aws-cn' : partitionOf(ecr.region);
    const arn = repositoryArn(partition, ecr.region, ecr.account, image.parsed.ref.repository);
    let req = byArn.get(arn);
    if (!req) {
      const repositoryResource = findRepository(graph, image.parsed.ref.repository, ecr.account, ecr.region);
      req = {
        arn, account: ecr.account, region: ecr.region, partition, repository: image.parsed.ref.repository,
        host: image.parsed.ref.host, origin: 'image', ...(repositoryResource ? { repositoryResource } : {}),
      };
      byArn.set(arn, req);
    }
    out.push({ req, image });
  }
  imageCache.set(graph, out);
  return out;
}

/**
 * The repositories a node set must pull from, computed once per graph and per (cluster, region,
 * Fargate namespaces): node sets of one cluster share the list.
 */
export function requiredRepositories(graph: ResourceGraph, set: NodeSet): readonly RequiredRepository[] {
  let byKey = cache.get(graph);
  if (!byKey) cache.set(graph, (byKey = new Map()));
  const region = regionOf(graph, set.cluster ?? set.resource);
  const namespaces = set.type === 'fargate' ? fargateNamespaces(set.resource) : undefined;
  const key = [set.cluster?.key ?? '', set.clusterName ?? '', region ?? '', set.resource.input.index, namespaces?.join(',') ?? '*'].join('\u0000');
  const cached = byKey.get(key);
  if (cached) return cached;
  const out: RequiredRepository[] = [];
  if (region) {
    const partition = partitionOf(region);
    const account = addonRegistryAccount(region);
    for (const repository of ADDON_REPOSITORIES) {
      out.push({
        arn: repositoryArn(partition, region, account, repository), account, region, partition, repository,
        host: `${account}.dkr.ecr.${region}.${hostSuffix(partition, region)}`, origin: 'addon', images: [],
      });
    }
  }
  const grouped = new Map<string, { req: Omit<RequiredRepository, 'images'>; images: PulledImage[] }>();
  for (const { req, image } of imageRepositories(graph)) {
    if (!runsOn(graph, set, image.workload)) continue;
    if (namespaces && !namespaces.some((n) => globMatch(n, namespaceOf(image.workload)))) continue;
    let entry = grouped.get(req.arn);
    if (!entry) grouped.set(req.arn, (entry = { req, images: [] }));
    entry.images.push(image);
  }
  for (const { req, images } of grouped.values()) out.push({ ...req, images });
  if (pulledImages(graph).length === 0) {
    for (const repo of graph.ofKind('aws.ecr.repository')) {
      if (repo.mode !== 'managed' || repo.input.index !== set.resource.input.index) continue;
      const name = knownString(repo, ['name']);
      const account = accountOf(graph, repo);
      const repoRegion = regionOf(graph, repo) ?? region;
      if (!name || !account || !repoRegion) continue;
      const partition = partitionOf(repoRegion);
      out.push({
        arn: knownString(repo, ['arn']) ?? repositoryArn(partition, repoRegion, account, name),
        account, region: repoRegion, partition, repository: name,
        host: `${account}.dkr.ecr.${repoRegion}.${hostSuffix(partition, repoRegion)}`,
        origin: 'plan-repository', images: [], repositoryResource: repo,
      });
    }
  }
  byKey.set(key, out);
  return out;
}

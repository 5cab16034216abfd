import type { ResourceGraph } from '../graph/graph.js';
import type { ResourceKind } from '../graph/kinds.js';
import type { Resource } from '../graph/resource.js';
import { str } from './attributes.js';
import { resolveRefs, type NodeSet } from './aws-nodes.js';
import { partitionOf, regionOf } from './iam/aws-context.js';
import { cached, graphCache } from './memo.js';
import { canonicalCluster } from './node-pools.js';
import { ecrRepositories, imagePulls, registriesPulledBy, type ImagePull } from './registries.js';
import type { PulledImage } from './workloads.js';

/**
 * The ECR repositories a node set must be able to pull from:
 * - always the regional EKS add-on registry (vpc-cni, kube-proxy, CoreDNS images come from an
 *   AWS-owned account and are pulled with the node role, even when every workload image is on Docker Hub);
 *   https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html
 * - the ECR repositories of the images the cluster's workloads pull, literal
 *   (`<account>.dkr.ecr.<region>.amazonaws.com/app:1.0`) or computed from a repository of the inputs
 *   (`${aws_ecr_repository.app.repository_url}:1.0`), as joined by `imagePulls` (registries.ts);
 * - when no workload of the inputs runs on the cluster, the ECR repositories its input creates: they
 *   are only presumed pulled (PF-AWS-002 reports them as warnings). The fallback is per cluster: a
 *   cluster whose workloads are in the inputs needs exactly their repositories.
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

/** Registry host of an account and region (the standard endpoint; images may name the dual-stack one). */
function registryHost(partition: string, region: string, account: string): string {
  const suffix = partition === 'aws-cn' ? 'amazonaws.com.cn' : region.startsWith('eusc-') ? 'amazonaws.eu' : 'amazonaws.com';
  return `${account}.dkr.ecr.${region}.${suffix}`;
}

export function repositoryArn(partition: string, region: string, account: string, repository: string): string {
  return `arn:${partition}:ecr:${region}:${account}:repository/${repository}`;
}

/** Partition of an ARN (`arn:<partition>:…`). */
function partitionOfArn(arn: string): string {
  return arn.split(':')[1] || 'aws';
}

const REPOSITORY: readonly ResourceKind[] = ['aws.ecr.repository'];

interface PolicyIndex {
  readonly byRepo: Map<Resource, Resource[]>;
  readonly byName: Map<string, Resource[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const policyIndexCache = graphCache<'index', PolicyIndex>();

/** Repository policies of the inputs, by the repository they reference and by the name they give. */
function policyIndex(graph: ResourceGraph): PolicyIndex {
  return cached(policyIndexCache(graph), 'index', () => {
    const byRepo = new Map<Resource, Resource[]>();
    const byName = new Map<string, Resource[]>();
    for (const policy of graph.ofKind('aws.ecr.repositorypolicy')) {
      if (policy.mode !== 'managed') continue;
      const resolved = resolveRefs(graph, policy, ['repository'], REPOSITORY);
      if (resolved.status === 'resolved') for (const repo of resolved.resources) push(byRepo, repo, policy);
      const name = str(policy, ['repository']);
      if (name) push(byName, name, policy);
    }
    return { byRepo, byName };
  });
}

/** Repository policies (`aws_ecr_repository_policy`) of a repository, by reference or by name. */
export function repositoryPolicies(graph: ResourceGraph, name: string, repository: Resource | undefined): readonly Resource[] {
  const index = policyIndex(graph);
  const out = new Set<Resource>(repository ? index.byRepo.get(repository) ?? [] : []);
  for (const policy of index.byName.get(name) ?? []) out.add(policy);
  return [...out];
}

function namespaceOf(workload: Resource): string {
  return str(workload, ['metadata', 'namespace']) ?? 'default';
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

interface ClusterPulls {
  /** ECR pulls of the cluster's workloads, in input order. */
  readonly pulls: readonly ImagePull[];
  /** Whether any workload of the inputs runs on the cluster (else every repository is presumed pulled). */
  readonly hasWorkloads: boolean;
}

const NO_PULLS: ClusterPulls = { pulls: [], hasWorkloads: false };
const clusterPullsCache = graphCache<Resource | undefined, ClusterPulls>();

/**
 * The ECR pulls of the workloads on a cluster (`registriesPulledBy`: associated without ambiguity,
 * see clusters.ts). A node set whose cluster is not in the inputs gets the workloads linted without
 * any cluster; when the inputs hold clusters, workloads belong to those.
 */
function clusterPulls(graph: ResourceGraph, cluster: Resource | undefined): ClusterPulls {
  return cached(clusterPullsCache(graph), cluster, () => {
    if (!cluster && graph.ofKind('aws.eks.cluster', 'azure.aks.cluster').length > 0) return NO_PULLS;
    const pulled = registriesPulledBy(graph, cluster);
    const members = new Set<ImagePull>(pulled.external);
    for (const pulls of pulled.ecr.values()) for (const pull of pulls) members.add(pull);
    const pulls = imagePulls(graph).filter((pull) => pull.target.kind === 'ecr' && members.has(pull));
    return { pulls, hasWorkloads: pulled.hasWorkloads };
  });
}

/** The required repository of an ECR pull, when its coordinates are known (else no ARN to evaluate). */
function imageRepository(pull: ImagePull): Omit<RequiredRepository, 'images'> | undefined {
  const t = pull.target;
  if (t.kind !== 'ecr' || !t.arn || !t.account || !t.region || !t.name) return undefined;
  const partition = partitionOfArn(t.arn);
  return {
    arn: t.arn, account: t.account, region: t.region, partition, repository: t.name,
    host: t.host ?? registryHost(partition, t.region, t.account), origin: 'image',
    ...(t.repository ? { repositoryResource: t.repository } : {}),
  };
}

const planRepositoriesCache = graphCache<string, readonly RequiredRepository[]>();

/**
 * Every ECR repository a node set's input creates, presumed pulled by a cluster without workloads;
 * once per input and region, since every cluster of an input shares the list.
 */
function planRepositories(graph: ResourceGraph, set: NodeSet, region: string | undefined): readonly RequiredRepository[] {
  const input = set.resource.input.index;
  return cached(planRepositoriesCache(graph), `${input}\u0000${region ?? ''}`, () => inputRepositories(graph, input, region));
}

function inputRepositories(graph: ResourceGraph, input: number, region: string | undefined): RequiredRepository[] {
  const out: RequiredRepository[] = [];
  for (const info of ecrRepositories(graph)) {
    const repo = info.resource;
    if (repo.mode !== 'managed' || repo.input.index !== input) continue;
    const repoRegion = info.region ?? region;
    if (!info.name || !info.account || !repoRegion) continue;
    const partition = info.arn ? partitionOfArn(info.arn) : partitionOf(repoRegion);
    out.push({
      arn: info.arn ?? repositoryArn(partition, repoRegion, info.account, info.name),
      account: info.account, region: repoRegion, partition, repository: info.name,
      host: registryHost(partition, repoRegion, info.account),
      origin: 'plan-repository', images: [], repositoryResource: repo,
    });
  }
  return out;
}

const requiredCache = graphCache<string, readonly RequiredRepository[]>();

/**
 * The repositories a node set must pull from, computed once per graph and per (cluster, region,
 * input, Fargate namespaces): node sets of one cluster share the list.
 */
export function requiredRepositories(graph: ResourceGraph, set: NodeSet): readonly RequiredRepository[] {
  const region = regionOf(graph, set.cluster ?? set.resource);
  const namespaces = set.type === 'fargate' ? fargateNamespaces(set.resource) : undefined;
  const cluster = set.cluster ? canonicalCluster(graph, set.cluster) : undefined;
  const key = [cluster?.key ?? '', set.clusterName ?? '', region ?? '', set.resource.input.index, namespaces?.join(',') ?? '*'].join('\u0000');
  return cached(requiredCache(graph), key, () => {
    const out: RequiredRepository[] = [];
    if (region) {
      const partition = partitionOf(region);
      const account = addonRegistryAccount(region);
      for (const repository of ADDON_REPOSITORIES) {
        out.push({
          arn: repositoryArn(partition, region, account, repository), account, region, partition, repository,
          host: registryHost(partition, region, account), origin: 'addon', images: [],
        });
      }
    }
    const { pulls, hasWorkloads } = clusterPulls(graph, cluster);
    if (!hasWorkloads) return [...out, ...planRepositories(graph, set, region)];
    const grouped = new Map<string, { req: Omit<RequiredRepository, 'images'>; images: PulledImage[] }>();
    for (const pull of pulls) {
      // A Fargate profile runs only the pods of its selectors' namespaces.
      if (namespaces && !namespaces.some((n) => globMatch(n, namespaceOf(pull.workload)))) continue;
      const req = imageRepository(pull);
      if (!req) continue;
      let entry = grouped.get(req.arn);
      if (!entry) grouped.set(req.arn, (entry = { req, images: [] }));
      entry.images.push(pull);
    }
    for (const { req, images } of grouped.values()) out.push({ ...req, images });
    return out;
  });
}

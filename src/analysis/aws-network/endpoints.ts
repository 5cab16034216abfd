import type { ResourceGraph } from '../../graph/graph.js';
import type { ResourceKind } from '../../graph/kinds.js';
import type { Resource } from '../../graph/resource.js';
import { resolveRefs, type NodeSet } from '../aws-nodes.js';
import { requiredRepositories, type RequiredRepository } from '../ecr.js';
import { accountOf, accountOfArn, partitionOf, roleArnOf } from '../iam/aws-context.js';
import { REPOSITORY_ACTIONS, TOKEN_ACTION } from '../iam/node-pull.js';
import { parsePolicy } from '../iam/policy.js';
import { resourcePolicyAllows, type PrincipalRequest } from '../iam/resource-policy.js';
import { parseCidr, type Ipv4Range } from './cidr.js';
import { bool, pointing, str, unsetOnCreate } from './indexes.js';
import type { RouteTableView } from './routes.js';
import { admits, defaultGroupRules, nodeGroupKeys, rulesOf, type Verdict } from './security-groups.js';

export type EcrService = 'ecr.api' | 'ecr.dkr' | 's3';

export interface Endpoint {
  readonly resource: Resource;
  readonly service: EcrService;
  readonly region: string;
  /** `Interface`, `Gateway`… (Terraform and CloudFormation default: `Gateway`); undefined when unknown. */
  readonly type?: string;
}

const VPC: readonly ResourceKind[] = ['aws.ec2.vpc'];
const ENDPOINT: readonly ResourceKind[] = ['aws.ec2.vpcendpoint'];
const SG: readonly ResourceKind[] = ['aws.ec2.securitygroup', 'aws.ec2.defaultsecuritygroup'];
const TABLES: readonly ResourceKind[] = ['aws.ec2.routetable', 'aws.ec2.defaultroutetable'];

const SERVICE = /^(?:cn\.)?com\.amazonaws\.([a-z]{2}(?:-[a-z]+)+-\d)\.(ecr\.api|ecr\.dkr|s3)$/;

/** `com.amazonaws.<region>.ecr.api` → {region, service}. */
export function parseServiceName(name: string): { region: string; service: EcrService } | undefined {
  const match = SERVICE.exec(name);
  return match ? { region: match[1]!, service: match[2] as EcrService } : undefined;
}

/** The ECR-related endpoints (ecr.api, ecr.dkr, s3) of a VPC. */
export function ecrEndpoints(graph: ResourceGraph, vpc: Resource): Endpoint[] {
  const out: Endpoint[] = [];
  for (const resource of pointing(graph, vpc, ['aws.ec2.vpcendpoint'], ['vpc_id'], VPC)) {
    const name = str(resource, ['service_name']);
    const parsed = name ? parseServiceName(name) : undefined;
    if (!parsed) continue;
    const typeValue = resource.get(['vpc_endpoint_type']);
    const type = typeValue === undefined ? 'Gateway' : typeValue.known && typeof typeValue.value === 'string' ? typeValue.value : undefined;
    out.push({ resource, ...parsed, ...(type ? { type } : {}) });
  }
  return out;
}

/** Private DNS of an interface endpoint: `private_dns_enabled`, or an `aws_vpc_endpoint_private_dns` resource. */
export function privateDns(graph: ResourceGraph, endpoint: Resource): Verdict {
  for (const extra of pointing(graph, endpoint, ['aws.ec2.vpcendpointprivatedns'], ['vpc_endpoint_id'], ENDPOINT)) {
    if (bool(extra, ['private_dns_enabled']) === true) return 'yes';
  }
  const value = endpoint.get(['private_dns_enabled']);
  if (value && !value.known && !unsetOnCreate(endpoint, ['private_dns_enabled'])) return 'unknown';
  return bool(endpoint, ['private_dns_enabled']) === true ? 'yes' : 'no';
}

export type VpcDns =
  | { readonly status: 'yes' }
  | { readonly status: 'no'; readonly attribute: 'enable_dns_support' | 'enable_dns_hostnames' }
  | { readonly status: 'unknown'; readonly reason: string };

/**
 * Private DNS names of interface endpoints resolve only with the VPC's DNS support and DNS hostnames
 * on, through the Amazon-provided resolver. Terraform's `aws_vpc` defaults `enable_dns_hostnames`
 * to false. Custom DHCP name servers may forward correctly or not: unknown.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/manage-dns-names.html
 */
export function vpcDns(graph: ResourceGraph, vpc: Resource): VpcDns {
  const support = vpc.get(['enable_dns_support']);
  const hostnames = vpc.get(['enable_dns_hostnames']);
  const hidden = (path: string, v: typeof support): boolean => !!v && !v.known && !unsetOnCreate(vpc, [path]);
  if (hidden('enable_dns_support', support) || hidden('enable_dns_hostnames', hostnames)) {
    return { status: 'unknown', reason: `the DNS settings of \`${vpc.address}\` are not known before apply` };
  }
  if (bool(vpc, ['enable_dns_support']) === false) return { status: 'no', attribute: 'enable_dns_support' };
  if (bool(vpc, ['enable_dns_hostnames']) !== true) return { status: 'no', attribute: 'enable_dns_hostnames' };
  for (const association of pointing(graph, vpc, ['aws.ec2.dhcpoptionsassociation'], ['vpc_id'], VPC)) {
    const options = resolveRefs(graph, association, ['dhcp_options_id'], ['aws.ec2.dhcpoptions']);
    if (options.status !== 'resolved') return { status: 'unknown', reason: `the DHCP options of \`${vpc.address}\` are not in the analysed inputs` };
    const servers = options.resources[0]!.get(['domain_name_servers']);
    const list = servers?.known && Array.isArray(servers.value) ? servers.value : undefined;
    if (list && list.length > 0 && !list.every((s) => s === 'AmazonProvidedDNS')) {
      return { status: 'unknown', reason: `\`${options.resources[0]!.address}\` sets custom DNS servers, which must forward the endpoint names to the Amazon-provided resolver` };
    }
  }
  return { status: 'yes' };
}

/** Security groups of an interface endpoint, or the VPC default group when it names none. */
function endpointGroups(graph: ResourceGraph, endpoint: Resource, vpc: Resource): { verdictFor: (nodeKeys: Set<string>, ranges: Ipv4Range[]) => Verdict } {
  const groups: Resource[] = [];
  let unknown = false;
  const direct = resolveRefs(graph, endpoint, ['security_group_ids'], SG);
  if (direct.status === 'resolved') groups.push(...direct.resources);
  else if (direct.status === 'external') unknown = true;
  else if (direct.status === 'unknown' && !unsetOnCreate(endpoint, ['security_group_ids'])) unknown = true;
  for (const association of pointing(graph, endpoint, ['aws.ec2.vpcendpointsecuritygroupassociation'], ['vpc_endpoint_id'], ENDPOINT)) {
    const sg = resolveRefs(graph, association, ['security_group_id'], SG);
    if (sg.status === 'resolved') groups.push(...sg.resources);
    else unknown = true;
  }
  return {
    verdictFor(nodeKeys, ranges) {
      const peer = { kind: 'groups' as const, keys: nodeKeys, ranges };
      if (groups.length === 0 && !unknown) {
        // https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html — no group ⇒ the VPC default group.
        return admits(defaultGroupRules(graph, vpc, 'ingress').rules, 443, peer);
      }
      let verdict: Verdict = unknown ? 'unknown' : 'no';
      for (const group of groups) {
        const v = admits(rulesOf(graph, group, 'ingress'), 443, peer);
        if (v === 'yes') return 'yes';
        if (v === 'unknown') verdict = 'unknown';
      }
      return verdict;
    },
  };
}

/** Route tables a gateway endpoint is attached to: `route_table_ids` and `aws_vpc_endpoint_route_table_association`. */
function gatewayTables(graph: ResourceGraph, endpoint: Resource): { keys: Set<string>; unknown: boolean } {
  const keys = new Set<string>();
  let unknown = false;
  const direct = resolveRefs(graph, endpoint, ['route_table_ids'], [...TABLES, ...VPC]);
  if (direct.status === 'resolved') direct.resources.forEach((r) => keys.add(r.kind === 'aws.ec2.vpc' ? `main:${r.key}` : r.key));
  else if (direct.status === 'unknown' || direct.status === 'external') unknown = true;
  for (const association of pointing(graph, endpoint, ['aws.ec2.vpcendpointroutetableassociation'], ['vpc_endpoint_id'], ENDPOINT)) {
    const table = resolveRefs(graph, association, ['route_table_id'], [...TABLES, ...VPC]);
    if (table.status === 'resolved') table.resources.forEach((r) => keys.add(r.kind === 'aws.ec2.vpc' ? `main:${r.key}` : r.key));
    else unknown = true;
  }
  return { keys, unknown };
}

/** Verdict of one piece of the endpoint path, blaming a resource. */
export interface Problem {
  readonly resource: Resource;
  readonly detail: string;
}

export interface EndpointPath {
  readonly vpc: Resource;
  readonly endpoints: readonly Endpoint[];
  /** At least one ECR-related endpoint exists in the VPC: the endpoint path was intended. */
  readonly intended: boolean;
  readonly region?: string;
  /** PF-AWS-014: services without a usable endpoint (missing, wrong type, S3 gateway not on the node route table). */
  readonly missing: readonly EcrService[];
  readonly wrongType: readonly Endpoint[];
  readonly s3OffRouteTable: readonly Endpoint[];
  readonly incompleteUnknown?: string;
  /** PF-AWS-015 */
  readonly noPrivateDns: readonly Endpoint[];
  readonly vpcDns: VpcDns;
  readonly dnsUnknown: readonly Endpoint[];
  /** PF-AWS-016 */
  readonly sgBlocked: readonly Endpoint[];
  readonly sgUnknown: readonly Endpoint[];
  /** PF-AWS-017 */
  readonly policyBlocked: readonly PolicyBlockedEndpoint[];
  readonly policyUnknown: readonly PolicyUnknownEndpoint[];
  readonly status: Verdict;
}

/** The S3 bucket ECR stores image layers in, per region. https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-minimum-s3-perms */
export function layerBucketObjects(region: string): string {
  return `arn:${partitionOf(region)}:s3:::prod-${region}-starport-layer-bucket/*`;
}

/** The node role as a principal of the endpoint policy; conditions stay unevaluated (empty request context). */
type Caller = Pick<PrincipalRequest, 'roleArn' | 'roleAccount'>;

/** A pull request an endpoint policy refuses: the action, its resource and, on `ecr.dkr`, the required repository. */
export interface PolicyDenial {
  readonly action: string;
  readonly resource: string;
  readonly repository?: RequiredRepository;
}

/** An endpoint whose policy refuses part of the pull, with every refused request. */
export type PolicyBlockedEndpoint = Endpoint & { readonly denials: readonly PolicyDenial[] };
/** An endpoint whose policy cannot be judged, and why (one plain clause). */
export type PolicyUnknownEndpoint = Endpoint & { readonly reason: string };

type PolicyCheck =
  | { readonly verdict: 'yes' }
  | { readonly verdict: 'no'; readonly denials: readonly PolicyDenial[] }
  | { readonly verdict: 'unknown'; readonly reason: string };

const ALLOWED: PolicyCheck = { verdict: 'yes' };

/**
 * The requests of a pull through each endpoint, evaluated against its policy like any resource-based
 * policy (the node role as principal):
 * - `ecr.api`: `ecr:GetAuthorizationToken`, which has no resource-level permission (Resource `*`);
 * - `ecr.dkr`: the Docker Registry API of the pull, `ecr:BatchGetImage` (manifest) and
 *   `ecr:GetDownloadUrlForLayer` (layers), on each repository the nodes need in the endpoint's region —
 *   the workload repositories and the EKS add-on repositories (vpc-cni, kube-proxy, CoreDNS), which are
 *   in an AWS-owned registry account and go through the same endpoint, so a policy limited to the
 *   own account's repositories breaks the add-on pulls;
 * - `s3`: `s3:GetObject` on the layer bucket objects.
 * A policy scoped to repositories or accounts is thus judged against the real repository ARNs; when the
 * repositories the nodes need are not known (region unknown), the `ecr.dkr` verdict is unknown, not a failure.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
 * https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html
 */
function policyCheck(endpoint: Endpoint, caller: Caller, repositories: readonly RequiredRepository[]): PolicyCheck {
  const policy = endpoint.resource.get(['policy']);
  if (policy === undefined || unsetOnCreate(endpoint.resource, ['policy'])) return ALLOWED;
  if (!policy.known) return { verdict: 'unknown', reason: 'the policy is not known before apply' };
  const document = parsePolicy(policy.value);
  if (!document) return { verdict: 'unknown', reason: 'the policy is not a readable policy document' };
  const requests: PolicyDenial[] = [];
  if (endpoint.service === 's3') requests.push({ action: 's3:GetObject', resource: layerBucketObjects(endpoint.region) });
  else if (endpoint.service === 'ecr.api') requests.push({ action: TOKEN_ACTION, resource: '*' });
  else {
    const here = repositories.filter((r) => r.region === endpoint.region);
    if (here.length === 0) return { verdict: 'unknown', reason: `the ECR repositories the nodes pull in ${endpoint.region} are not known (region of the cluster unknown)` };
    for (const repository of here) for (const action of REPOSITORY_ACTIONS) requests.push({ action, resource: repository.arn, repository });
  }
  const denials: PolicyDenial[] = [];
  let unsure = false;
  for (const request of requests) {
    const v = resourcePolicyAllows(document, { action: request.action, resource: request.resource, ...caller });
    if (v === 'no') denials.push(request);
    else if (v === 'unknown') unsure = true;
  }
  if (denials.length > 0) return { verdict: 'no', denials };
  if (unsure) return { verdict: 'unknown', reason: 'the policy depends on conditions or principals pullfix cannot evaluate before apply' };
  return ALLOWED;
}

const policyCache = new WeakMap<Resource, WeakMap<readonly RequiredRepository[], Map<string, PolicyCheck>>>();

/**
 * policyCheck once per endpoint, required-repository list and caller: node sets of one cluster share
 * the list (requiredRepositories is cached) and usually the role.
 */
function cachedPolicyCheck(endpoint: Endpoint, caller: Caller, repositories: readonly RequiredRepository[]): PolicyCheck {
  let byList = policyCache.get(endpoint.resource);
  if (!byList) policyCache.set(endpoint.resource, (byList = new WeakMap()));
  let byCaller = byList.get(repositories);
  if (!byCaller) byList.set(repositories, (byCaller = new Map()));
  const key = `${caller.roleArn ?? ''}\u0000${caller.roleAccount ?? ''}`;
  let check = byCaller.get(key);
  if (!check) byCaller.set(key, (check = policyCheck(endpoint, caller, repositories)));
  return check;
}

function callerOf(graph: ResourceGraph, set: NodeSet): Caller {
  if (set.role.status === 'external') return { roleArn: set.role.arn, roleAccount: accountOfArn(set.role.arn) };
  if (set.role.status === 'resolved') return { roleArn: roleArnOf(graph, set.role.roles[0]!), roleAccount: accountOf(graph, set.role.roles[0]!) };
  return {};
}

/**
 * The VPC endpoint path of a node subnet (PF-AWS-014…017): `ecr.api` and `ecr.dkr` interface endpoints
 * with private DNS and a security group admitting 443 from the nodes, the S3 gateway endpoint on the
 * subnet's route table (or an S3 interface endpoint with private DNS), endpoint policies allowing pulls.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
 */
export function endpointPath(graph: ResourceGraph, set: NodeSet, subnet: Resource, vpc: Resource, table: RouteTableView): EndpointPath {
  const endpoints = ecrEndpoints(graph, vpc);
  const region = endpoints[0]?.region;
  const missing: EcrService[] = [];
  const wrongType: Endpoint[] = [];
  const s3OffRouteTable: Endpoint[] = [];
  const noPrivateDns: Endpoint[] = [];
  const dnsUnknown: Endpoint[] = [];
  const sgBlocked: Endpoint[] = [];
  const sgUnknown: Endpoint[] = [];
  const policyBlocked: PolicyBlockedEndpoint[] = [];
  const policyUnknown: PolicyUnknownEndpoint[] = [];
  let incompleteUnknown: string | undefined;
  const dns = vpcDns(graph, vpc);
  const nodeKeys = nodeGroupKeys(graph, set, vpc);
  const subnetRanges: Ipv4Range[] = [];
  const cidr = str(subnet, ['cidr_block']);
  const range = cidr ? parseCidr(cidr) : undefined;
  if (range) subnetRanges.push(range);
  const caller = callerOf(graph, set);
  const repositories = requiredRepositories(graph, set);
  const tableKey = table.status === 'known' ? (table.table ? table.table.key : `main:${vpc.key}`) : undefined;
  const mainKey = table.status === 'known' && table.main ? `main:${vpc.key}` : undefined;

  const usableInterface = (endpoint: Endpoint): boolean => {
    if (endpoint.type === undefined) {
      incompleteUnknown ??= `\`vpc_endpoint_type\` of \`${endpoint.resource.address}\` is not known before apply`;
      return false;
    }
    if (endpoint.type !== 'Interface') { wrongType.push(endpoint); return false; }
    return true;
  };
  const checkInterface = (endpoint: Endpoint): void => {
    const pd = privateDns(graph, endpoint.resource);
    if (pd === 'no') noPrivateDns.push(endpoint);
    else if (pd === 'unknown') dnsUnknown.push(endpoint);
    const sg = endpointGroups(graph, endpoint.resource, vpc).verdictFor(nodeKeys, subnetRanges);
    if (sg === 'no') sgBlocked.push(endpoint);
    else if (sg === 'unknown') sgUnknown.push(endpoint);
  };
  const checkPolicy = (endpoint: Endpoint): void => {
    const check = cachedPolicyCheck(endpoint, caller, repositories);
    if (check.verdict === 'no') policyBlocked.push({ ...endpoint, denials: check.denials });
    else if (check.verdict === 'unknown') policyUnknown.push({ ...endpoint, reason: check.reason });
  };

  for (const service of ['ecr.api', 'ecr.dkr'] as const) {
    const candidates = endpoints.filter((e) => e.service === service);
    const usable = candidates.filter(usableInterface);
    if (usable.length === 0) {
      if (!(candidates.some((e) => e.type === undefined))) missing.push(service);
      continue;
    }
    usable.forEach(checkInterface);
    usable.forEach(checkPolicy);
  }
  const s3 = endpoints.filter((e) => e.service === 's3');
  let s3Ok = false;
  let s3Unsure = false;
  for (const endpoint of s3) {
    if (endpoint.type === 'Gateway') {
      const tables = gatewayTables(graph, endpoint.resource);
      if ((tableKey && tables.keys.has(tableKey)) || (mainKey && tables.keys.has(mainKey))) {
        s3Ok = true;
        checkPolicy(endpoint);
      } else if (tables.unknown || !tableKey) {
        s3Unsure = true;
        incompleteUnknown ??= `the route tables of \`${endpoint.resource.address}\` are not known before apply`;
      } else {
        s3OffRouteTable.push(endpoint);
      }
    } else if (endpoint.type === 'Interface') {
      const pd = privateDns(graph, endpoint.resource);
      if (pd === 'yes') { s3Ok = true; checkPolicy(endpoint); } else if (pd === 'unknown') { s3Unsure = true; incompleteUnknown ??= `private DNS of \`${endpoint.resource.address}\` is not known before apply`; }
    } else if (endpoint.type === undefined) {
      s3Unsure = true;
      incompleteUnknown ??= `\`vpc_endpoint_type\` of \`${endpoint.resource.address}\` is not known before apply`;
    }
  }
  if (!s3Ok && !s3Unsure) missing.push('s3');

  const dnsBroken = dns.status === 'no' || noPrivateDns.length > 0;
  const anyInterface = endpoints.some((e) => e.type === 'Interface' && e.service !== 's3');
  const broken = missing.length > 0 || dnsBroken && anyInterface || sgBlocked.length > 0 || policyBlocked.length > 0;
  const unsure = incompleteUnknown !== undefined || dns.status === 'unknown' || dnsUnknown.length > 0 || sgUnknown.length > 0 || policyUnknown.length > 0;
  const status: Verdict = broken ? 'no' : unsure ? 'unknown' : 'yes';
  return {
    vpc, endpoints, intended: endpoints.length > 0, ...(region ? { region } : {}),
    missing, wrongType, s3OffRouteTable, ...(incompleteUnknown ? { incompleteUnknown } : {}),
    noPrivateDns, vpcDns: dns, dnsUnknown, sgBlocked, sgUnknown, policyBlocked, policyUnknown, status,
  };
}


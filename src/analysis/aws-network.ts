import type { ResourceGraph } from '../graph/graph.js';
import type { UnknownReason } from '../graph/model.js';
import type { Resource } from '../graph/resource.js';
import { nodeSets, resolveRefs, type NodeSet } from './aws-nodes.js';
import { parseCidr, ANYWHERE, type Ipv4Range } from './aws-network/cidr.js';
import { internetEgress, type InternetEgress } from './aws-network/egress.js';
import { endpointPath, type Endpoint, type EndpointPath } from './aws-network/endpoints.js';
import { str } from './aws-network/indexes.js';
import { naclAllows, naclOf } from './aws-network/nacl.js';
import { vpcOf } from './aws-network/routes.js';
import { admits, defaultGroupRules, rulesOf, type Peer, type SgRules, type Verdict } from './aws-network/security-groups.js';

export type { InternetEgress, EgressProblem } from './aws-network/egress.js';
export type { EndpointPath, Endpoint, PolicyBlockedEndpoint, PolicyDenial, PolicyUnknownEndpoint } from './aws-network/endpoints.js';
export type { Verdict } from './aws-network/security-groups.js';
export { parseServiceName, ecrEndpoints } from './aws-network/endpoints.js';

/** The network path from one node subnet to ECR. */
export interface SubnetPath {
  readonly set: NodeSet;
  readonly subnet: Resource;
  readonly vpc?: Resource;
  readonly egress: InternetEgress;
  readonly endpoints?: EndpointPath;
  /**
   * Whether pulls can leave the subnet at all: yes when internet egress or a complete endpoint path
   * exists; no when neither does and nothing was unknown.
   */
  readonly reachable: Verdict;
}

/** A node set and the paths of its subnets. */
export interface NodeNetwork {
  readonly set: NodeSet;
  readonly paths: readonly SubnetPath[];
  /** The node subnets themselves could not be read (in-plan unknown); external subnets are skipped. */
  readonly subnetsUnknown?: { readonly why: UnknownReason; readonly reason: string };
}

const cache = new WeakMap<ResourceGraph, readonly NodeNetwork[]>();

/** Network paths of every node set, computed once per graph. */
export function nodeNetworks(graph: ResourceGraph): readonly NodeNetwork[] {
  const cached = cache.get(graph);
  if (cached) return cached;
  const out = nodeSets(graph).map((set) => networkOf(graph, set));
  cache.set(graph, out);
  return out;
}

function networkOf(graph: ResourceGraph, set: NodeSet): NodeNetwork {
  if (set.subnets.status === 'unknown') {
    return { set, paths: [], subnetsUnknown: { why: set.subnets.why, reason: set.subnets.reason } };
  }
  if (set.subnets.status !== 'resolved') return { set, paths: [] };
  const paths = set.subnets.resources.map((subnet): SubnetPath => {
    const vpc = vpcOf(graph, subnet);
    const egress = internetEgress(graph, set, subnet);
    const endpoints = vpc ? endpointPath(graph, set, subnet, vpc, egress.routeTable) : undefined;
    let reachable: Verdict;
    if (egress.status === 'yes' || endpoints?.status === 'yes') reachable = 'yes';
    else if (egress.status === 'unknown' || endpoints === undefined || endpoints.status === 'unknown') reachable = 'unknown';
    else reachable = 'no';
    return { set, subnet, ...(vpc ? { vpc } : {}), egress, ...(endpoints ? { endpoints } : {}), reachable };
  });
  return { set, paths };
}

/** Whether pulls use the endpoint path (no internet egress, endpoints intended) rather than the internet. */
export function usesEndpoints(path: SubnetPath): boolean {
  return path.egress.status === 'no' && !!path.endpoints?.intended;
}

const SUBNET_PATHS = {};
const ENDPOINT_PATHS = {};

/** The paths of every node subnet (each carries its node set), in node-set order; once per graph. */
export function subnetPaths(graph: ResourceGraph): readonly SubnetPath[] {
  return graph.memo(SUBNET_PATHS, (g) => nodeNetworks(g).flatMap((network) => network.paths));
}

/** A node subnet whose pulls go through the ECR VPC endpoints. */
export type EndpointSubnetPath = SubnetPath & { readonly endpoints: EndpointPath };

/** The node subnet paths that pull through the VPC endpoints (PF-AWS-014…017); once per graph. */
export function endpointSubnetPaths(graph: ResourceGraph): readonly EndpointSubnetPath[] {
  return graph.memo(ENDPOINT_PATHS, (g) => subnetPaths(g).filter((path): path is EndpointSubnetPath => path.endpoints !== undefined && usesEndpoints(path)));
}

/**
 * Each endpoint that `pick` lists on the endpoint paths, once, with the first node subnet path listing
 * it: an endpoint serves every node set of its VPC and is reported once.
 */
export function endpointsOnce<E extends Endpoint>(graph: ResourceGraph, pick: (path: EndpointPath) => readonly E[]): { readonly endpoint: E; readonly path: EndpointSubnetPath }[] {
  const seen = new Set<string>();
  const out: { endpoint: E; path: EndpointSubnetPath }[] = [];
  for (const path of endpointSubnetPaths(graph)) {
    for (const endpoint of pick(path.endpoints)) {
      if (seen.has(endpoint.resource.key)) continue;
      seen.add(endpoint.resource.key);
      out.push({ endpoint, path });
    }
  }
  return out;
}

/** The CIDR of a subnet, when known. */
export function subnetRange(subnet: Resource): Ipv4Range | undefined {
  const cidr = str(subnet, ['cidr_block']);
  return cidr ? parseCidr(cidr) : undefined;
}

/** Rules of the security groups on a node set's interfaces, or why they cannot be read. */
export type NodeGroupRules =
  | { readonly status: 'groups'; readonly groups: readonly { readonly resource?: Resource; readonly rules: SgRules }[] }
  | { readonly status: 'allow-all' }
  | { readonly status: 'unknown'; readonly external: boolean; readonly reason: string };

/**
 * Egress rules on the nodes' interfaces: launch template groups when declared; otherwise the EKS
 * cluster security group (EKS creates it with an allow-all egress rule), or the VPC default group
 * for self-managed instances. https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html
 */
export function nodeEgressRules(graph: ResourceGraph, set: NodeSet, vpc: Resource | undefined): NodeGroupRules {
  const sgs = set.securityGroups;
  if (sgs.source === 'cluster') return { status: 'allow-all' };
  if (sgs.source === 'vpc-default') {
    if (!vpc) return { status: 'unknown', external: true, reason: `the VPC of \`${set.resource.address}\` is not in the analysed inputs` };
    const d = defaultGroupRules(graph, vpc, 'egress');
    return { status: 'groups', groups: [{ ...(d.holder ? { resource: d.holder } : {}), rules: d.rules }] };
  }
  const groups = sgs.groups;
  if (groups.status === 'unknown') return { status: 'unknown', external: false, reason: groups.reason };
  if (groups.status !== 'resolved') return { status: 'unknown', external: true, reason: `the security groups of \`${sgs.holder.address}\` are not in the analysed inputs` };
  if (groups.external.length > 0) return { status: 'unknown', external: true, reason: `security group \`${groups.external[0]}\` of \`${sgs.holder.address}\` is not in the analysed inputs` };
  return { status: 'groups', groups: groups.resources.map((resource) => ({ resource, rules: rulesOf(graph, resource, 'egress') })) };
}

/** Whether any of the node groups lets TCP 443 out to `peer` (security groups are a union of allows). */
export function nodeEgressAllows(rules: NodeGroupRules, peer: Peer): Verdict {
  if (rules.status === 'allow-all') return 'yes';
  if (rules.status === 'unknown') return 'unknown';
  let verdict: Verdict = 'no';
  for (const group of rules.groups) {
    const v = admits(group.rules, 443, peer);
    if (v === 'yes') return 'yes';
    if (v === 'unknown') verdict = 'unknown';
  }
  return verdict;
}

export const INTERNET: Peer = { kind: 'cidr', range: ANYWHERE };

/**
 * Ephemeral ports of return traffic: Linux kernels use 32768–60999, Windows 49152–65535; network ACLs
 * are stateless, so responses to the nodes' HTTPS requests need an inbound allow on these ports.
 * https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
 */
export const EPHEMERAL: readonly [number, number] = [32768, 65535];

/** A network ACL verdict for one subnet and one peer range: 443 out and ephemeral ports back in. */
export interface NaclCheck {
  readonly verdict: Verdict;
  readonly nacl?: Resource;
  readonly failing?: 'egress-443' | 'ingress-ephemeral';
  readonly reason?: string;
}

/** Outbound TCP 443 to `peer` and the return traffic from it, through the subnet's network ACL. */
export function naclPath(graph: ResourceGraph, subnet: Resource, vpc: Resource | undefined, peer: Ipv4Range): NaclCheck {
  const nacl = naclOf(graph, subnet, vpc);
  if (nacl.status === 'allow-all') return { verdict: 'yes' };
  if (nacl.status === 'unknown') return { verdict: 'unknown', reason: nacl.reason };
  const out = naclAllows(nacl.egress, nacl.unknown, 443, 443, peer);
  if (out === 'no') return { verdict: 'no', nacl: nacl.nacl, failing: 'egress-443' };
  const back = naclAllows(nacl.ingress, nacl.unknown, EPHEMERAL[0], EPHEMERAL[1], peer);
  if (back === 'no') return { verdict: 'no', nacl: nacl.nacl, failing: 'ingress-ephemeral' };
  if (out === 'unknown' || back === 'unknown') return { verdict: 'unknown', nacl: nacl.nacl, reason: `the entries of \`${nacl.nacl.address}\` are not all known before apply` };
  return { verdict: 'yes', nacl: nacl.nacl };
}

/**
 * Where endpoint-path traffic goes: the interface endpoints' subnets and security groups, which node
 * egress rules and network ACLs must admit (S3 gateway traffic goes to public S3 ranges).
 */
export function endpointPeer(graph: ResourceGraph, path: SubnetPath): { ranges: Ipv4Range[]; keys: Set<string> } {
  const ranges: Ipv4Range[] = [];
  const keys = new Set<string>();
  for (const endpoint of path.endpoints?.endpoints ?? []) {
    if (endpoint.type !== 'Interface') continue;
    const subnets = resolveRefs(graph, endpoint.resource, ['subnet_ids'], ['aws.ec2.subnet']);
    if (subnets.status === 'resolved') {
      for (const s of subnets.resources) {
        const range = subnetRange(s);
        if (range) ranges.push(range);
      }
    }
    const groups = resolveRefs(graph, endpoint.resource, ['security_group_ids'], ['aws.ec2.securitygroup', 'aws.ec2.defaultsecuritygroup']);
    if (groups.status === 'resolved') groups.resources.forEach((g) => keys.add(g.key));
  }
  return { ranges, keys };
}

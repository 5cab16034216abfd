import type { ResourceGraph } from '../../graph/graph.js';
import type { ResourceKind } from '../../graph/kinds.js';
import type { UnknownReason } from '../../graph/model.js';
import type { Resource } from '../../graph/resource.js';
import { resolveRefs, type NodeSet } from '../aws-nodes.js';
import { bool, str } from './indexes.js';
import { isDefaultRoute, routeTableOf, type Route, type RouteTableView } from './routes.js';

/** Why a default route does not give the nodes internet access. */
export type EgressProblem =
  /** Route to an internet gateway, but the nodes get no public IPv4 (PF-AWS-010). */
  | { readonly kind: 'igw-no-public-ip'; readonly route: Route; readonly reason: 'subnet' | 'launch-settings' | 'multiple-interfaces' | 'fargate' }
  /** Route to a private NAT gateway (PF-AWS-011). */
  | { readonly kind: 'nat-private'; readonly route: Route; readonly nat: Resource }
  /** Route to a NAT gateway whose own subnet has no default route to an internet gateway (PF-AWS-011). */
  | { readonly kind: 'nat-no-igw'; readonly route: Route; readonly nat: Resource; readonly natSubnet?: Resource };

export interface EgressUnknown {
  readonly why: UnknownReason;
  readonly reason: string;
  /** Centralised egress (transit gateway, firewall appliance…): the catalog reports it as a note. */
  readonly centralised: boolean;
  /** The missing piece lives outside the inputs (skipped by the unknown policy). */
  readonly external: boolean;
  readonly route?: Route;
}

/** Internet egress of one subnet for one node set. */
export interface InternetEgress {
  readonly status: 'yes' | 'no' | 'unknown';
  readonly routeTable: RouteTableView;
  readonly defaultRoutes: readonly Route[];
  /** A default route exists whose target could reach the internet (working or not). */
  readonly hasCandidate: boolean;
  readonly problems: readonly EgressProblem[];
  readonly unknown?: EgressUnknown;
  /** The route that works, when status is yes. */
  readonly via?: Route;
}

const SUBNET: readonly ResourceKind[] = ['aws.ec2.subnet'];

type PublicIp = 'yes' | 'no' | 'unknown';

/**
 * Whether instances launched in the subnet get a public IPv4. EC2 assigns one when the launch
 * template's first interface (or the launch configuration) asks for it or, failing that, when the subnet's
 * `map_public_ip_on_launch` is true; never when the template declares several interfaces; Fargate
 * pods never get one. https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html
 */
function publicIp(set: NodeSet, subnet: Resource): { value: PublicIp; reason?: 'subnet' | 'launch-settings' | 'multiple-interfaces' | 'fargate' } {
  if (set.type === 'fargate') return { value: 'no', reason: 'fargate' };
  if (set.networkInterfaceCount >= 2) return { value: 'no', reason: 'multiple-interfaces' };
  if (set.associatePublicIp !== undefined) return set.associatePublicIp ? { value: 'yes' } : { value: 'no', reason: 'launch-settings' };
  const mapped = subnet.get(['map_public_ip_on_launch']);
  if (mapped && !mapped.known) return { value: 'unknown' };
  return bool(subnet, ['map_public_ip_on_launch']) === true ? { value: 'yes' } : { value: 'no', reason: 'subnet' };
}

/** Whether a NAT gateway reaches the internet: public, in a subnet whose route table sends 0.0.0.0/0 to an internet gateway. */
function natWorks(graph: ResourceGraph, nat: Resource, route: Route): { ok: boolean; problem?: EgressProblem; unknown?: EgressUnknown } {
  // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html — a private NAT gateway cannot reach the internet.
  const connectivity = nat.get(['connectivity_type']);
  if (connectivity && !connectivity.known) {
    return { ok: false, unknown: { why: connectivity.why, reason: `\`connectivity_type\` of \`${nat.address}\` is not known before apply`, centralised: false, external: false, route } };
  }
  if (str(nat, ['connectivity_type']) === 'private') return { ok: false, problem: { kind: 'nat-private', route, nat } };
  const subnets = resolveRefs(graph, nat, ['subnet_id'], SUBNET);
  if (subnets.status !== 'resolved') {
    const external = subnets.status !== 'unknown';
    return { ok: false, unknown: { why: subnets.status === 'unknown' ? subnets.why : 'external', reason: `the subnet of \`${nat.address}\` is not in the analysed inputs`, centralised: false, external, route } };
  }
  const natSubnet = subnets.resources[0]!;
  const table = routeTableOf(graph, natSubnet);
  if (table.status === 'unknown') {
    return { ok: false, unknown: { why: table.why, reason: table.reason, centralised: false, external: table.external, route } };
  }
  const toIgw = table.routes.filter((r) => isDefaultRoute(r) && r.target === 'igw');
  if (toIgw.length > 0) return { ok: true };
  const hidden = table.routes.find((r) => isDefaultRoute(r) && r.target === 'unknown');
  if (hidden) {
    return { ok: false, unknown: { why: 'computed', reason: `the default route of the NAT gateway subnet \`${natSubnet.address}\` has a target not known before apply`, centralised: false, external: false, route } };
  }
  return { ok: false, problem: { kind: 'nat-no-igw', route, nat, natSubnet } };
}

const CENTRALISED: ReadonlySet<string> = new Set(['tgw', 'eni', 'peering', 'vpce', 'instance', 'core-network', 'local-gateway', 'carrier-gateway', 'vgw']);

const cache = new WeakMap<NodeSet, Map<string, InternetEgress>>();

/**
 * Internet egress of a node subnet (catalog PF-AWS-009): a default route to an internet gateway with
 * a public IPv4 on the nodes, or to a public NAT gateway whose subnet routes to an internet gateway.
 * Transit gateways, appliances, peering and the like are centralised egress pullfix cannot follow.
 */
export function internetEgress(graph: ResourceGraph, set: NodeSet, subnet: Resource): InternetEgress {
  let perSet = cache.get(set);
  if (!perSet) cache.set(set, (perSet = new Map()));
  const cached = perSet.get(subnet.key);
  if (cached) return cached;
  const result = computeEgress(graph, set, subnet);
  perSet.set(subnet.key, result);
  return result;
}

function computeEgress(graph: ResourceGraph, set: NodeSet, subnet: Resource): InternetEgress {
  const routeTable = routeTableOf(graph, subnet);
  if (routeTable.status === 'unknown') {
    return {
      status: 'unknown', routeTable, defaultRoutes: [], hasCandidate: false, problems: [],
      unknown: { why: routeTable.why, reason: routeTable.reason, centralised: false, external: routeTable.external },
    };
  }
  const defaultRoutes = routeTable.routes.filter((r) => isDefaultRoute(r) || (r.destinationUnknown && r.target === 'unknown'));
  const problems: EgressProblem[] = [];
  let unknown: EgressUnknown | undefined;
  let via: Route | undefined;
  for (const route of defaultRoutes) {
    if (route.target === 'igw') {
      const ip = publicIp(set, subnet);
      if (ip.value === 'yes') via ??= route;
      else if (ip.value === 'no') problems.push({ kind: 'igw-no-public-ip', route, reason: ip.reason ?? 'subnet' });
      else unknown ??= { why: 'computed', reason: `\`map_public_ip_on_launch\` of \`${subnet.address}\` is not known before apply`, centralised: false, external: false, route };
    } else if (route.target === 'nat') {
      if (!route.targetResource) {
        unknown ??= { why: 'external', reason: `NAT gateway \`${route.targetId ?? '?'}\` is not in the analysed inputs`, centralised: false, external: true, route };
        continue;
      }
      const nat = natWorks(graph, route.targetResource, route);
      if (nat.ok) via ??= route;
      else if (nat.problem) problems.push(nat.problem);
      else if (nat.unknown) unknown ??= nat.unknown;
    } else if (CENTRALISED.has(route.target)) {
      unknown ??= {
        why: 'external', centralised: true, external: false, route,
        reason: `the default route of \`${route.holder.address}\` goes to a ${describeTarget(route.target)}, whose onward path to the internet is outside the analysed inputs`,
      };
    } else if (route.target === 'unknown') {
      unknown ??= { why: 'computed', reason: `the default route of \`${route.holder.address}\` has a target not known before apply`, centralised: false, external: false, route };
    }
  }
  const hasCandidate = defaultRoutes.some((r) => r.target === 'igw' || r.target === 'nat');
  const status = via ? 'yes' : unknown ? 'unknown' : 'no';
  return {
    status, routeTable, defaultRoutes, hasCandidate, problems,
    ...(status === 'unknown' && unknown ? { unknown } : {}),
    ...(via ? { via } : {}),
  };
}

function describeTarget(target: string): string {
  switch (target) {
    case 'tgw': return 'transit gateway';
    case 'eni': return 'network interface (firewall or appliance)';
    case 'peering': return 'VPC peering connection';
    case 'vpce': return 'Gateway Load Balancer endpoint';
    case 'instance': return 'instance (NAT instance or appliance)';
    case 'core-network': return 'Cloud WAN core network';
    case 'local-gateway': return 'Outposts local gateway';
    case 'carrier-gateway': return 'Wavelength carrier gateway';
    case 'vgw': return 'virtual private gateway';
    default: return target;
  }
}

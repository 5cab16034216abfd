import type { ResourceGraph } from '../../graph/graph.js';
import type { ResourceKind } from '../../graph/kinds.js';
import type { AttrPath, UnknownReason } from '../../graph/model.js';
import type { Resource } from '../../graph/resource.js';
import { resolveRefs, type RefResolution } from '../aws-nodes.js';
import { pointing, str } from './indexes.js';

/** What a route sends traffic to. Only `igw` and `nat` are internet egress pullfix can verify. */
export type RouteTarget =
  | 'igw' | 'nat' | 'tgw' | 'eni' | 'peering' | 'vpce' | 'instance' | 'egress-only' | 'core-network'
  | 'local-gateway' | 'carrier-gateway' | 'vgw' | 'local' | 'unknown';

export interface Route {
  /** The route table (inline `route` block) or the `aws_route` resource declaring the route. */
  readonly holder: Resource;
  readonly path: AttrPath;
  /** IPv4 destination; undefined when the input does not show it. */
  readonly destination?: string;
  /** The destination is hidden by the plan (see `routesFromLinks`). */
  readonly destinationUnknown: boolean;
  readonly target: RouteTarget;
  readonly targetResource?: Resource;
  /** Literal target id when the target is outside the inputs. */
  readonly targetId?: string;
}

/** The route table governing a subnet. */
export type RouteTableView =
  | {
    readonly status: 'known';
    /** The route table resource; undefined for the implicit main table of a VPC created by the plan. */
    readonly table?: Resource;
    readonly vpc?: Resource;
    readonly main: boolean;
    readonly routes: readonly Route[];
  }
  | { readonly status: 'unknown'; readonly why: UnknownReason; readonly reason: string; readonly external: boolean };

const VPC: readonly ResourceKind[] = ['aws.ec2.vpc'];
const TABLES: readonly ResourceKind[] = ['aws.ec2.routetable', 'aws.ec2.defaultroutetable'];
const SUBNET: readonly ResourceKind[] = ['aws.ec2.subnet'];
const IGW: readonly ResourceKind[] = ['aws.ec2.internetgateway'];
const NAT: readonly ResourceKind[] = ['aws.ec2.natgateway'];

/** Route target attributes of the Terraform schema (inline `route` blocks and `aws_route` share them). */
const TARGET_FIELDS: readonly (readonly [string, RouteTarget, readonly ResourceKind[]])[] = [
  ['gateway_id', 'igw', IGW],
  ['nat_gateway_id', 'nat', NAT],
  ['transit_gateway_id', 'tgw', []],
  ['network_interface_id', 'eni', []],
  ['vpc_peering_connection_id', 'peering', []],
  ['vpc_endpoint_id', 'vpce', []],
  ['instance_id', 'instance', []],
  ['egress_only_gateway_id', 'egress-only', []],
  ['core_network_arn', 'core-network', []],
  ['local_gateway_id', 'local-gateway', []],
  ['carrier_gateway_id', 'carrier-gateway', []],
];

function gatewayKind(id: string): RouteTarget {
  if (id === 'local') return 'local';
  if (id.startsWith('igw-')) return 'igw';
  if (id.startsWith('vgw-')) return 'vgw';
  return 'unknown';
}

/** Reads one route (an inline block at `base`, or an `aws_route` resource with base []). */
function readRoute(graph: ResourceGraph, holder: Resource, base: AttrPath, destinationKey: string): Route | undefined {
  const destination = holder.get([...base, destinationKey]);
  const destinationUnknown = destination !== undefined && !destination.known;
  const cidr = destination?.known && typeof destination.value === 'string' && destination.value !== '' ? destination.value : undefined;
  if (!cidr && !destinationUnknown) return undefined; // IPv6 or prefix-list route: not the IPv4 path to ECR
  let sawUnknown = false;
  for (const [field, target, kinds] of TARGET_FIELDS) {
    const value = holder.get([...base, field]);
    if (value === undefined || (value.known && (value.value === '' || value.value === null))) continue;
    if (!value.known) sawUnknown = true;
    const resolved: RefResolution = kinds.length > 0 && base.length === 0
      ? resolveRefs(graph, holder, [field], kinds)
      : value.known ? { status: 'external', values: [String(value.value)], loc: value.loc } : { status: 'absent' };
    const common = { holder, path: [...base, field], destinationUnknown, ...(cidr ? { destination: cidr } : {}) };
    if (resolved.status === 'resolved') return { ...common, target, targetResource: resolved.resources[0]! };
    if (value.known && typeof value.value === 'string') {
      const inGraph = kinds.length > 0 ? graph.byIdentifier(value.value, kinds)[0] : undefined;
      const kind = field === 'gateway_id' ? gatewayKind(value.value) : target;
      return { ...common, target: kind, ...(inGraph ? { targetResource: inGraph } : { targetId: value.value }) };
    }
    if (kinds.length === 0) return { ...common, target };
    return { ...common, target: 'unknown' };
  }
  if (sawUnknown) return { holder, path: base, destinationUnknown, target: 'unknown', ...(cidr ? { destination: cidr } : {}) };
  return undefined;
}

/**
 * Routes whose list is hidden by the plan. Terraform plans a set of inline `route` blocks wholly
 * unknown as soon as one block refers to a resource created in the same plan (the SDK shim does so
 * for partly known sets). `route` is an attributes-as-blocks set, so the plan's configuration holds
 * it as ONE expression with only the references: no `cidr_block` literal, no block count, no field
 * per reference (input-formats.md §1.4). The links are all there is. A route to an internet or NAT
 * gateway declared inline is, in practice, the default route; the destination is marked unknown so
 * callers can tell.
 */
function routesFromLinks(graph: ResourceGraph, table: Resource): Route[] {
  const routes: Route[] = [];
  const seen = new Set<string>();
  // `route` is an "attributes as blocks" set: Terraform's configuration records its references on
  // `route` itself, not per field, so targets are told apart by the kind of the referenced resource.
  const links = [...table.links(['route']), ...TARGET_FIELDS.flatMap(([field]) => table.links(['route', field]))];
  for (const link of links) {
    const targetResource = graph.byAddress(table, link.address);
    if (!targetResource || seen.has(targetResource.key)) continue;
    const target = targetOfType(targetResource);
    if (target === undefined) continue; // the VPC, a CIDR source… not a route target
    seen.add(targetResource.key);
    routes.push({ holder: table, path: ['route'], destinationUnknown: true, target, targetResource });
  }
  return routes;
}

/** The route target a referenced resource stands for, by its type. */
function targetOfType(resource: Resource): RouteTarget | undefined {
  if (resource.kind === 'aws.ec2.internetgateway') return 'igw';
  if (resource.kind === 'aws.ec2.natgateway') return 'nat';
  if (resource.kind === 'aws.ec2.instance') return 'instance';
  if (resource.kind === 'aws.ec2.vpcendpoint') return 'vpce';
  switch (resource.nativeType) {
    case 'aws_ec2_transit_gateway': case 'aws_ec2_transit_gateway_vpc_attachment': return 'tgw';
    case 'aws_network_interface': return 'eni';
    case 'aws_vpc_peering_connection': return 'peering';
    case 'aws_egress_only_internet_gateway': return 'egress-only';
    case 'aws_vpn_gateway': return 'vgw';
    case 'aws_networkmanager_core_network': return 'core-network';
    default: return undefined;
  }
}

/** Every IPv4 route of a route table: inline blocks and separate `aws_route` resources. */
export function routesOf(graph: ResourceGraph, table: Resource): Route[] | { readonly unknown: UnknownReason } {
  const routes: Route[] = [];
  const inline = table.get(['route']);
  if (inline && !inline.known) {
    // `route` is Optional+Computed: a table declared without inline routes plans it unknown too, and
    // the provider then only lists the separate `aws_route`s. The configuration says which case this
    // is; without one, inline blocks with literal targets would be known, so an unknown list without
    // references means no inline routes.
    if (table.configured(['route']) !== false) routes.push(...routesFromLinks(graph, table));
  } else if (inline?.known && Array.isArray(inline.value)) {
    inline.value.forEach((_, i) => {
      const route = readRoute(graph, table, ['route', i], 'cidr_block');
      if (route) routes.push(route);
    });
  }
  for (const route of pointing(graph, table, ['aws.ec2.route'], ['route_table_id'], TABLES)) {
    const read = readRoute(graph, route, [], 'destination_cidr_block');
    if (read) routes.push(read);
  }
  return routes;
}

/** Routes added to a VPC's implicit main table through `aws_vpc.x.main_route_table_id` / `default_route_table_id`. */
function routesOfImplicitMain(graph: ResourceGraph, vpc: Resource): Route[] {
  const routes: Route[] = [];
  for (const route of pointing(graph, vpc, ['aws.ec2.route'], ['route_table_id'], VPC)) {
    const read = readRoute(graph, route, [], 'destination_cidr_block');
    if (read) routes.push(read);
  }
  return routes;
}

/** The VPC of a resource with a `vpc_id` attribute. */
export function vpcOf(graph: ResourceGraph, resource: Resource): Resource | undefined {
  const resolved = resolveRefs(graph, resource, ['vpc_id'], VPC);
  return resolved.status === 'resolved' ? resolved.resources[0] : undefined;
}

function tableView(graph: ResourceGraph, table: Resource, vpc: Resource | undefined, main: boolean): RouteTableView {
  const routes = routesOf(graph, table);
  if (!Array.isArray(routes)) {
    return { status: 'unknown', why: routes.unknown, external: false, reason: `the routes of \`${table.address}\` are not known before apply` };
  }
  const extra = main && vpc ? routesOfImplicitMain(graph, vpc) : [];
  return { status: 'known', table, ...(vpc ? { vpc } : {}), main, routes: [...routes, ...extra] };
}

/**
 * The main route table of a VPC: `aws_main_route_table_association`, else an `aws_default_route_table`
 * adopting it, else a route table whose id is the VPC's `main_route_table_id`, else the implicit main
 * table of a VPC the plan creates (it holds only the local route plus `aws_route`s added to it).
 * https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html#RouteTableDetails
 */
export function mainRouteTable(graph: ResourceGraph, vpc: Resource): RouteTableView {
  const association = pointing(graph, vpc, ['aws.ec2.mainroutetableassociation'], ['vpc_id'], VPC)[0];
  if (association) {
    const table = resolveRefs(graph, association, ['route_table_id'], TABLES);
    if (table.status === 'resolved') return tableView(graph, table.resources[0]!, vpc, true);
    return { status: 'unknown', why: 'external', external: true, reason: `the main route table set by \`${association.address}\` is not in the analysed inputs` };
  }
  const adopted = pointing(graph, vpc, ['aws.ec2.defaultroutetable'], ['default_route_table_id'], VPC)[0]
    ?? pointing(graph, vpc, ['aws.ec2.defaultroutetable'], ['vpc_id'], VPC)[0];
  if (adopted) return tableView(graph, adopted, vpc, true);
  const mainId = str(vpc, ['main_route_table_id']);
  const byId = mainId ? graph.byIdentifier(mainId, TABLES)[0] : undefined;
  if (byId) return tableView(graph, byId, vpc, true);
  if (vpc.mode === 'managed' && vpc.action === 'create') {
    return { status: 'known', vpc, main: true, routes: routesOfImplicitMain(graph, vpc) };
  }
  return {
    status: 'unknown', why: 'external', external: true,
    reason: `the main route table of \`${vpc.address}\` is not in the analysed inputs`,
  };
}

const subnetTables = new WeakMap<Resource, RouteTableView>();

/** The route table of a subnet: its explicit association, else the VPC's main route table. */
export function routeTableOf(graph: ResourceGraph, subnet: Resource): RouteTableView {
  const cached = subnetTables.get(subnet);
  if (cached) return cached;
  const view = computeRouteTable(graph, subnet);
  subnetTables.set(subnet, view);
  return view;
}

function computeRouteTable(graph: ResourceGraph, subnet: Resource): RouteTableView {
  const vpc = vpcOf(graph, subnet);
  const associations = pointing(graph, subnet, ['aws.ec2.routetableassociation'], ['subnet_id'], SUBNET);
  if (associations.length > 0) {
    const table = resolveRefs(graph, associations[0]!, ['route_table_id'], TABLES);
    if (table.status === 'resolved') return tableView(graph, table.resources[0]!, vpc, false);
    const external = table.status !== 'unknown';
    return {
      status: 'unknown', why: table.status === 'unknown' ? table.why : 'external', external,
      reason: `the route table associated with \`${subnet.address}\` by \`${associations[0]!.address}\` is not in the analysed inputs`,
    };
  }
  if (!vpc) {
    return { status: 'unknown', why: 'external', external: true, reason: `the VPC of \`${subnet.address}\` is not in the analysed inputs` };
  }
  return mainRouteTable(graph, vpc);
}

/** A default IPv4 route: `0.0.0.0/0`, or a hidden destination on a route to an internet or NAT gateway. */
export function isDefaultRoute(route: Route): boolean {
  if (route.destination === '0.0.0.0/0') return true;
  return route.destinationUnknown && (route.target === 'igw' || route.target === 'nat');
}

import type { ResourceGraph } from '../../graph/graph.js';
import type { ResourceKind } from '../../graph/kinds.js';
import type { AttrPath } from '../../graph/model.js';
import type { Resource } from '../../graph/resource.js';
import { resolveRefs } from '../aws-nodes.js';
import { covers, overlaps, parseCidr, type Ipv4Range } from './cidr.js';
import { bool, num, pointing, str, unsetOnCreate } from './indexes.js';
import type { Verdict } from './security-groups.js';

export interface NaclEntry {
  readonly holder: Resource;
  readonly path: AttrPath;
  readonly ruleNumber?: number;
  readonly allow?: boolean;
  readonly protocol?: string;
  readonly from?: number;
  readonly to?: number;
  readonly cidr?: Ipv4Range;
  /** IPv6 entries never match IPv4 traffic. */
  readonly ipv6: boolean;
}

/** The network ACL in force on a subnet. `allow-all` is the AWS default NACL nobody rewrote. */
export type SubnetNacl =
  | { readonly status: 'rules'; readonly nacl: Resource; readonly ingress: readonly NaclEntry[]; readonly egress: readonly NaclEntry[]; readonly unknown: boolean }
  | { readonly status: 'allow-all' }
  | { readonly status: 'unknown'; readonly reason: string };

const SUBNET: readonly ResourceKind[] = ['aws.ec2.subnet'];
const VPC: readonly ResourceKind[] = ['aws.ec2.vpc'];
const NACLS: readonly ResourceKind[] = ['aws.ec2.networkacl', 'aws.ec2.defaultnetworkacl'];

function protocolOf(value: unknown): string | undefined {
  if (typeof value === 'number') value = String(value);
  if (typeof value !== 'string') return undefined;
  const p = value.toLowerCase();
  if (p === 'all' || p === '-1') return '-1';
  if (p === '6') return 'tcp';
  return p;
}

function inlineEntries(nacl: Resource, direction: 'ingress' | 'egress'): { entries: NaclEntry[]; unknown: boolean } {
  const block = nacl.get([direction]);
  if (block && !block.known) return { entries: [], unknown: !unsetOnCreate(nacl, [direction]) };
  if (!block?.known || !Array.isArray(block.value)) return { entries: [], unknown: false };
  const entries = block.value.map((_, i): NaclEntry => readEntry(nacl, [direction, i], 'rule_no', 'action', 'cidr_block', 'ipv6_cidr_block'));
  return { entries, unknown: false };
}

function readEntry(holder: Resource, base: AttrPath, numberKey: string, actionKey: string, cidrKey: string, ipv6Key: string): NaclEntry {
  const ruleNumber = num(holder, [...base, numberKey]);
  const action = str(holder, [...base, actionKey]);
  const protocolValue = holder.get([...base, 'protocol']);
  const protocol = protocolValue?.known ? protocolOf(protocolValue.value) : undefined;
  const from = num(holder, [...base, 'from_port']);
  const to = num(holder, [...base, 'to_port']);
  const cidrText = str(holder, [...base, cidrKey]);
  const cidr = cidrText ? parseCidr(cidrText) : undefined;
  const ipv6 = !cidrText && !!str(holder, [...base, ipv6Key]);
  return {
    holder, path: base, ipv6,
    ...(ruleNumber === undefined ? {} : { ruleNumber }),
    ...(action === undefined ? {} : { allow: action.toLowerCase() === 'allow' }),
    ...(protocol === undefined ? {} : { protocol }),
    ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }),
    ...(cidr ? { cidr } : {}),
  };
}

function entriesOf(graph: ResourceGraph, nacl: Resource): SubnetNacl {
  const ingress = inlineEntries(nacl, 'ingress');
  const egress = inlineEntries(nacl, 'egress');
  for (const rule of pointing(graph, nacl, ['aws.ec2.networkaclrule'], ['network_acl_id'], NACLS)) {
    const entry = readEntry(rule, [], 'rule_number', 'rule_action', 'cidr_block', 'ipv6_cidr_block');
    (bool(rule, ['egress']) === true ? egress : ingress).entries.push(entry);
  }
  return { status: 'rules', nacl, ingress: ingress.entries, egress: egress.entries, unknown: ingress.unknown || egress.unknown };
}

/**
 * The network ACL of a subnet: a custom NACL listing it (`subnet_ids` or `aws_network_acl_association`),
 * else the VPC default NACL, which allows everything unless `aws_default_network_acl` rewrites it.
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
 */
export function naclOf(graph: ResourceGraph, subnet: Resource, vpc: Resource | undefined): SubnetNacl {
  const listing = pointing(graph, subnet, ['aws.ec2.networkacl'], ['subnet_ids'], SUBNET)[0];
  if (listing) return entriesOf(graph, listing);
  const association = pointing(graph, subnet, ['aws.ec2.networkaclassociation'], ['subnet_id'], SUBNET)[0];
  if (association) {
    const nacl = resolveRefs(graph, association, ['network_acl_id'], NACLS);
    if (nacl.status === 'resolved') return entriesOf(graph, nacl.resources[0]!);
    return { status: 'unknown', reason: `the network ACL associated with \`${subnet.address}\` is not in the analysed inputs` };
  }
  if (!vpc) return { status: 'unknown', reason: `the VPC of \`${subnet.address}\` is not in the analysed inputs` };
  const adopted = pointing(graph, vpc, ['aws.ec2.defaultnetworkacl'], ['default_network_acl_id'], VPC)[0]
    ?? pointing(graph, vpc, ['aws.ec2.defaultnetworkacl'], ['vpc_id'], VPC)[0];
  if (adopted) return entriesOf(graph, adopted);
  return { status: 'allow-all' };
}

/**
 * Whether the entries let TCP traffic on every port of [low, high] pass to/from `peer`: entries are
 * evaluated by ascending rule number, the first match decides, and anything unmatched is denied.
 * A deny entry covering only part of the peer's addresses makes the verdict unknown.
 */
export function naclAllows(entries: readonly NaclEntry[], unknown: boolean, low: number, high: number, peer: Ipv4Range): Verdict {
  let remaining: [number, number][] = [[low, high]];
  let unsure = unknown;
  const sorted = [...entries].sort((a, b) => (a.ruleNumber ?? 0) - (b.ruleNumber ?? 0));
  for (const entry of sorted) {
    if (remaining.length === 0) break;
    if (entry.ipv6) continue;
    if (entry.protocol === undefined || entry.allow === undefined || entry.cidr === undefined || entry.ruleNumber === undefined) {
      unsure = true;
      continue;
    }
    let ports: [number, number];
    if (entry.protocol === '-1') ports = [0, 65535];
    else if (entry.protocol === 'tcp') {
      if (entry.from === undefined || entry.to === undefined) { unsure = true; continue; }
      ports = [entry.from, entry.to];
    } else continue;
    const hit = remaining.some(([a, b]) => a <= ports[1] && ports[0] <= b);
    if (!hit) continue;
    if (covers(entry.cidr, peer)) {
      if (!entry.allow) return 'no';
      remaining = subtract(remaining, ports);
    } else if (overlaps(entry.cidr, peer) && !entry.allow) {
      unsure = true;
    }
  }
  if (remaining.length === 0) return unsure ? 'unknown' : 'yes';
  return unsure ? 'unknown' : 'no';
}

function subtract(intervals: [number, number][], cut: [number, number]): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of intervals) {
    if (cut[1] < a || b < cut[0]) { out.push([a, b]); continue; }
    if (a < cut[0]) out.push([a, cut[0] - 1]);
    if (cut[1] < b) out.push([cut[1] + 1, b]);
  }
  return out;
}

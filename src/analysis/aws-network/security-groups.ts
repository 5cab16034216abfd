import type { ResourceGraph } from '../../graph/graph.js';
import type { ResourceKind } from '../../graph/kinds.js';
import type { AttrPath, UnknownReason } from '../../graph/model.js';
import type { Resource } from '../../graph/resource.js';
import { resolveRefs, type NodeSet } from '../aws-nodes.js';
import { ANYWHERE, covers, parseCidr, type Ipv4Range } from './cidr.js';
import { num, pointing, str, unsetOnCreate } from './indexes.js';

export type Direction = 'ingress' | 'egress';

/** One security-group rule in the normalized form pullfix evaluates. */
export interface SgRule {
  readonly holder: Resource;
  readonly path: AttrPath;
  /** `-1` (all), `tcp`, `udp`, `icmp`… (numbers normalised: 6 → tcp). Undefined when unknown. */
  readonly protocol?: string;
  readonly from?: number;
  readonly to?: number;
  readonly cidrs: readonly Ipv4Range[];
  readonly prefixLists: boolean;
  /** Security groups named as peers: resource keys, `cluster:<key>` for an EKS cluster security group, or literal ids. */
  readonly peers: ReadonlySet<string>;
  /** Some part of the rule is not known before apply. */
  readonly unknown: boolean;
}

export interface SgRules {
  readonly rules: readonly SgRule[];
  /** The group's inline rule list is hidden (known only after apply). */
  readonly unknown?: { readonly why: UnknownReason; readonly reason: string };
}

export type Verdict = 'yes' | 'no' | 'unknown';

const SG: readonly ResourceKind[] = ['aws.ec2.securitygroup', 'aws.ec2.defaultsecuritygroup'];
const VPC: readonly ResourceKind[] = ['aws.ec2.vpc'];

/** A known raw value, or undefined. */
function raw(resource: Resource, path: AttrPath): unknown {
  const value = resource.get(path);
  return value?.known ? value.value : undefined;
}

function normaliseProtocol(value: unknown): string | undefined {
  if (typeof value === 'number') value = String(value);
  if (typeof value !== 'string') return undefined;
  const p = value.toLowerCase();
  if (p === 'all' || p === '-1') return '-1';
  if (p === '6') return 'tcp';
  if (p === '17') return 'udp';
  return p;
}

/** Peer security groups of a rule attribute, including EKS cluster security groups named through the cluster. */
function peersOf(graph: ResourceGraph, holder: Resource, path: AttrPath, peers: Set<string>): boolean {
  const value = holder.get(path);
  if (value === undefined) return false;
  const resolved = resolveRefs(graph, holder, path, SG);
  if (resolved.status === 'resolved') {
    resolved.resources.forEach((r) => peers.add(r.key));
    resolved.external.forEach((id) => peers.add(id));
  } else if (resolved.status === 'external') {
    resolved.values.forEach((id) => peers.add(id));
  }
  let unknown = resolved.status === 'unknown';
  for (const link of holder.links(path)) {
    const target = graph.byAddress(holder, link.address);
    if (target?.kind === 'aws.eks.cluster' && link.attribute.includes('cluster_security_group_id')) {
      peers.add(`cluster:${target.key}`);
      unknown = false;
    }
  }
  return unknown;
}

function cidrList(holder: Resource, path: AttrPath): { ranges: Ipv4Range[]; unknown: boolean } {
  const value = holder.get(path);
  if (value === undefined) return { ranges: [], unknown: false };
  if (!value.known) return { ranges: [], unknown: true };
  const list = Array.isArray(value.value) ? value.value : [value.value];
  const ranges: Ipv4Range[] = [];
  for (const item of list) {
    if (typeof item !== 'string') continue;
    const range = parseCidr(item);
    if (range) ranges.push(range);
  }
  return { ranges, unknown: false };
}

function inlineRules(graph: ResourceGraph, sg: Resource, direction: Direction): SgRules {
  const block = sg.get([direction]);
  if (block && !block.known && unsetOnCreate(sg, [direction])) return { rules: [] };
  if (block && !block.known) {
    return { rules: [], unknown: { why: block.why, reason: `the ${direction} rules of \`${sg.address}\` are not known before apply` } };
  }
  if (!block?.known || !Array.isArray(block.value)) return { rules: [] };
  const rules: SgRule[] = [];
  block.value.forEach((_, i) => {
    const base: AttrPath = [direction, i];
    const peers = new Set<string>();
    const unknownPeers = peersOf(graph, sg, [...base, 'security_groups'], peers);
    if (raw(sg, [...base, 'self']) === true) peers.add(sg.key);
    const cidrs = cidrList(sg, [...base, 'cidr_blocks']);
    const prefix = sg.get([...base, 'prefix_list_ids']);
    const protocol = normaliseProtocol(raw(sg, [...base, 'protocol']));
    const from = num(sg, [...base, 'from_port']);
    const to = num(sg, [...base, 'to_port']);
    rules.push({
      holder: sg, path: base,
      ...(protocol ? { protocol } : {}), ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }),
      cidrs: cidrs.ranges,
      prefixLists: !!(prefix?.known && Array.isArray(prefix.value) && prefix.value.length > 0) || (prefix !== undefined && !prefix.known),
      peers, unknown: unknownPeers || cidrs.unknown || protocol === undefined,
    });
  });
  return { rules };
}

/** `aws_security_group_rule` resources of one direction attached to the group. */
function legacyRuleResources(graph: ResourceGraph, sg: Resource, direction: Direction): SgRule[] {
  const out: SgRule[] = [];
  for (const rule of pointing(graph, sg, ['aws.ec2.securitygrouprule'], ['security_group_id'], SG)) {
    if (str(rule, ['type']) !== direction) continue;
    const peers = new Set<string>();
    const unknownPeers = peersOf(graph, rule, ['source_security_group_id'], peers);
    if (raw(rule, ['self']) === true) peers.add(sg.key);
    const cidrs = cidrList(rule, ['cidr_blocks']);
    const protocol = normaliseProtocol(raw(rule, ['protocol']));
    const from = num(rule, ['from_port']);
    const to = num(rule, ['to_port']);
    const prefix = rule.get(['prefix_list_ids']);
    out.push({
      holder: rule, path: [],
      ...(protocol ? { protocol } : {}), ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }),
      cidrs: cidrs.ranges,
      prefixLists: !!(prefix?.known && Array.isArray(prefix.value) && prefix.value.length > 0) || (prefix !== undefined && !prefix.known),
      peers, unknown: unknownPeers || cidrs.unknown || protocol === undefined,
    });
  }
  return out;
}

/** `aws_vpc_security_group_{ingress,egress}_rule` resources attached to the group. */
function vpcRuleResources(graph: ResourceGraph, sg: Resource, direction: Direction): SgRule[] {
  const kind: ResourceKind = direction === 'egress' ? 'aws.ec2.securitygroupegressrule' : 'aws.ec2.securitygroupingressrule';
  const out: SgRule[] = [];
  for (const rule of pointing(graph, sg, [kind], ['security_group_id'], SG)) {
    const peers = new Set<string>();
    const unknownPeers = peersOf(graph, rule, ['referenced_security_group_id'], peers);
    const cidrs = cidrList(rule, ['cidr_ipv4']);
    const protocol = normaliseProtocol(raw(rule, ['ip_protocol']));
    const from = num(rule, ['from_port']);
    const to = num(rule, ['to_port']);
    const prefix = rule.get(['prefix_list_id']);
    out.push({
      holder: rule, path: [],
      ...(protocol ? { protocol } : {}), ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }),
      cidrs: cidrs.ranges, prefixLists: prefix !== undefined, peers,
      unknown: unknownPeers || cidrs.unknown || protocol === undefined,
    });
  }
  return out;
}

/**
 * Every rule of one direction of a security group. Terraform's and Pulumi-classic's
 * `aws_security_group` remove the allow-all egress rule AWS creates, so a group without egress
 * rules has none; CloudFormation keeps it and its parser adds it explicitly, so no format is
 * special-cased here. https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group
 */
export function rulesOf(graph: ResourceGraph, sg: Resource, direction: Direction): SgRules {
  const inline = inlineRules(graph, sg, direction);
  const separate = [...legacyRuleResources(graph, sg, direction), ...vpcRuleResources(graph, sg, direction)];
  return { rules: [...inline.rules, ...separate], ...(inline.unknown ? { unknown: inline.unknown } : {}) };
}

/** Who is at the other end of the traffic. */
export type Peer =
  | { readonly kind: 'cidr'; readonly range: Ipv4Range }
  | { readonly kind: 'groups'; readonly keys: ReadonlySet<string>; readonly ranges: readonly Ipv4Range[] }
  | { readonly kind: 'prefix-list' };

function portMatches(rule: SgRule, port: number): Verdict {
  if (rule.protocol === undefined) return 'unknown';
  if (rule.protocol === '-1') return 'yes';
  if (rule.protocol !== 'tcp') return 'no';
  if (rule.from === undefined || rule.to === undefined) return 'unknown';
  return rule.from <= port && port <= rule.to ? 'yes' : 'no';
}

function peerMatches(rule: SgRule, peer: Peer): boolean {
  switch (peer.kind) {
    case 'cidr': return rule.cidrs.some((c) => covers(c, peer.range));
    case 'prefix-list': return rule.prefixLists || rule.cidrs.some((c) => covers(c, ANYWHERE));
    case 'groups':
      return [...peer.keys].some((k) => rule.peers.has(k)) || (peer.ranges.length > 0 && peer.ranges.every((r) => rule.cidrs.some((c) => covers(c, r))));
  }
}

/** Whether a set of rules admits TCP `port` to/from `peer`. */
export function admits(rules: SgRules, port: number, peer: Peer): Verdict {
  let unsure = rules.unknown !== undefined;
  for (const rule of rules.rules) {
    const ports = portMatches(rule, port);
    if (ports === 'no') continue;
    if (peerMatches(rule, peer)) {
      if (ports === 'yes') return 'yes';
      unsure = true;
    } else if (rule.unknown) {
      unsure = true;
    }
  }
  return unsure ? 'unknown' : 'no';
}

/** The VPC default security group, as `aws_default_security_group` rewrites it (AWS default otherwise). */
export function defaultSecurityGroup(graph: ResourceGraph, vpc: Resource): Resource | undefined {
  return pointing(graph, vpc, ['aws.ec2.defaultsecuritygroup'], ['vpc_id'], VPC)[0];
}

/**
 * Rules of the VPC default security group. Without `aws_default_security_group`, AWS's defaults
 * apply: all egress allowed, ingress only from members of the group itself.
 * https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
 */
export function defaultGroupRules(graph: ResourceGraph, vpc: Resource, direction: Direction): { rules: SgRules; key: string; holder?: Resource } {
  const adopted = defaultSecurityGroup(graph, vpc);
  if (adopted) return { rules: rulesOf(graph, adopted, direction), key: adopted.key, holder: adopted };
  const key = `default:${vpc.key}`;
  const rule: SgRule = direction === 'egress'
    ? { holder: vpc, path: [], protocol: '-1', cidrs: [ANYWHERE], prefixLists: true, peers: new Set(), unknown: false }
    : { holder: vpc, path: [], protocol: '-1', cidrs: [], prefixLists: false, peers: new Set([key]), unknown: false };
  return { rules: { rules: [rule] }, key };
}

/** Identities of the groups on a node set's interfaces, as rule peers name them. */
export function nodeGroupKeys(graph: ResourceGraph, set: NodeSet, vpc: Resource | undefined): Set<string> {
  const keys = new Set<string>();
  const sgs = set.securityGroups;
  if (sgs.source === 'explicit' && sgs.groups.status === 'resolved') {
    sgs.groups.resources.forEach((r) => keys.add(r.key));
    sgs.groups.external.forEach((id) => keys.add(id));
    for (const r of sgs.groups.resources) {
      const id = str(r, ['id']);
      if (id) keys.add(id);
    }
  } else if (sgs.source === 'explicit' && sgs.groups.status === 'external') {
    sgs.groups.values.forEach((id) => keys.add(id));
  } else if (sgs.source === 'cluster' && set.cluster) {
    keys.add(`cluster:${set.cluster.key}`);
    const id = str(set.cluster, ['vpc_config', 'cluster_security_group_id']);
    if (id) keys.add(id);
  } else if (sgs.source === 'vpc-default' && vpc) {
    const adopted = defaultSecurityGroup(graph, vpc);
    keys.add(adopted ? adopted.key : `default:${vpc.key}`);
  }
  return keys;
}

import type { ResourceGraph } from '../graph/graph.js';
import type { ResourceKind } from '../graph/kinds.js';
import type { AttrPath, Location, UnknownReason } from '../graph/model.js';
import type { Resource } from '../graph/resource.js';
import { bool, str } from './attributes.js';

/**
 * EKS node sets: every group of machines (or Fargate micro-VMs) whose kubelet pulls images, with the
 * identity it pulls with and the network it pulls through.
 *
 * - Managed node groups: the role is `node_role_arn` (EKS forbids an instance profile in their launch
 *   template); security groups come from the launch template, else EKS attaches the cluster security
 *   group, which EKS creates with an allow-all egress rule.
 *   https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html
 * - Self-managed nodes: autoscaling group → launch template → instance profile → role.
 * - EKS Auto Mode: `compute_config.node_role_arn` of the cluster, cluster subnets and security group.
 * - Fargate: `pod_execution_role_arn`; pods use the cluster security group.
 *   https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html
 */
export type NodeSetType = 'managed' | 'self-managed' | 'auto-mode' | 'fargate';

/**
 * The outcome of following a reference attribute:
 * - `resolved`: the targets are in the graph;
 * - `external`: literal values (ARNs, ids) naming objects outside the inputs;
 * - `unknown`: the value is computed (or otherwise unreadable) and no reference leads anywhere.
 * A list attribute may mix resolved targets and external literals.
 */
export type RefResolution =
  | { readonly status: 'resolved'; readonly resources: readonly Resource[]; readonly external: readonly string[] }
  | { readonly status: 'external'; readonly values: readonly string[]; readonly loc: Location }
  | { readonly status: 'unknown'; readonly why: UnknownReason; readonly reason: string; readonly loc: Location }
  | { readonly status: 'absent' };

/** Where a node set's role is named: the resource and attribute a finding should blame. */
export interface RoleSource {
  readonly resource: Resource;
  readonly path: AttrPath;
}

/** The node role (or Fargate pod execution role) of a node set. */
export type NodeRole =
  | { readonly status: 'resolved'; readonly roles: readonly Resource[]; readonly source: RoleSource }
  | { readonly status: 'external'; readonly arn: string; readonly source: RoleSource }
  | { readonly status: 'unknown'; readonly why: UnknownReason; readonly reason: string; readonly source: RoleSource };

/**
 * The security groups on the nodes' network interfaces:
 * - `explicit`: the launch template lists them (resolved or not);
 * - `cluster`: EKS attaches the cluster security group (created by EKS, allow-all egress, outside the plan);
 * - `vpc-default`: self-managed instances launched without a group get the VPC default security group.
 */
export type NodeSecurityGroups =
  | { readonly source: 'explicit'; readonly groups: RefResolution; readonly holder: Resource; readonly path: AttrPath }
  | { readonly source: 'cluster' }
  | { readonly source: 'vpc-default' };

export interface NodeSet {
  /** The node group, autoscaling group, cluster (Auto Mode) or Fargate profile. */
  readonly resource: Resource;
  readonly type: NodeSetType;
  readonly cluster?: Resource;
  /** Cluster name when known (literal or from the resolved cluster). */
  readonly clusterName?: string;
  readonly role: NodeRole;
  /** Node subnets and the attribute naming them. */
  readonly subnets: RefResolution;
  readonly subnetsPath: AttrPath;
  readonly securityGroups: NodeSecurityGroups;
  readonly launchTemplate?: Resource;
  /**
   * Whether the launch template asks for a public IPv4 (`network_interfaces[].associate_public_ip_address`):
   * true/false when set, undefined when the subnet default applies.
   */
  readonly associatePublicIp?: boolean;
  /** Number of network interfaces the launch template declares (EC2 never auto-assigns a public IPv4 with ≥2). */
  readonly networkInterfaceCount: number;
  readonly os: 'linux' | 'windows';
  /** CPU architecture when it can be told from the AMI type or instance types. */
  readonly arch?: 'x86_64' | 'arm64';
}

const SUBNET: readonly ResourceKind[] = ['aws.ec2.subnet'];
const ROLE: readonly ResourceKind[] = ['aws.iam.role'];
const CLUSTER: readonly ResourceKind[] = ['aws.eks.cluster'];
const LAUNCH_TEMPLATE: readonly ResourceKind[] = ['aws.ec2.launchtemplate'];
const INSTANCE_PROFILE: readonly ResourceKind[] = ['aws.iam.instanceprofile'];
const SECURITY_GROUP: readonly ResourceKind[] = ['aws.ec2.securitygroup', 'aws.ec2.defaultsecuritygroup'];

function describeUnknown(why: UnknownReason): string {
  switch (why) {
    case 'computed': return 'is known only after apply';
    case 'intrinsic': return 'is an expression pullfix could not evaluate';
    case 'external': return 'comes from outside the analysed inputs';
    case 'secret': return 'is hidden by the input';
  }
}

/**
 * Follows a reference attribute (a string or a list of strings) to resources of the given kinds:
 * concrete values first (ids, ARNs, names), then the input's own references for values that are
 * unknown or match nothing.
 */
export function resolveRefs(graph: ResourceGraph, resource: Resource, path: AttrPath, kinds: readonly ResourceKind[]): RefResolution {
  const whole = resource.get(path);
  if (whole === undefined) return { status: 'absent' };
  const found: Resource[] = [];
  const seen = new Set<string>();
  const add = (r: Resource): void => {
    if (seen.has(r.key) || r === resource) return;
    seen.add(r.key);
    found.push(r);
  };
  const literals: string[] = [];
  let unknown: { why: UnknownReason; loc: Location } | undefined;
  const elements = resource.list(path);
  if (!Array.isArray(elements)) {
    if (!elements.known) unknown = { why: elements.why, loc: elements.loc };
  } else {
    for (const element of elements) {
      if (!element.known) {
        unknown ??= { why: element.why, loc: element.loc };
        continue;
      }
      if (typeof element.value !== 'string' || element.value === '') continue;
      const targets = graph.byIdentifier(element.value, kinds).filter((t) => t !== resource);
      if (targets.length === 0) literals.push(element.value);
      else targets.forEach(add);
    }
  }
  if (unknown || literals.length > 0) {
    for (const target of graph.resolve(resource, path, kinds)) {
      if (target.via === 'reference') add(target.resource);
    }
  }
  if (found.length > 0) {
    // Unmatched literals next to references cannot be told apart from the referenced values; they are
    // foreign ids only when the input records no reference for the attribute.
    const external = unknown || resource.links(path).length > 0 ? [] : literals;
    return { status: 'resolved', resources: found, external };
  }
  if (unknown) {
    return {
      status: 'unknown', why: unknown.why, loc: unknown.loc,
      reason: `\`${path.join('.')}\` of \`${resource.address}\` ${describeUnknown(unknown.why)} and no reference names it`,
    };
  }
  if (literals.length > 0) return { status: 'external', values: literals, loc: resource.locOf(path) };
  return { status: 'absent' };
}

function roleFrom(graph: ResourceGraph, resource: Resource, path: AttrPath): NodeRole {
  const source = { resource, path };
  const resolved = resolveRefs(graph, resource, path, ROLE);
  switch (resolved.status) {
    case 'resolved': return { status: 'resolved', roles: resolved.resources, source };
    case 'external': return { status: 'external', arn: resolved.values[0]!, source };
    case 'unknown': return { status: 'unknown', why: resolved.why, reason: resolved.reason, source };
    case 'absent': return { status: 'unknown', why: 'external', reason: `\`${resource.address}\` names no role in \`${path.join('.')}\``, source };
  }
}

function first(resolution: RefResolution): Resource | undefined {
  return resolution.status === 'resolved' ? resolution.resources[0] : undefined;
}

/** A launch template named by `{id, name}` (node group, ASG) or `{launch_template_id, launch_template_name}` (mixed instances). */
function launchTemplateOf(graph: ResourceGraph, resource: Resource, block: AttrPath, idKey = 'id', nameKey = 'name'): Resource | undefined {
  return first(resolveRefs(graph, resource, [...block, idKey], LAUNCH_TEMPLATE))
    ?? first(resolveRefs(graph, resource, [...block, nameKey], LAUNCH_TEMPLATE));
}

interface TemplateFacts {
  readonly securityGroups?: NodeSecurityGroups;
  readonly associatePublicIp?: boolean;
  readonly networkInterfaceCount: number;
}

function templateFacts(graph: ResourceGraph, template: Resource | undefined): TemplateFacts {
  if (!template) return { networkInterfaceCount: 0 };
  const interfaces = template.get(['network_interfaces']);
  const count = interfaces?.known && Array.isArray(interfaces.value) ? interfaces.value.length : 0;
  let associatePublicIp: boolean | undefined;
  let securityGroups: NodeSecurityGroups | undefined;
  const direct = template.get(['vpc_security_group_ids']);
  if (direct !== undefined && !(direct.known && Array.isArray(direct.value) && direct.value.length === 0)) {
    securityGroups = { source: 'explicit', groups: resolveRefs(graph, template, ['vpc_security_group_ids'], SECURITY_GROUP), holder: template, path: ['vpc_security_group_ids'] };
  }
  for (let i = 0; i < count; i += 1) {
    const flag = bool(template, ['network_interfaces', i, 'associate_public_ip_address']);
    if (i === 0 && flag !== undefined) associatePublicIp = flag;
    const groups = template.get(['network_interfaces', i, 'security_groups']);
    if (!securityGroups && groups !== undefined && !(groups.known && Array.isArray(groups.value) && groups.value.length === 0)) {
      const path: AttrPath = ['network_interfaces', i, 'security_groups'];
      securityGroups = { source: 'explicit', groups: resolveRefs(graph, template, path, SECURITY_GROUP), holder: template, path };
    }
  }
  return {
    ...(securityGroups ? { securityGroups } : {}),
    ...(associatePublicIp === undefined ? {} : { associatePublicIp }),
    networkInterfaceCount: count,
  };
}

/** Graviton instance families (a1, and families with a "g" processor letter such as m7g, c6gn, r8gd, t4g). */
const GRAVITON = /^(a1|[a-z]+\d+g[a-z]*)\./;

function archOf(amiType: string | undefined, instanceTypes: readonly string[]): 'x86_64' | 'arm64' | undefined {
  if (amiType) {
    if (/ARM_64/i.test(amiType)) return 'arm64';
    if (/x86_64/i.test(amiType)) return 'x86_64';
  }
  if (instanceTypes.length === 0) return undefined;
  const arm = instanceTypes.map((t) => GRAVITON.test(t));
  if (arm.every(Boolean)) return 'arm64';
  if (arm.every((a) => !a)) return 'x86_64';
  return undefined;
}

function stringList(resource: Resource, path: AttrPath): string[] {
  const value = resource.get(path);
  return value?.known && Array.isArray(value.value) ? value.value.filter((v): v is string => typeof v === 'string') : [];
}

function clusterOf(graph: ResourceGraph, resource: Resource, path: AttrPath): { cluster?: Resource; clusterName?: string } {
  const cluster = first(resolveRefs(graph, resource, path, CLUSTER));
  const clusterName = str(resource, path) ?? (cluster ? str(cluster, ['name']) : undefined);
  return { ...(cluster ? { cluster } : {}), ...(clusterName ? { clusterName } : {}) };
}

function managedNodeGroup(graph: ResourceGraph, group: Resource): NodeSet {
  const template = launchTemplateOf(graph, group, ['launch_template']);
  const facts = templateFacts(graph, template);
  const amiType = str(group, ['ami_type']);
  const arch = archOf(amiType, stringList(group, ['instance_types']));
  return {
    resource: group,
    type: 'managed',
    ...clusterOf(graph, group, ['cluster_name']),
    role: roleFrom(graph, group, ['node_role_arn']),
    subnets: resolveRefs(graph, group, ['subnet_ids'], SUBNET),
    subnetsPath: ['subnet_ids'],
    securityGroups: facts.securityGroups ?? { source: 'cluster' },
    ...(template ? { launchTemplate: template } : {}),
    ...(facts.associatePublicIp === undefined ? {} : { associatePublicIp: facts.associatePublicIp }),
    networkInterfaceCount: facts.networkInterfaceCount,
    os: amiType?.toUpperCase().startsWith('WINDOWS_') ? 'windows' : 'linux',
    ...(arch ? { arch } : {}),
  };
}

const CLUSTER_TAG = /^kubernetes\.io\/cluster\/(.+)$/;

/** Tag keys of an ASG (`tag` blocks) and of its launch template (`tags`, `tag_specifications`). */
function tagKeys(asg: Resource, template: Resource | undefined): string[] {
  const keys: string[] = [];
  const blocks = asg.get(['tag']);
  if (blocks?.known && Array.isArray(blocks.value)) {
    for (const block of blocks.value) {
      const key = (block as { key?: unknown } | null)?.key;
      if (typeof key === 'string') keys.push(key);
    }
  }
  const objects: unknown[] = [];
  if (template) {
    const tags = template.get(['tags']);
    if (tags?.known) objects.push(tags.value);
    const specs = template.get(['tag_specifications']);
    if (specs?.known && Array.isArray(specs.value)) for (const spec of specs.value) objects.push((spec as { tags?: unknown } | null)?.tags);
  }
  for (const object of objects) if (object && typeof object === 'object') keys.push(...Object.keys(object));
  return keys;
}

/** AWS managed policies only EKS worker nodes carry; a role with one of them is a node role. */
const WORKER_POLICY = /:iam::aws:policy\/(AmazonEKSWorkerNodePolicy|AmazonEKSWorkerNodeMinimalPolicy)$/;

function hasWorkerPolicy(graph: ResourceGraph, roles: readonly Resource[]): boolean {
  for (const role of roles) {
    if (stringList(role, ['managed_policy_arns']).some((arn) => WORKER_POLICY.test(arn))) return true;
    for (const referrer of graph.referrers(role)) {
      if (referrer.resource.kind !== 'aws.iam.rolepolicyattachment' && referrer.resource.kind !== 'aws.iam.policyattachment') continue;
      const arn = str(referrer.resource, ['policy_arn']);
      if (arn && WORKER_POLICY.test(arn)) return true;
    }
  }
  return false;
}

/**
 * An autoscaling group is taken for self-managed EKS nodes when it (or its launch template) carries
 * the `kubernetes.io/cluster/<name>` tag EKS nodes need, or its instance role carries the EKS worker
 * node policy; other autoscaling groups (bastions, build agents) are not nodes.
 */
function selfManagedGroup(graph: ResourceGraph, asg: Resource): NodeSet | undefined {
  let templatePath: AttrPath = ['launch_template'];
  let template = launchTemplateOf(graph, asg, templatePath);
  if (!template) {
    templatePath = ['mixed_instances_policy', 'launch_template', 'launch_template_specification'];
    template = launchTemplateOf(graph, asg, templatePath, 'launch_template_id', 'launch_template_name');
  }
  let role: NodeRole;
  if (!template) {
    const reason = `the launch template (or launch configuration) of \`${asg.address}\` is not in the analysed inputs`;
    role = { status: 'unknown', why: 'external', reason, source: { resource: asg, path: ['launch_template'] } };
  } else {
    const profile = resolveRefs(graph, template, ['iam_instance_profile', 'arn'], INSTANCE_PROFILE);
    const byName = profile.status === 'resolved' ? profile : resolveRefs(graph, template, ['iam_instance_profile', 'name'], INSTANCE_PROFILE);
    const holder = first(byName);
    if (holder) {
      role = roleFrom(graph, holder, ['role']);
    } else {
      const path: AttrPath = template.get(['iam_instance_profile', 'arn']) ? ['iam_instance_profile', 'arn'] : ['iam_instance_profile', 'name'];
      const literal = byName.status === 'external' ? byName.values[0] : profile.status === 'external' ? profile.values[0] : undefined;
      if (literal) {
        role = { status: 'unknown', why: 'external', reason: `instance profile \`${literal}\` of \`${template.address}\` is not in the analysed inputs`, source: { resource: template, path } };
      } else if (byName.status === 'unknown' || profile.status === 'unknown') {
        const u = byName.status === 'unknown' ? byName : profile as Extract<RefResolution, { status: 'unknown' }>;
        role = { status: 'unknown', why: u.why, reason: u.reason, source: { resource: template, path } };
      } else {
        role = { status: 'unknown', why: 'external', reason: `launch template \`${template.address}\` sets no instance profile`, source: { resource: template, path: ['iam_instance_profile'] } };
      }
    }
  }
  const keys = tagKeys(asg, template);
  const tagged = keys.map((k) => CLUSTER_TAG.exec(k)?.[1]).find((name) => name !== undefined);
  if (tagged === undefined && !(role.status === 'resolved' && hasWorkerPolicy(graph, role.roles))) return undefined;
  const facts = templateFacts(graph, template);
  const imageType = template ? str(template, ['instance_type']) : undefined;
  const arch = archOf(undefined, imageType ? [imageType] : []);
  let cluster: Resource | undefined;
  if (tagged) cluster = graph.byIdentifier(tagged, CLUSTER)[0];
  return {
    resource: asg,
    type: 'self-managed',
    ...(cluster ? { cluster } : {}),
    ...(tagged ? { clusterName: tagged } : {}),
    role,
    subnets: resolveRefs(graph, asg, ['vpc_zone_identifier'], SUBNET),
    subnetsPath: ['vpc_zone_identifier'],
    securityGroups: facts.securityGroups ?? { source: 'vpc-default' },
    ...(template ? { launchTemplate: template } : {}),
    ...(facts.associatePublicIp === undefined ? {} : { associatePublicIp: facts.associatePublicIp }),
    networkInterfaceCount: facts.networkInterfaceCount,
    // Windows self-managed nodes cannot be told from an AMI id; the cluster tag says nothing either.
    os: 'linux',
    ...(arch ? { arch } : {}),
  };
}

function autoMode(graph: ResourceGraph, cluster: Resource): NodeSet | undefined {
  if (bool(cluster, ['compute_config', 'enabled']) !== true) return undefined;
  const name = str(cluster, ['name']);
  return {
    resource: cluster,
    type: 'auto-mode',
    cluster,
    ...(name ? { clusterName: name } : {}),
    role: roleFrom(graph, cluster, ['compute_config', 'node_role_arn']),
    // Auto Mode's default node class launches nodes in the cluster subnets with the cluster security group.
    subnets: resolveRefs(graph, cluster, ['vpc_config', 'subnet_ids'], SUBNET),
    subnetsPath: ['vpc_config', 'subnet_ids'],
    securityGroups: { source: 'cluster' },
    networkInterfaceCount: 0,
    os: 'linux',
  };
}

function fargateProfile(graph: ResourceGraph, profile: Resource): NodeSet {
  return {
    resource: profile,
    type: 'fargate',
    ...clusterOf(graph, profile, ['cluster_name']),
    role: roleFrom(graph, profile, ['pod_execution_role_arn']),
    subnets: resolveRefs(graph, profile, ['subnet_ids'], SUBNET),
    subnetsPath: ['subnet_ids'],
    securityGroups: { source: 'cluster' },
    networkInterfaceCount: 0,
    os: 'linux',
    arch: 'x86_64',
  };
}

const cache = new WeakMap<ResourceGraph, readonly NodeSet[]>();

/** Every EKS node set of the graph, computed once per graph. Data sources are not node sets. */
export function nodeSets(graph: ResourceGraph): readonly NodeSet[] {
  const cached = cache.get(graph);
  if (cached) return cached;
  const out: NodeSet[] = [];
  for (const group of graph.ofKind('aws.eks.nodegroup')) if (group.mode === 'managed') out.push(managedNodeGroup(graph, group));
  for (const asg of graph.ofKind('aws.autoscaling.group')) {
    if (asg.mode !== 'managed') continue;
    const set = selfManagedGroup(graph, asg);
    if (set) out.push(set);
  }
  for (const cluster of graph.ofKind('aws.eks.cluster')) {
    if (cluster.mode !== 'managed') continue;
    const set = autoMode(graph, cluster);
    if (set) out.push(set);
  }
  for (const profile of graph.ofKind('aws.eks.fargateprofile')) if (profile.mode === 'managed') out.push(fargateProfile(graph, profile));
  cache.set(graph, out);
  return out;
}

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
 * - Self-managed nodes: autoscaling group → launch template (or launch configuration, which CDK still
 *   generates by default) → instance profile → role.
 *   https://docs.aws.amazon.com/eks/latest/userguide/worker.html
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
 * - `explicit`: the launch template or launch configuration lists them (resolved or not);
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
  /** The launch configuration of a self-managed autoscaling group that has one instead of a launch template. */
  readonly launchConfiguration?: Resource;
  /**
   * Whether the launch template (`network_interfaces[0].associate_public_ip_address`) or the launch
   * configuration (`associate_public_ip_address`) asks for a public IPv4: true/false when set,
   * undefined when the subnet default applies.
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
const LAUNCH_CONFIGURATION: readonly ResourceKind[] = ['aws.autoscaling.launchconfiguration'];
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

/** What the launch template or launch configuration decides about the nodes' network interfaces. */
interface LaunchFacts {
  readonly securityGroups?: NodeSecurityGroups;
  readonly associatePublicIp?: boolean;
  readonly networkInterfaceCount: number;
}

/** Whether a list attribute is set and not known to be empty (an unknown list may hold groups). */
function listed(resource: Resource, path: AttrPath): boolean {
  const value = resource.get(path);
  return value !== undefined && !(value.known && Array.isArray(value.value) && value.value.length === 0);
}

function explicitGroups(graph: ResourceGraph, holder: Resource, path: AttrPath): NodeSecurityGroups {
  return { source: 'explicit', groups: resolveRefs(graph, holder, path, SECURITY_GROUP), holder, path };
}

function launchFacts(securityGroups: NodeSecurityGroups | undefined, associatePublicIp: boolean | undefined, networkInterfaceCount: number): LaunchFacts {
  return {
    ...(securityGroups ? { securityGroups } : {}),
    ...(associatePublicIp === undefined ? {} : { associatePublicIp }),
    networkInterfaceCount,
  };
}

function templateFacts(graph: ResourceGraph, template: Resource | undefined): LaunchFacts {
  if (!template) return { networkInterfaceCount: 0 };
  const interfaces = template.get(['network_interfaces']);
  const count = interfaces?.known && Array.isArray(interfaces.value) ? interfaces.value.length : 0;
  let associatePublicIp: boolean | undefined;
  let securityGroups = listed(template, ['vpc_security_group_ids']) ? explicitGroups(graph, template, ['vpc_security_group_ids']) : undefined;
  for (let i = 0; i < count; i += 1) {
    const flag = bool(template, ['network_interfaces', i, 'associate_public_ip_address']);
    if (i === 0 && flag !== undefined) associatePublicIp = flag;
    const path: AttrPath = ['network_interfaces', i, 'security_groups'];
    if (!securityGroups && listed(template, path)) securityGroups = explicitGroups(graph, template, path);
  }
  return launchFacts(securityGroups, associatePublicIp, count);
}

/**
 * A launch configuration declares no network interface: its `security_groups` and
 * `associate_public_ip_address` apply to the one interface EC2 creates. Left unset, the public IPv4
 * follows the subnet's setting, like a launch template without the flag.
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateLaunchConfiguration.html
 */
function configurationFacts(graph: ResourceGraph, configuration: Resource): LaunchFacts {
  const path: AttrPath = ['security_groups'];
  const securityGroups = listed(configuration, path) ? explicitGroups(graph, configuration, path) : undefined;
  return launchFacts(securityGroups, bool(configuration, ['associate_public_ip_address']), 0);
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

function hasUnknownTagKey(asg: Resource): boolean {
  const blocks = asg.get(['tag']);
  if (!blocks?.known || !Array.isArray(blocks.value)) return false;
  return blocks.value.some((_, i) => asg.get(['tag', i, 'key'])?.known === false);
}

/** The cluster an autoscaling group's `kubernetes.io/cluster/<name>` tag names. */
interface ClusterTag {
  readonly cluster?: Resource;
  readonly clusterName?: string;
}

/**
 * The `kubernetes.io/cluster/<name>` tag of the group or its launch template. A key built from a
 * reference to the cluster's name stays symbolic when the name is generated at deploy time (CDK's
 * addAutoScalingGroupCapacity writes `Fn::Join ["kubernetes.io/cluster/", Ref Cluster]` for a cluster
 * without `clusterName`): an unknown key whose reference leads to an EKS cluster's name is that tag.
 */
function clusterTag(graph: ResourceGraph, asg: Resource, template: Resource | undefined): ClusterTag | undefined {
  const name = tagKeys(asg, template).map((k) => CLUSTER_TAG.exec(k)?.[1]).find((n) => n !== undefined);
  if (name !== undefined) {
    const cluster = graph.byIdentifier(name, CLUSTER)[0];
    return { ...(cluster ? { cluster } : {}), clusterName: name };
  }
  if (!hasUnknownTagKey(asg)) return undefined;
  const cluster = graph.resolve(asg, ['tag', 'key'], CLUSTER)
    .find((r) => r.via === 'reference' && (r.attribute[0] === 'name' || r.attribute[0] === 'id'))?.resource;
  if (!cluster) return undefined;
  const clusterName = str(cluster, ['name']);
  return { cluster, ...(clusterName ? { clusterName } : {}) };
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

/** Where an autoscaling group's instances get their launch settings from. */
interface Launcher {
  readonly type: 'template' | 'configuration';
  readonly resource: Resource;
}

/**
 * The launch template of the group (directly or through its mixed instances policy), else its launch
 * configuration: an autoscaling group has exactly one of the three.
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html
 */
function launcherOf(graph: ResourceGraph, asg: Resource): Launcher | undefined {
  const template = launchTemplateOf(graph, asg, ['launch_template'])
    ?? launchTemplateOf(graph, asg, ['mixed_instances_policy', 'launch_template', 'launch_template_specification'], 'launch_template_id', 'launch_template_name');
  if (template) return { type: 'template', resource: template };
  const configuration = first(resolveRefs(graph, asg, ['launch_configuration'], LAUNCH_CONFIGURATION));
  return configuration ? { type: 'configuration', resource: configuration } : undefined;
}

/** How a launch template or launch configuration names its instance profile (both in `iam_instance_profile`). */
interface ProfileNaming {
  /** What reasons call the holder. */
  readonly label: string;
  /** The values naming the profile, in the order they are tried. */
  readonly paths: readonly AttrPath[];
}

const PROFILE: AttrPath = ['iam_instance_profile'];

const PROFILE_NAMING: Readonly<Record<Launcher['type'], ProfileNaming>> = {
  // `iam_instance_profile { arn, name }`: either identifies the profile.
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_LaunchTemplateIamInstanceProfileSpecificationRequest.html
  template: { label: 'launch template', paths: [[...PROFILE, 'arn'], [...PROFILE, 'name']] },
  // One string: "the name or the Amazon Resource Name (ARN) of the instance profile".
  // https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateLaunchConfiguration.html
  configuration: { label: 'launch configuration', paths: [PROFILE] },
};

function unresolvedProfile(resource: Resource, naming: ProfileNaming, tried: readonly RefResolution[]): NodeRole {
  const source = { resource, path: naming.paths.find((p) => resource.get(p) !== undefined) ?? PROFILE };
  const literal = tried.find((r): r is Extract<RefResolution, { status: 'external' }> => r.status === 'external');
  if (literal) {
    return { status: 'unknown', why: 'external', reason: `instance profile \`${literal.values[0]}\` of \`${resource.address}\` is not in the analysed inputs`, source };
  }
  const unknown = tried.find((r): r is Extract<RefResolution, { status: 'unknown' }> => r.status === 'unknown');
  if (unknown) return { status: 'unknown', why: unknown.why, reason: unknown.reason, source };
  return { status: 'unknown', why: 'external', reason: `${naming.label} \`${resource.address}\` sets no instance profile`, source: { resource, path: PROFILE } };
}

/**
 * The role of the instance profile a launch template or configuration names. A profile outside the
 * inputs or known only after apply leaves the role unknown, with the reason: rules then report that
 * they cannot verify, never a pass or a failure.
 */
function launcherRole(graph: ResourceGraph, launcher: Launcher): NodeRole {
  const naming = PROFILE_NAMING[launcher.type];
  const tried: RefResolution[] = [];
  for (const path of naming.paths) {
    const resolution = resolveRefs(graph, launcher.resource, path, INSTANCE_PROFILE);
    const profile = first(resolution);
    if (profile) return roleFrom(graph, profile, ['role']);
    tried.push(resolution);
  }
  return unresolvedProfile(launcher.resource, naming, tried);
}

/** The role of a group whose launch template or configuration is not in the inputs: unknown, saying which. */
function launcherMissing(graph: ResourceGraph, asg: Resource): NodeRole {
  const configuration = resolveRefs(graph, asg, ['launch_configuration'], LAUNCH_CONFIGURATION);
  if (configuration.status === 'absent' || configuration.status === 'resolved') {
    const reason = `the launch template of \`${asg.address}\` is not in the analysed inputs`;
    return { status: 'unknown', why: 'external', reason, source: { resource: asg, path: ['launch_template'] } };
  }
  const source = { resource: asg, path: ['launch_configuration'] };
  if (configuration.status === 'unknown') return { status: 'unknown', why: configuration.why, reason: configuration.reason, source };
  const reason = `launch configuration \`${configuration.values[0]}\` of \`${asg.address}\` is not in the analysed inputs`;
  return { status: 'unknown', why: 'external', reason, source };
}

function launcherFacts(graph: ResourceGraph, launcher: Launcher | undefined): LaunchFacts {
  if (launcher?.type === 'configuration') return configurationFacts(graph, launcher.resource);
  return templateFacts(graph, launcher?.resource);
}

/**
 * An autoscaling group is taken for self-managed EKS nodes when it (or its launch template) carries
 * the `kubernetes.io/cluster/<name>` tag EKS nodes need, or its instance role carries the EKS worker
 * node policy; other autoscaling groups (bastions, build agents) are not nodes.
 */
function selfManagedGroup(graph: ResourceGraph, asg: Resource): NodeSet | undefined {
  const launcher = launcherOf(graph, asg);
  const role = launcher ? launcherRole(graph, launcher) : launcherMissing(graph, asg);
  const template = launcher?.type === 'template' ? launcher.resource : undefined;
  const tag = clusterTag(graph, asg, template);
  if (!tag && !(role.status === 'resolved' && hasWorkerPolicy(graph, role.roles))) return undefined;
  const launch = launcherFacts(graph, launcher);
  const instanceType = launcher ? str(launcher.resource, ['instance_type']) : undefined;
  const arch = archOf(undefined, instanceType ? [instanceType] : []);
  return {
    resource: asg,
    type: 'self-managed',
    ...tag,
    role,
    subnets: resolveRefs(graph, asg, ['vpc_zone_identifier'], SUBNET),
    subnetsPath: ['vpc_zone_identifier'],
    securityGroups: launch.securityGroups ?? { source: 'vpc-default' },
    ...(template ? { launchTemplate: template } : {}),
    ...(launcher?.type === 'configuration' ? { launchConfiguration: launcher.resource } : {}),
    ...(launch.associatePublicIp === undefined ? {} : { associatePublicIp: launch.associatePublicIp }),
    networkInterfaceCount: launch.networkInterfaceCount,
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

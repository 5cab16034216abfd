import type { ResourceKind } from '../../graph/kinds.js';
import type { AttrPath } from '../../graph/model.js';
import { kindOfObject, objectAddress, isKubernetesObject } from '../kubernetes/objects.js';
import { linkTo } from './evaluate.js';
import { Linked, Unknown, hasUnknown, isRecord, isSym, jsonString, linksIn, plain } from './values.js';

/**
 * CloudFormation resource types → normalized kinds and attributes (the Terraform AWS provider schema,
 * see graph/kinds.ts), with CloudFormation's own defaults filled in so that rules never see the format.
 *
 * Choices, documented here because rules and people depend on them:
 * - `AWS::IAM::Policy` (inline policy attached with `Roles`) becomes one `aws.iam.rolepolicy` per role,
 *   like `aws_iam_role_policy {role, name, policy}`; `AWS::IAM::ManagedPolicy` becomes an
 *   `aws.iam.policy` plus one `aws.iam.rolepolicyattachment {role, policy_arn}` per role in `Roles`,
 *   exactly what Terraform users write, so IAM analysis reads both formats the same way.
 * - `AWS::ECR::Repository.RepositoryPolicyText` becomes a separate `aws.ecr.repositorypolicy
 *   {repository, policy}` (address `<repository>/RepositoryPolicyText`), the shape of
 *   `aws_ecr_repository_policy`; the repository itself carries no policy attribute.
 * - `AWS::EC2::SecurityGroup` without `SecurityGroupEgress` gets the allow-all IPv4 egress entry that
 *   EC2 creates for a VPC security group; it is removed only when the property lists egress rules
 *   (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html).
 *   Standalone `AWS::EC2::SecurityGroupEgress` resources do not remove it.
 * - `AWS::EC2::VPCEndpoint`: `VpcEndpointType` defaults to `Gateway`, `PrivateDnsEnabled` to false.
 * - `AWS::EC2::VPC`: `EnableDnsSupport` defaults to true, `EnableDnsHostnames` to false.
 * - `AWS::KMS::Key.Enabled` (default true) → `is_enabled`.
 * - Policy documents are JSON strings, like Terraform's `policy` / `assume_role_policy`.
 * - `AWS::AutoScaling::AutoScalingGroup.Tags` (`[{Key, Value, PropagateAtLaunch}]`) become `tag` blocks, the
 *   shape of `aws_autoscaling_group`, not a `tags` map: the `kubernetes.io/cluster/<name>` tag of
 *   self-managed nodes is read there. `AWS::AutoScaling::LaunchConfiguration.AssociatePublicIpAddress`
 *   stays absent when not set (the subnet's `MapPublicIpOnLaunch` decides then).
 * - CDK's `Custom::AWSCDK-EKS-Cluster` is an `aws.eks.cluster` (from `Config`),
 *   `Custom::AWSCDK-EKS-FargateProfile` an `aws.eks.fargateprofile`, and every object of a
 *   `Custom::AWSCDK-EKS-KubernetesResource` manifest a `k8s.*` resource in Kubernetes API shape.
 */

export interface AwsContext {
  readonly partition: string | undefined;
  readonly account: string | undefined;
  readonly region: string | undefined;
}

/** One normalized resource produced from a CloudFormation resource. */
export interface Translated {
  /** Appended to the resource address ("" for the resource itself). */
  readonly suffix: string;
  readonly kind: ResourceKind | undefined;
  readonly attrs: Record<string, unknown>;
  /** Template pointer (relative to the resource) of each top-level normalized attribute. */
  readonly sources: Readonly<Record<string, string>>;
  /** Pointer (relative to the resource) of the resource itself, when it is a part of it. */
  readonly pointer?: string;
}

type Props = Record<string, unknown>;

function rec(value: unknown): Props {
  if (value instanceof Linked) return rec(value.value);
  return isRecord(value) ? value : {};
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  if (value instanceof Linked && Array.isArray(value.value)) {
    return value.value.map((v) => (isSym(v) ? v : new Linked(v, value.links)));
  }
  return [value];
}

/** A list-valued attribute: a known or partly known list stays a list; an unknown list stays unknown. */
function listAttr(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (value instanceof Unknown) return value;
  return list(value);
}

/** CloudFormation `Tags: [{Key, Value}]` → Terraform `tags` map. */
function tags(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (isRecord(value)) return value; // AWS::EKS::Nodegroup and a few others use a map already
  const out: Record<string, unknown> = {};
  for (const item of list(value)) {
    const tag = rec(item);
    const key = plain(tag.Key);
    if (typeof key === 'string') out[key] = tag.Value;
  }
  return out;
}

function bool(value: unknown, fallback: boolean): unknown {
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

function num(value: unknown): unknown {
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return value;
}

function str(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  return value;
}

function stripUndefined(attrs: Props): Props {
  const out: Props = {};
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined) out[key] = value;
  return out;
}

/** The CFN property each top-level attribute comes from, for template pointers. */
type Sources = Record<string, string>;

function result(kind: ResourceKind | undefined, attrs: Props, sources: Sources, suffix = '', pointer?: string): Translated {
  // Attributes left undefined (properties not set) are dropped when the resource is materialized.
  const base: Translated = { suffix, kind, attrs, sources };
  return pointer === undefined ? base : { ...base, pointer };
}

/** What a `Ref` to a resource of this type returns, as a normalized attribute (documented per type). */
export function refAttribute(type: string): AttrPath {
  switch (type) {
    case 'AWS::IAM::Role': // role name
    case 'AWS::IAM::InstanceProfile': // instance profile name
    case 'AWS::ECR::Repository': // repository name
    case 'AWS::EKS::Cluster': // cluster name
    case 'Custom::AWSCDK-EKS-Cluster': // CDK returns the cluster name as physical id
    case 'AWS::AutoScaling::AutoScalingGroup':
    case 'AWS::AutoScaling::LaunchConfiguration': // launch configuration name
      return ['name'];
    case 'AWS::IAM::ManagedPolicy': // policy ARN
    case 'AWS::IAM::OIDCProvider':
      return ['arn'];
    case 'AWS::KMS::Key':
      return ['key_id'];
    case 'AWS::EC2::EIP':
      return ['public_ip'];
    default: // EC2 VPC resources, node groups, Fargate profiles, launch templates, IAM::Policy: the id
      return ['id'];
  }
}

const GETATT: Record<string, AttrPath> = {
  Arn: ['arn'],
  Id: ['id'],
  GroupId: ['id'],
  RoleId: ['unique_id'],
  ClusterSecurityGroupId: ['vpc_config', 0, 'cluster_security_group_id'],
  Endpoint: ['endpoint'],
  OpenIdConnectIssuerUrl: ['identity', 0, 'oidc', 0, 'issuer'],
  CertificateAuthorityData: ['certificate_authority', 0, 'data'],
  RepositoryUri: ['repository_url'],
  AllocationId: ['allocation_id'],
  PublicIp: ['public_ip'],
  KeyId: ['key_id'],
  DefaultSecurityGroup: ['default_security_group_id'],
  DefaultNetworkAcl: ['default_network_acl_id'],
  CidrBlock: ['cidr_block'],
  VpcId: ['vpc_id'],
  NodegroupName: ['node_group_name'],
  ClusterName: ['cluster_name'],
  LaunchTemplateId: ['id'],
  LatestVersionNumber: ['latest_version'],
  DefaultVersionNumber: ['default_version'],
  NetworkInterfaceId: ['network_interface_id'],
};

/** Normalized attribute of `Fn::GetAtt [X, Attr]`. */
export function getAttAttribute(attribute: string): AttrPath {
  const mapped = GETATT[attribute];
  if (mapped) return mapped;
  return [attribute.replace(/\./g, '_').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()];
}

/**
 * Identifiers CloudFormation will give a resource that the templates already decide (names given
 * explicitly, ARNs built from them and the stack environment). Used for Ref/GetAtt values and for
 * `graph.byIdentifier`.
 */
export function identity(type: string, props: Props, ctx: AwsContext): Record<string, string> {
  const s = (v: unknown): string | undefined => {
    const p = plain(v);
    return typeof p === 'string' && p !== '' ? p : undefined;
  };
  const { partition, account, region } = ctx;
  const out: Record<string, string> = {};
  switch (type) {
    case 'AWS::IAM::Role':
    case 'AWS::IAM::InstanceProfile': {
      const name = s(type === 'AWS::IAM::Role' ? props.RoleName : props.InstanceProfileName);
      if (!name) break;
      out.name = name;
      out.id = name;
      const path = s(props.Path) ?? '/';
      if (partition && account) out.arn = `arn:${partition}:iam::${account}:${type === 'AWS::IAM::Role' ? 'role' : 'instance-profile'}${path}${name}`;
      break;
    }
    case 'AWS::IAM::ManagedPolicy': {
      const name = s(props.ManagedPolicyName);
      if (!name) break;
      out.name = name;
      if (partition && account) out.arn = `arn:${partition}:iam::${account}:policy${s(props.Path) ?? '/'}${name}`;
      if (out.arn) out.id = out.arn;
      break;
    }
    case 'AWS::ECR::Repository': {
      const name = s(props.RepositoryName);
      if (!name) break;
      out.name = name;
      out.id = name;
      if (account) out.registry_id = account;
      if (partition && account && region) {
        out.arn = `arn:${partition}:ecr:${region}:${account}:repository/${name}`;
        out.repository_url = `${account}.dkr.ecr.${region}.${partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'}/${name}`;
      }
      break;
    }
    case 'AWS::EKS::Cluster':
    case 'Custom::AWSCDK-EKS-Cluster': {
      const name = s(type === 'AWS::EKS::Cluster' ? props.Name : rec(props.Config).name);
      if (!name) break;
      out.name = name;
      out.id = name;
      if (partition && account && region) out.arn = `arn:${partition}:eks:${region}:${account}:cluster/${name}`;
      break;
    }
    case 'AWS::EC2::SecurityGroup': {
      const name = s(props.GroupName);
      if (name) out.name = name;
      break;
    }
    case 'AWS::AutoScaling::LaunchConfiguration': {
      // Terraform's aws_launch_configuration id is its name.
      const name = s(props.LaunchConfigurationName);
      if (!name) break;
      out.name = name;
      out.id = name;
      break;
    }
    default:
      break;
  }
  return out;
}

/** Attributes CloudFormation computes at deploy time, per kind (unknown unless `identity` decides them). */
const COMPUTED: Partial<Record<ResourceKind, readonly string[]>> = {
  'aws.iam.role': ['arn', 'name', 'id', 'unique_id'],
  'aws.iam.instanceprofile': ['arn', 'name', 'id'],
  'aws.iam.policy': ['arn', 'id'],
  'aws.iam.oidcprovider': ['arn'],
  'aws.eks.cluster': ['arn', 'name', 'id'],
  'aws.eks.nodegroup': ['arn', 'id'],
  'aws.eks.fargateprofile': ['arn', 'id'],
  'aws.ec2.launchtemplate': ['id', 'arn'],
  'aws.ec2.vpc': ['id', 'arn', 'main_route_table_id', 'default_security_group_id', 'default_network_acl_id'],
  'aws.ec2.subnet': ['id', 'arn'],
  'aws.ec2.routetable': ['id', 'arn'],
  'aws.ec2.internetgateway': ['id', 'arn'],
  'aws.ec2.natgateway': ['id'],
  'aws.ec2.eip': ['id', 'allocation_id', 'public_ip'],
  'aws.ec2.securitygroup': ['id', 'arn'],
  'aws.ec2.networkacl': ['id', 'arn'],
  'aws.ec2.vpcendpoint': ['id', 'arn'],
  'aws.ec2.dhcpoptions': ['id', 'arn'],
  'aws.ecr.repository': ['arn', 'name', 'repository_url', 'id', 'registry_id'],
  'aws.kms.key': ['arn', 'key_id', 'id'],
  'aws.autoscaling.group': ['arn', 'id'],
  'aws.autoscaling.launchconfiguration': ['name', 'id', 'arn'],
};

/** Adds identifiers: decided ones as values, the others unknown (computed at deploy). */
function withIdentity(t: Translated, ids: Record<string, string>): Translated {
  if (!t.kind) return t;
  const attrs = { ...t.attrs };
  for (const key of COMPUTED[t.kind] ?? []) {
    if (ids[key] !== undefined) attrs[key] = ids[key];
    else if (attrs[key] === undefined) attrs[key] = new Unknown('computed', []);
  }
  return { ...t, attrs };
}

/** Instance metadata options (launch templates and launch configurations share the shape) → `metadata_options` block. */
function metadataOptions(value: unknown): unknown[] | undefined {
  if (value === undefined) return undefined;
  const options = rec(value);
  return [stripUndefined({
    http_tokens: options.HttpTokens, http_put_response_hop_limit: num(options.HttpPutResponseHopLimit), http_endpoint: options.HttpEndpoint,
  })];
}

function launchTemplateSpec(value: unknown): unknown {
  if (value === undefined) return undefined;
  const v = rec(value);
  return [stripUndefined({ id: v.LaunchTemplateId ?? v.Id, name: v.LaunchTemplateName ?? v.Name, version: str(v.Version) })];
}

/** Autoscaling group `Tags: [{Key, Value, PropagateAtLaunch}]` → Terraform `tag` blocks `{key, value, propagate_at_launch}`. */
function asgTags(value: unknown): unknown {
  if (value === undefined || value instanceof Unknown) return value;
  return list(value).map((item) => {
    const tag = rec(item);
    return stripUndefined({ key: tag.Key, value: tag.Value, propagate_at_launch: bool(tag.PropagateAtLaunch, false) });
  });
}

function sgRules(value: unknown, egress: boolean): unknown[] {
  return list(value).map((item) => {
    const r = rec(item);
    const protocol = str(r.IpProtocol);
    const all = plain(protocol) === '-1';
    const one = (v: unknown): unknown[] => (v === undefined ? [] : [v]);
    return stripUndefined({
      protocol: typeof protocol === 'string' ? protocol.toLowerCase() : protocol,
      from_port: num(r.FromPort) ?? (all ? 0 : undefined),
      to_port: num(r.ToPort) ?? (all ? 0 : undefined),
      cidr_blocks: one(r.CidrIp),
      ipv6_cidr_blocks: one(r.CidrIpv6),
      prefix_list_ids: one(egress ? r.DestinationPrefixListId : r.SourcePrefixListId),
      security_groups: one(egress ? r.DestinationSecurityGroupId : r.SourceSecurityGroupId),
      self: false,
      description: r.Description,
    });
  });
}

/** EC2's default egress of a VPC security group: all protocols to 0.0.0.0/0. */
const DEFAULT_EGRESS = {
  protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [], prefix_list_ids: [],
  security_groups: [], self: false, description: 'default egress rule EC2 adds when SecurityGroupEgress is not set',
};

/** A policy document's statements in the shape of `aws_iam_policy_document` statement blocks. */
function statementBlocks(document: unknown): unknown[] {
  const principals = (value: unknown): unknown[] | undefined => {
    if (value === undefined) return undefined;
    if (plain(value) === '*') return [{ type: '*', identifiers: ['*'] }];
    return Object.entries(rec(value)).map(([type, identifiers]) => ({ type, identifiers: list(identifiers) }));
  };
  const conditions = (value: unknown): unknown[] | undefined => {
    if (value === undefined) return undefined;
    return Object.entries(rec(value)).flatMap(([test, keys]) =>
      Object.entries(rec(keys)).map(([variable, values]) => ({ test, variable, values: list(values) })));
  };
  const optionalList = (value: unknown): unknown[] | undefined => (value === undefined ? undefined : list(value));
  return list(rec(document).Statement).map((item) => {
    const st = rec(item);
    return {
      sid: st.Sid, effect: st.Effect ?? 'Allow',
      actions: optionalList(st.Action), not_actions: optionalList(st.NotAction),
      resources: optionalList(st.Resource), not_resources: optionalList(st.NotResource),
      principals: principals(st.Principal), not_principals: principals(st.NotPrincipal),
      condition: conditions(st.Condition),
    };
  });
}

/**
 * A role's trust policy. When part of it is decided only at deploy (the ARN of an OIDC provider the
 * stack creates, say), the JSON string is unknown, as Terraform's is when `assume_role_policy` comes
 * from an `aws_iam_policy_document` with unknown identifiers. Terraform users still have that data
 * source's statement blocks, which tell an IRSA role from a node role (PF-AWS-003); the same blocks
 * are kept here as a `<role>/AssumeRolePolicyDocument` policy document the attribute links to.
 */
function trustPolicy(address: string, document: unknown): { value: unknown; part?: Translated } {
  const value = jsonString(document);
  if (!(value instanceof Unknown) || document === undefined) return { value };
  const suffix = '/AssumeRolePolicyDocument';
  const part = result('aws.iam.policydocument', { json: value, statement: statementBlocks(document) }, { json: '', statement: '/Properties/AssumeRolePolicyDocument/Statement' }, suffix, '/Properties/AssumeRolePolicyDocument');
  return { value: new Unknown(value.why, [linkTo(`${address}${suffix}`, ['json']), ...value.links]), part };
}

function inlinePolicies(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (value instanceof Unknown) return value;
  return list(value).map((item) => {
    const p = rec(item);
    return { name: p.PolicyName, policy: jsonString(p.PolicyDocument) };
  });
}

/** The role names a policy names in `Roles` (list, possibly from Refs). */
function roles(value: unknown): unknown[] {
  if (value instanceof Unknown) return [value];
  return list(value);
}

function firstOf(value: unknown): unknown {
  if (value instanceof Unknown) return value;
  return list(value)[0];
}

/**
 * Parses a CDK Kubernetes manifest (a JSON string, often a `Fn::Join` with tokens in it) into
 * objects. Tokens become `Unknown`s with their links, placed where they appear.
 */
export function manifestObjects(raw: unknown, joinParts?: readonly unknown[]): unknown[] | undefined {
  const known = plain(raw);
  if (typeof known === 'string') {
    try {
      const parsed: unknown = JSON.parse(known);
      return Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      return undefined;
    }
  }
  if (!joinParts) return undefined;
  // Rebuild the JSON with placeholders for unknown parts, then put the unknowns back.
  const holes: unknown[] = [];
  const text = joinParts.map((part) => {
    const p = plain(part);
    if (typeof p === 'string' && !hasUnknown(part)) return p;
    if (typeof p === 'number' || typeof p === 'boolean') return String(p);
    holes.push(part);
    return `\uE000${holes.length - 1}\uE001`;
  }).join('');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const fill = (v: unknown): unknown => {
    if (typeof v === 'string' && v.includes('\uE000')) {
      const pieces = v.split(/\uE000(\d+)\uE001/);
      const parts: unknown[] = [];
      pieces.forEach((piece, i) => parts.push(i % 2 === 1 ? holes[Number(piece)] : piece));
      if (parts.some(hasUnknown)) return new Unknown('computed', linksIn(parts));
      const links = linksIn(parts);
      const joined = parts.map((p) => String(plain(p) ?? '')).join('');
      return links.length > 0 ? new Linked(joined, links) : joined;
    }
    if (Array.isArray(v)) return v.map(fill);
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  const filled = fill(parsed);
  return Array.isArray(filled) ? filled : [filled];
}

/**
 * CloudFormation types `translate` turns into normalized resources. Properties of other types are
 * never read, so the parser does not evaluate them. A type handled by `translate` must be listed here.
 */
const TRANSLATED_TYPES: ReadonlySet<string> = new Set([
  'AWS::EKS::Nodegroup', 'AWS::EKS::Cluster', 'Custom::AWSCDK-EKS-Cluster', 'AWS::EKS::FargateProfile',
  'Custom::AWSCDK-EKS-FargateProfile', 'AWS::EKS::PodIdentityAssociation',
  'Custom::AWSCDK-EKS-KubernetesResource', 'AWS::AutoScaling::AutoScalingGroup',
  'AWS::AutoScaling::LaunchConfiguration', 'AWS::EC2::LaunchTemplate', 'AWS::EC2::Instance',
  'AWS::IAM::Role', 'AWS::IAM::InstanceProfile', 'AWS::IAM::Policy', 'AWS::IAM::RolePolicy',
  'AWS::IAM::ManagedPolicy', 'AWS::IAM::OIDCProvider', 'AWS::EC2::VPC', 'AWS::EC2::Subnet',
  'AWS::EC2::RouteTable', 'AWS::EC2::Route', 'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::InternetGateway', 'AWS::EC2::VPCGatewayAttachment', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP',
  'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress',
  'AWS::EC2::NetworkAcl', 'AWS::EC2::NetworkAclEntry', 'AWS::EC2::SubnetNetworkAclAssociation',
  'AWS::EC2::VPCEndpoint', 'AWS::EC2::DHCPOptions', 'AWS::EC2::VPCDHCPOptionsAssociation',
  'AWS::ECR::Repository', 'AWS::ECR::RegistryPolicy', 'AWS::ECR::PullThroughCacheRule',
  'AWS::ECR::ReplicationConfiguration', 'AWS::KMS::Key',
]);

/** Whether `translate` reads the properties of this CloudFormation type. */
export function translates(type: string): boolean {
  return TRANSLATED_TYPES.has(type);
}

/** Translates one CloudFormation resource (properties already evaluated). */
export function translate(type: string, address: string, props: Props, ctx: AwsContext, manifestParts?: readonly unknown[]): Translated[] {
  if (!translates(type)) return [result(undefined, {}, {})];
  const ids = identity(type, props, ctx);
  const one = (t: Translated): Translated[] => [withIdentity(t, ids)];
  const P = (name: string): string => `/Properties/${name}`;
  switch (type) {
    case 'AWS::EKS::Nodegroup': {
      const scaling = props.ScalingConfig === undefined ? undefined : rec(props.ScalingConfig);
      return one(result('aws.eks.nodegroup', {
        cluster_name: props.ClusterName,
        node_group_name: props.NodegroupName,
        node_role_arn: props.NodeRole,
        subnet_ids: listAttr(props.Subnets),
        ami_type: props.AmiType,
        capacity_type: props.CapacityType,
        instance_types: listAttr(props.InstanceTypes),
        launch_template: props.LaunchTemplate === undefined ? undefined : [stripUndefined({
          id: rec(props.LaunchTemplate).Id, name: rec(props.LaunchTemplate).Name, version: str(rec(props.LaunchTemplate).Version),
        })],
        release_version: props.ReleaseVersion,
        version: props.Version,
        labels: props.Labels,
        taint: props.Taints === undefined ? undefined : list(props.Taints).map((t) => stripUndefined({
          key: rec(t).Key, value: rec(t).Value, effect: rec(t).Effect,
        })),
        scaling_config: scaling && [stripUndefined({ desired_size: num(scaling.DesiredSize), max_size: num(scaling.MaxSize), min_size: num(scaling.MinSize) })],
        remote_access: props.RemoteAccess === undefined ? undefined : [stripUndefined({
          ec2_ssh_key: rec(props.RemoteAccess).Ec2SshKey, source_security_group_ids: rec(props.RemoteAccess).SourceSecurityGroups,
        })],
        tags: tags(props.Tags),
      }, {
        cluster_name: P('ClusterName'), node_group_name: P('NodegroupName'), node_role_arn: P('NodeRole'), subnet_ids: P('Subnets'),
        ami_type: P('AmiType'), capacity_type: P('CapacityType'), instance_types: P('InstanceTypes'), launch_template: P('LaunchTemplate'),
        labels: P('Labels'), taint: P('Taints'), scaling_config: P('ScalingConfig'), remote_access: P('RemoteAccess'), tags: P('Tags'),
      }));
    }
    case 'AWS::EKS::Cluster': {
      const vpc = rec(props.ResourcesVpcConfig);
      const compute = props.ComputeConfig === undefined ? undefined : rec(props.ComputeConfig);
      return one(result('aws.eks.cluster', {
        name: props.Name,
        role_arn: props.RoleArn,
        version: props.Version,
        vpc_config: [stripUndefined({
          subnet_ids: listAttr(vpc.SubnetIds),
          security_group_ids: listAttr(vpc.SecurityGroupIds) ?? [],
          endpoint_public_access: bool(vpc.EndpointPublicAccess, true),
          endpoint_private_access: bool(vpc.EndpointPrivateAccess, false),
          public_access_cidrs: listAttr(vpc.PublicAccessCidrs),
          cluster_security_group_id: new Unknown('computed', []),
        })],
        compute_config: compute && [stripUndefined({
          enabled: compute.Enabled, node_role_arn: compute.NodeRoleArn, node_pools: listAttr(compute.NodePools),
        })],
        access_config: props.AccessConfig === undefined ? undefined : [stripUndefined({
          authentication_mode: rec(props.AccessConfig).AuthenticationMode,
        })],
        tags: tags(props.Tags),
      }, { name: P('Name'), role_arn: P('RoleArn'), version: P('Version'), vpc_config: P('ResourcesVpcConfig'), compute_config: P('ComputeConfig'), tags: P('Tags') }));
    }
    case 'Custom::AWSCDK-EKS-Cluster': {
      const config = rec(props.Config);
      const vpc = rec(config.resourcesVpcConfig);
      return one(result('aws.eks.cluster', {
        name: config.name,
        role_arn: config.roleArn,
        version: config.version,
        vpc_config: [stripUndefined({
          subnet_ids: listAttr(vpc.subnetIds),
          security_group_ids: listAttr(vpc.securityGroupIds) ?? [],
          endpoint_public_access: bool(vpc.endpointPublicAccess, true),
          endpoint_private_access: bool(vpc.endpointPrivateAccess, false),
          public_access_cidrs: listAttr(vpc.publicAccessCidrs),
          cluster_security_group_id: new Unknown('computed', []),
        })],
        tags: config.tags,
      }, { name: '/Properties/Config/name', role_arn: '/Properties/Config/roleArn', version: '/Properties/Config/version', vpc_config: '/Properties/Config/resourcesVpcConfig', tags: '/Properties/Config/tags' }));
    }
    case 'AWS::EKS::FargateProfile':
      return one(result('aws.eks.fargateprofile', {
        cluster_name: props.ClusterName,
        fargate_profile_name: props.FargateProfileName,
        pod_execution_role_arn: props.PodExecutionRoleArn,
        subnet_ids: listAttr(props.Subnets),
        selector: list(props.Selectors).map((s) => stripUndefined({ namespace: rec(s).Namespace, labels: tags(rec(s).Labels) })),
        tags: tags(props.Tags),
      }, { cluster_name: P('ClusterName'), fargate_profile_name: P('FargateProfileName'), pod_execution_role_arn: P('PodExecutionRoleArn'), subnet_ids: P('Subnets'), selector: P('Selectors'), tags: P('Tags') }));
    case 'Custom::AWSCDK-EKS-FargateProfile': {
      const config = rec(props.Config);
      return one(result('aws.eks.fargateprofile', {
        cluster_name: config.clusterName,
        fargate_profile_name: config.fargateProfileName,
        pod_execution_role_arn: config.podExecutionRoleArn,
        subnet_ids: listAttr(config.subnets),
        selector: list(config.selectors).map((s) => stripUndefined({ namespace: rec(s).namespace, labels: rec(s).labels })),
        tags: config.tags,
      }, {
        cluster_name: '/Properties/Config/clusterName', fargate_profile_name: '/Properties/Config/fargateProfileName',
        pod_execution_role_arn: '/Properties/Config/podExecutionRoleArn', subnet_ids: '/Properties/Config/subnets', selector: '/Properties/Config/selectors',
      }));
    }
    case 'AWS::EKS::PodIdentityAssociation':
      return one(result('aws.eks.podidentityassociation', {
        cluster_name: props.ClusterName, namespace: props.Namespace, service_account: props.ServiceAccount, role_arn: props.RoleArn,
      }, { cluster_name: P('ClusterName'), namespace: P('Namespace'), service_account: P('ServiceAccount'), role_arn: P('RoleArn') }));
    case 'Custom::AWSCDK-EKS-KubernetesResource': {
      const objects = manifestObjects(props.Manifest, manifestParts);
      if (!objects) {
        return [result('k8s.manifest', { manifest: new Unknown('intrinsic', linksIn(props.Manifest)) }, { manifest: P('Manifest') })];
      }
      const out: Translated[] = [];
      objects.forEach((object, i) => {
        const o = rec(object);
        const kind = plain(o.kind);
        const known = { ...o, kind, apiVersion: plain(o.apiVersion) };
        const suffix = isKubernetesObject(known) ? `/${objectAddress(plainObject(o), String(i))}` : `/${i}`;
        out.push(result(kindOfObject(kind), o, {}, suffix, '/Properties/Manifest'));
      });
      return out;
    }
    case 'AWS::AutoScaling::AutoScalingGroup': {
      const mixed = props.MixedInstancesPolicy === undefined ? undefined : rec(props.MixedInstancesPolicy);
      const mixedLt = mixed ? rec(mixed.LaunchTemplate) : undefined;
      return one(result('aws.autoscaling.group', {
        name: props.AutoScalingGroupName,
        launch_template: props.LaunchTemplate === undefined ? undefined : launchTemplateSpec(props.LaunchTemplate),
        launch_configuration: props.LaunchConfigurationName,
        mixed_instances_policy: mixedLt && [{
          launch_template: [{
            launch_template_specification: [stripUndefined({
              launch_template_id: rec(mixedLt.LaunchTemplateSpecification).LaunchTemplateId,
              launch_template_name: rec(mixedLt.LaunchTemplateSpecification).LaunchTemplateName,
              version: str(rec(mixedLt.LaunchTemplateSpecification).Version),
            })],
          }],
        }],
        vpc_zone_identifier: listAttr(props.VPCZoneIdentifier),
        min_size: num(props.MinSize),
        max_size: num(props.MaxSize),
        desired_capacity: num(props.DesiredCapacity),
        tag: asgTags(props.Tags),
      }, {
        name: P('AutoScalingGroupName'), launch_template: P('LaunchTemplate'), launch_configuration: P('LaunchConfigurationName'),
        mixed_instances_policy: P('MixedInstancesPolicy'), vpc_zone_identifier: P('VPCZoneIdentifier'), tag: P('Tags'),
      }));
    }
    case 'AWS::AutoScaling::LaunchConfiguration':
      // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-autoscaling-launchconfiguration.html
      return one(result('aws.autoscaling.launchconfiguration', {
        name: props.LaunchConfigurationName,
        iam_instance_profile: props.IamInstanceProfile,
        security_groups: listAttr(props.SecurityGroups),
        associate_public_ip_address: props.AssociatePublicIpAddress === undefined ? undefined : bool(props.AssociatePublicIpAddress, false),
        image_id: props.ImageId,
        instance_type: props.InstanceType,
        key_name: props.KeyName,
        user_data: props.UserData,
        spot_price: props.SpotPrice,
        metadata_options: metadataOptions(props.MetadataOptions),
      }, {
        name: P('LaunchConfigurationName'), iam_instance_profile: P('IamInstanceProfile'), security_groups: P('SecurityGroups'),
        associate_public_ip_address: P('AssociatePublicIpAddress'), image_id: P('ImageId'), instance_type: P('InstanceType'),
        key_name: P('KeyName'), user_data: P('UserData'), spot_price: P('SpotPrice'), metadata_options: P('MetadataOptions'),
      }));
    case 'AWS::EC2::LaunchTemplate': {
      const data = rec(props.LaunchTemplateData);
      const profile = data.IamInstanceProfile === undefined ? undefined : rec(data.IamInstanceProfile);
      const D = (name: string): string => `/Properties/LaunchTemplateData/${name}`;
      return one(result('aws.ec2.launchtemplate', {
        name: props.LaunchTemplateName,
        iam_instance_profile: profile && [stripUndefined({ arn: profile.Arn, name: profile.Name })],
        vpc_security_group_ids: listAttr(data.SecurityGroupIds),
        security_group_names: listAttr(data.SecurityGroups),
        network_interfaces: data.NetworkInterfaces === undefined ? undefined : list(data.NetworkInterfaces).map((n) => {
          const ni = rec(n);
          return stripUndefined({
            associate_public_ip_address: ni.AssociatePublicIpAddress === undefined ? undefined : str(bool(ni.AssociatePublicIpAddress, false)),
            security_groups: listAttr(ni.Groups),
            subnet_id: ni.SubnetId,
            device_index: num(ni.DeviceIndex),
            network_card_index: num(ni.NetworkCardIndex),
          });
        }),
        image_id: data.ImageId,
        instance_type: data.InstanceType,
        user_data: data.UserData,
        metadata_options: metadataOptions(data.MetadataOptions),
      }, {
        name: P('LaunchTemplateName'), iam_instance_profile: D('IamInstanceProfile'), vpc_security_group_ids: D('SecurityGroupIds'),
        security_group_names: D('SecurityGroups'), network_interfaces: D('NetworkInterfaces'), image_id: D('ImageId'),
        instance_type: D('InstanceType'), user_data: D('UserData'), metadata_options: D('MetadataOptions'),
      }));
    }
    case 'AWS::EC2::Instance':
      return one(result('aws.ec2.instance', {
        ami: props.ImageId,
        instance_type: props.InstanceType,
        iam_instance_profile: props.IamInstanceProfile,
        subnet_id: props.SubnetId,
        vpc_security_group_ids: listAttr(props.SecurityGroupIds),
        associate_public_ip_address: undefined,
        user_data: props.UserData,
        tags: tags(props.Tags),
      }, { ami: P('ImageId'), iam_instance_profile: P('IamInstanceProfile'), subnet_id: P('SubnetId'), vpc_security_group_ids: P('SecurityGroupIds') }));
    case 'AWS::IAM::Role': {
      const trust = trustPolicy(address, props.AssumeRolePolicyDocument);
      const role = withIdentity(result('aws.iam.role', {
        name: props.RoleName,
        path: props.Path ?? '/',
        assume_role_policy: trust.value,
        managed_policy_arns: listAttr(props.ManagedPolicyArns) ?? [],
        inline_policy: inlinePolicies(props.Policies) ?? [],
        permissions_boundary: props.PermissionsBoundary,
        max_session_duration: num(props.MaxSessionDuration),
        tags: tags(props.Tags),
      }, {
        name: P('RoleName'), path: P('Path'), assume_role_policy: P('AssumeRolePolicyDocument'), managed_policy_arns: P('ManagedPolicyArns'),
        inline_policy: P('Policies'), permissions_boundary: P('PermissionsBoundary'), tags: P('Tags'),
      }), ids);
      return trust.part ? [role, trust.part] : [role];
    }
    case 'AWS::IAM::InstanceProfile':
      return one(result('aws.iam.instanceprofile', {
        name: props.InstanceProfileName, path: props.Path ?? '/', role: firstOf(props.Roles),
      }, { name: P('InstanceProfileName'), path: P('Path'), role: '/Properties/Roles/0' }));
    case 'AWS::IAM::Policy': {
      const rs = roles(props.Roles);
      const policy = jsonString(props.PolicyDocument);
      if (rs.length === 0) return [result(undefined, { name: props.PolicyName, policy }, { name: P('PolicyName'), policy: P('PolicyDocument') })];
      return rs.map((role, i) => result('aws.iam.rolepolicy', { name: props.PolicyName, role, policy }, {
        name: P('PolicyName'), role: `/Properties/Roles/${i}`, policy: P('PolicyDocument'),
      }, rs.length === 1 ? '' : `/Roles/${i}`));
    }
    case 'AWS::IAM::RolePolicy':
      return one(result('aws.iam.rolepolicy', {
        name: props.PolicyName, role: props.RoleName, policy: jsonString(props.PolicyDocument),
      }, { name: P('PolicyName'), role: P('RoleName'), policy: P('PolicyDocument') }));
    case 'AWS::IAM::ManagedPolicy': {
      const policy = result('aws.iam.policy', {
        name: props.ManagedPolicyName, path: props.Path ?? '/', description: props.Description, policy: jsonString(props.PolicyDocument),
      }, { name: P('ManagedPolicyName'), path: P('Path'), policy: P('PolicyDocument') });
      const arn = ids.arn === undefined
        ? new Unknown('computed', [linkTo(address, ['arn'])])
        : new Linked(ids.arn, [linkTo(address, ['arn'])]);
      // Roles of a managed policy are attachments, as aws_iam_role_policy_attachment {role, policy_arn}.
      const attachments = props.Roles === undefined ? [] : roles(props.Roles).map((role, i) => result('aws.iam.rolepolicyattachment', {
        role, policy_arn: arn,
      }, { role: `/Properties/Roles/${i}`, policy_arn: '' }, `/Roles/${i}`, `/Properties/Roles/${i}`));
      return [withIdentity(policy, ids), ...attachments];
    }
    case 'AWS::IAM::OIDCProvider':
      return one(result('aws.iam.oidcprovider', {
        url: props.Url, client_id_list: listAttr(props.ClientIdList), thumbprint_list: listAttr(props.ThumbprintList),
      }, { url: P('Url'), client_id_list: P('ClientIdList'), thumbprint_list: P('ThumbprintList') }));
    case 'AWS::EC2::VPC':
      return one(result('aws.ec2.vpc', {
        cidr_block: props.CidrBlock,
        enable_dns_support: bool(props.EnableDnsSupport, true),
        enable_dns_hostnames: bool(props.EnableDnsHostnames, false),
        instance_tenancy: props.InstanceTenancy ?? 'default',
        tags: tags(props.Tags),
      }, { cidr_block: P('CidrBlock'), enable_dns_support: P('EnableDnsSupport'), enable_dns_hostnames: P('EnableDnsHostnames'), tags: P('Tags') }));
    case 'AWS::EC2::Subnet':
      return one(result('aws.ec2.subnet', {
        vpc_id: props.VpcId,
        cidr_block: props.CidrBlock,
        ipv6_cidr_block: props.Ipv6CidrBlock,
        availability_zone: props.AvailabilityZone,
        map_public_ip_on_launch: bool(props.MapPublicIpOnLaunch, false),
        assign_ipv6_address_on_creation: bool(props.AssignIpv6AddressOnCreation, false),
        ipv6_native: bool(props.Ipv6Native, false),
        tags: tags(props.Tags),
      }, { vpc_id: P('VpcId'), cidr_block: P('CidrBlock'), availability_zone: P('AvailabilityZone'), map_public_ip_on_launch: P('MapPublicIpOnLaunch'), ipv6_native: P('Ipv6Native'), tags: P('Tags') }));
    case 'AWS::EC2::RouteTable':
      // Routes are separate AWS::EC2::Route resources: the table has no inline route.
      return one(result('aws.ec2.routetable', { vpc_id: props.VpcId, route: [], tags: tags(props.Tags) }, { vpc_id: P('VpcId'), tags: P('Tags') }));
    case 'AWS::EC2::Route':
      return one(result('aws.ec2.route', {
        route_table_id: props.RouteTableId,
        destination_cidr_block: props.DestinationCidrBlock,
        destination_ipv6_cidr_block: props.DestinationIpv6CidrBlock,
        destination_prefix_list_id: props.DestinationPrefixListId,
        gateway_id: props.GatewayId,
        nat_gateway_id: props.NatGatewayId,
        transit_gateway_id: props.TransitGatewayId,
        network_interface_id: props.NetworkInterfaceId,
        instance_id: props.InstanceId,
        vpc_peering_connection_id: props.VpcPeeringConnectionId,
        vpc_endpoint_id: props.VpcEndpointId,
        core_network_arn: props.CoreNetworkArn,
        egress_only_gateway_id: props.EgressOnlyInternetGatewayId,
        carrier_gateway_id: props.CarrierGatewayId,
        local_gateway_id: props.LocalGatewayId,
      }, {
        route_table_id: P('RouteTableId'), destination_cidr_block: P('DestinationCidrBlock'), gateway_id: P('GatewayId'),
        nat_gateway_id: P('NatGatewayId'), transit_gateway_id: P('TransitGatewayId'), network_interface_id: P('NetworkInterfaceId'),
        vpc_endpoint_id: P('VpcEndpointId'), vpc_peering_connection_id: P('VpcPeeringConnectionId'),
      }));
    case 'AWS::EC2::SubnetRouteTableAssociation':
      return one(result('aws.ec2.routetableassociation', { subnet_id: props.SubnetId, route_table_id: props.RouteTableId }, {
        subnet_id: P('SubnetId'), route_table_id: P('RouteTableId'),
      }));
    case 'AWS::EC2::InternetGateway':
      return one(result('aws.ec2.internetgateway', { tags: tags(props.Tags) }, { tags: P('Tags') }));
    case 'AWS::EC2::VPCGatewayAttachment':
      if (props.InternetGatewayId === undefined) return [result(undefined, { vpc_id: props.VpcId, vpn_gateway_id: props.VpnGatewayId }, {})];
      return one(result('aws.ec2.internetgatewayattachment', { internet_gateway_id: props.InternetGatewayId, vpc_id: props.VpcId }, {
        internet_gateway_id: P('InternetGatewayId'), vpc_id: P('VpcId'),
      }));
    case 'AWS::EC2::NatGateway':
      return one(result('aws.ec2.natgateway', {
        subnet_id: props.SubnetId,
        allocation_id: props.AllocationId,
        connectivity_type: props.ConnectivityType ?? 'public',
        private_ip: props.PrivateIpAddress,
        tags: tags(props.Tags),
      }, { subnet_id: P('SubnetId'), allocation_id: P('AllocationId'), connectivity_type: P('ConnectivityType'), tags: P('Tags') }));
    case 'AWS::EC2::EIP':
      return one(result('aws.ec2.eip', { domain: props.Domain ?? 'vpc', tags: tags(props.Tags) }, { domain: P('Domain') }));
    case 'AWS::EC2::SecurityGroup':
      return one(result('aws.ec2.securitygroup', {
        name: props.GroupName,
        description: props.GroupDescription,
        vpc_id: props.VpcId,
        ingress: props.SecurityGroupIngress instanceof Unknown ? props.SecurityGroupIngress : sgRules(props.SecurityGroupIngress, false),
        egress: props.SecurityGroupEgress === undefined ? [DEFAULT_EGRESS]
          : props.SecurityGroupEgress instanceof Unknown ? props.SecurityGroupEgress : sgRules(props.SecurityGroupEgress, true),
        tags: tags(props.Tags),
      }, {
        name: P('GroupName'), description: P('GroupDescription'), vpc_id: P('VpcId'), ingress: P('SecurityGroupIngress'),
        egress: props.SecurityGroupEgress === undefined ? '' : P('SecurityGroupEgress'), tags: P('Tags'),
      }));
    case 'AWS::EC2::SecurityGroupIngress':
    case 'AWS::EC2::SecurityGroupEgress': {
      const egress = type === 'AWS::EC2::SecurityGroupEgress';
      return one(result(egress ? 'aws.ec2.securitygroupegressrule' : 'aws.ec2.securitygroupingressrule', {
        security_group_id: props.GroupId,
        ip_protocol: typeof str(props.IpProtocol) === 'string' ? String(str(props.IpProtocol)).toLowerCase() : props.IpProtocol,
        from_port: num(props.FromPort),
        to_port: num(props.ToPort),
        cidr_ipv4: props.CidrIp,
        cidr_ipv6: props.CidrIpv6,
        prefix_list_id: egress ? props.DestinationPrefixListId : props.SourcePrefixListId,
        referenced_security_group_id: egress ? props.DestinationSecurityGroupId : props.SourceSecurityGroupId,
        description: props.Description,
      }, {
        security_group_id: P('GroupId'), ip_protocol: P('IpProtocol'), from_port: P('FromPort'), to_port: P('ToPort'), cidr_ipv4: P('CidrIp'),
        prefix_list_id: egress ? P('DestinationPrefixListId') : P('SourcePrefixListId'),
        referenced_security_group_id: egress ? P('DestinationSecurityGroupId') : P('SourceSecurityGroupId'),
      }));
    }
    case 'AWS::EC2::NetworkAcl':
      // Entries are separate AWS::EC2::NetworkAclEntry resources; a new ACL has only the implicit deny.
      return one(result('aws.ec2.networkacl', { vpc_id: props.VpcId, ingress: [], egress: [], tags: tags(props.Tags) }, { vpc_id: P('VpcId') }));
    case 'AWS::EC2::NetworkAclEntry': {
      const range = props.PortRange === undefined ? undefined : rec(props.PortRange);
      return one(result('aws.ec2.networkaclrule', {
        network_acl_id: props.NetworkAclId,
        rule_number: num(props.RuleNumber),
        egress: bool(props.Egress, false),
        protocol: str(props.Protocol),
        rule_action: props.RuleAction,
        cidr_block: props.CidrBlock,
        ipv6_cidr_block: props.Ipv6CidrBlock,
        from_port: range ? num(range.From) : undefined,
        to_port: range ? num(range.To) : undefined,
        icmp_type: props.Icmp === undefined ? undefined : num(rec(props.Icmp).Type),
        icmp_code: props.Icmp === undefined ? undefined : num(rec(props.Icmp).Code),
      }, {
        network_acl_id: P('NetworkAclId'), rule_number: P('RuleNumber'), egress: P('Egress'), protocol: P('Protocol'),
        rule_action: P('RuleAction'), cidr_block: P('CidrBlock'), from_port: P('PortRange'), to_port: P('PortRange'),
      }));
    }
    case 'AWS::EC2::SubnetNetworkAclAssociation':
      return one(result('aws.ec2.networkaclassociation', { subnet_id: props.SubnetId, network_acl_id: props.NetworkAclId }, {
        subnet_id: P('SubnetId'), network_acl_id: P('NetworkAclId'),
      }));
    case 'AWS::EC2::VPCEndpoint': {
      const dns = props.DnsOptions === undefined ? undefined : rec(props.DnsOptions);
      return one(result('aws.ec2.vpcendpoint', {
        vpc_id: props.VpcId,
        service_name: props.ServiceName,
        vpc_endpoint_type: props.VpcEndpointType ?? 'Gateway',
        private_dns_enabled: bool(props.PrivateDnsEnabled, false),
        subnet_ids: listAttr(props.SubnetIds) ?? [],
        security_group_ids: listAttr(props.SecurityGroupIds) ?? [],
        route_table_ids: listAttr(props.RouteTableIds) ?? [],
        policy: jsonString(props.PolicyDocument),
        service_region: props.ServiceRegion,
        ip_address_type: props.IpAddressType,
        dns_options: dns && [stripUndefined({
          dns_record_ip_type: dns.DnsRecordIpType,
          private_dns_only_for_inbound_resolver_endpoint: dns.PrivateDnsOnlyForInboundResolverEndpoint,
        })],
        tags: tags(props.Tags),
      }, {
        vpc_id: P('VpcId'), service_name: P('ServiceName'), vpc_endpoint_type: P('VpcEndpointType'), private_dns_enabled: P('PrivateDnsEnabled'),
        subnet_ids: P('SubnetIds'), security_group_ids: P('SecurityGroupIds'), route_table_ids: P('RouteTableIds'), policy: P('PolicyDocument'),
        service_region: P('ServiceRegion'), dns_options: P('DnsOptions'),
      }));
    }
    case 'AWS::EC2::DHCPOptions':
      return one(result('aws.ec2.dhcpoptions', {
        domain_name: props.DomainName, domain_name_servers: listAttr(props.DomainNameServers),
      }, { domain_name: P('DomainName'), domain_name_servers: P('DomainNameServers') }));
    case 'AWS::EC2::VPCDHCPOptionsAssociation':
      return one(result('aws.ec2.dhcpoptionsassociation', { vpc_id: props.VpcId, dhcp_options_id: props.DhcpOptionsId }, {
        vpc_id: P('VpcId'), dhcp_options_id: P('DhcpOptionsId'),
      }));
    case 'AWS::ECR::Repository': {
      const enc = props.EncryptionConfiguration === undefined ? undefined : rec(props.EncryptionConfiguration);
      const out: Translated[] = one(result('aws.ecr.repository', {
        name: props.RepositoryName,
        image_tag_mutability: props.ImageTagMutability ?? 'MUTABLE',
        encryption_configuration: [stripUndefined({ encryption_type: enc?.EncryptionType ?? 'AES256', kms_key: enc?.KmsKey })],
        tags: tags(props.Tags),
      }, { name: P('RepositoryName'), image_tag_mutability: P('ImageTagMutability'), encryption_configuration: P('EncryptionConfiguration'), tags: P('Tags') }));
      if (props.RepositoryPolicyText !== undefined) {
        out.push(result('aws.ecr.repositorypolicy', {
          repository: ids.name === undefined
            ? new Unknown('computed', [linkTo(address, ['name'])])
            : new Linked(ids.name, [linkTo(address, ['name'])]),
          policy: jsonString(props.RepositoryPolicyText),
        }, { repository: '', policy: '' }, '/RepositoryPolicyText', '/Properties/RepositoryPolicyText'));
      }
      return out;
    }
    case 'AWS::ECR::RegistryPolicy':
      return one(result('aws.ecr.registrypolicy', { policy: jsonString(props.PolicyText) }, { policy: P('PolicyText') }));
    case 'AWS::ECR::PullThroughCacheRule':
      return one(result('aws.ecr.pullthroughcacherule', {
        ecr_repository_prefix: props.EcrRepositoryPrefix,
        upstream_registry_url: props.UpstreamRegistryUrl,
        credential_arn: props.CredentialArn,
        upstream_registry: props.UpstreamRegistry,
      }, { ecr_repository_prefix: P('EcrRepositoryPrefix'), upstream_registry_url: P('UpstreamRegistryUrl'), credential_arn: P('CredentialArn') }));
    case 'AWS::ECR::ReplicationConfiguration': {
      const config = rec(props.ReplicationConfiguration);
      return one(result('aws.ecr.replicationconfiguration', {
        replication_configuration: [{
          rule: list(config.Rules).map((r) => stripUndefined({
            destination: list(rec(r).Destinations).map((d) => stripUndefined({ region: rec(d).Region, registry_id: rec(d).RegistryId })),
            repository_filter: rec(r).RepositoryFilters === undefined ? undefined
              : list(rec(r).RepositoryFilters).map((f) => stripUndefined({ filter: rec(f).Filter, filter_type: rec(f).FilterType })),
          })),
        }],
      }, { replication_configuration: P('ReplicationConfiguration') }));
    }
    case 'AWS::KMS::Key':
      return one(result('aws.kms.key', {
        description: props.Description,
        is_enabled: bool(props.Enabled, true),
        key_usage: props.KeyUsage ?? 'ENCRYPT_DECRYPT',
        customer_master_key_spec: props.KeySpec ?? 'SYMMETRIC_DEFAULT',
        deletion_window_in_days: num(props.PendingWindowInDays),
        enable_key_rotation: bool(props.EnableKeyRotation, false),
        policy: jsonString(props.KeyPolicy),
        tags: tags(props.Tags),
      }, { is_enabled: P('Enabled'), policy: P('KeyPolicy'), deletion_window_in_days: P('PendingWindowInDays'), description: P('Description') }));
    default:
      return [result(undefined, {}, {})];
  }
}

/** The value with Linked/Unknown markers replaced by their plain value (or nothing), for addresses. */
function plainObject(value: Record<string, unknown>): Record<string, unknown> {
  const metadata = rec(value.metadata);
  return {
    kind: plain(value.kind),
    apiVersion: plain(value.apiVersion),
    metadata: { name: plain(metadata.name), namespace: plain(metadata.namespace), generateName: plain(metadata.generateName) },
  };
}

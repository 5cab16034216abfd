// Seeded synthetic Terraform plan generator for the lint-throughput benchmark (performance.md §7).
//
// Shape: `terraform show -json` format 1.2 with planned_values (root + child modules of ~200
// resources), resource_changes (~70% existing no-op/update with before = after and a prior_state
// entry, ~30% create with after_unknown), prior_state, and configuration with references, module
// calls, module outputs and variables. Mix: EKS groups (cluster, two node groups, node role with
// three policy attachments, some missing), AKS groups (ACR, cluster, AcrPull role assignment present
// ~85% of the time) and fillers (S3, security group, EC2, IAM policy, Azure storage, GCE). Every value
// object is padded with ~18 null provider attributes, like real providers emit: ~4 KB per resource.
//
// --hub (performance.md §6 G5): about 10% of the fillers become fan-in onto hubs in the root module —
// node groups sharing one node role, attachments of that role, AcrPull assignments on one registry,
// buckets with bucket policies — to catch joins that are O(subjects × hub degree).
//
// Usage: node bench/generate.mjs [--resources 4875] [--seed 42] [--hub] [--out bench/out/plan-5k.json]

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    resources: { type: 'string', default: '4875' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'bench/out/plan-5k.json' },
    hub: { type: 'boolean', default: false },
  },
});

/** mulberry32: small, fast, deterministic. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(Number(args.seed));
const pick = (list) => list[Math.floor(random() * list.length)];
const hex = (n) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
const guid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const SUBSCRIPTION = '00000000-1111-2222-3333-444444444444';
const PER_MODULE = 200;
const PADDING = [
  'arn_suffix', 'timeouts', 'description_extra', 'lifecycle_hint', 'force_destroy', 'kms_key_alias',
  'replica_region', 'custom_endpoint', 'owner_id', 'created_date', 'last_modified', 'source_dest_check',
  'provider_meta', 'ipv6_cidr_block', 'notification_arn', 'tracing_mode', 'retention_days', 'policy_revision',
];
const TAGS = { Environment: 'bench', Team: 'platform', CostCenter: 'cc-1234', Owner: 'someone@example.com' };

function pad(values) {
  for (const key of PADDING) if (!(key in values)) values[key] = null;
  return values;
}

const WORKER_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly'];

/**
 * One resource: config address inside its module, type, values, the attributes unknown on create,
 * and its configuration expressions.
 */
function resource(type, name, values, unknownOnCreate, expressions = {}) {
  return { type, name, values: pad(values), unknownOnCreate, expressions };
}

const ref = (...refs) => ({ references: refs });
const fullRef = (subject, attr) => ref(`${subject}.${attr}`, subject);

function eksGroup(g) {
  const cluster = `eks${g}`;
  const out = [];
  out.push(resource('aws_iam_role', `${cluster}_cluster`, {
    name: `${cluster}-cluster`, arn: `arn:aws:iam::${ACCOUNT}:role/${cluster}-cluster`, id: `${cluster}-cluster`,
    assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'eks.amazonaws.com' } }] }),
    path: '/', max_session_duration: 3600, tags: TAGS, tags_all: TAGS, unique_id: `AROA${hex(16).toUpperCase()}`,
  }, ['arn', 'id', 'unique_id'], { name: { constant_value: `${cluster}-cluster` } }));
  out.push(resource('aws_iam_role', `${cluster}_node`, {
    name: `${cluster}-node`, arn: `arn:aws:iam::${ACCOUNT}:role/${cluster}-node`, id: `${cluster}-node`,
    assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } }] }),
    path: '/', max_session_duration: 3600, tags: TAGS, tags_all: TAGS, unique_id: `AROA${hex(16).toUpperCase()}`,
  }, ['arn', 'id', 'unique_id'], { name: { constant_value: `${cluster}-node` } }));
  for (const policy of WORKER_POLICIES) {
    if (random() < 0.1) continue; // some attachments are missing
    out.push(resource('aws_iam_role_policy_attachment', `${cluster}_${policy}`, {
      role: `${cluster}-node`, policy_arn: `arn:aws:iam::aws:policy/${policy}`, id: `${cluster}-node-${hex(8)}`,
    }, ['id'], { role: fullRef(`aws_iam_role.${cluster}_node`, 'name'), policy_arn: { constant_value: `arn:aws:iam::aws:policy/${policy}` } }));
  }
  out.push(resource('aws_eks_cluster', cluster, {
    name: cluster, arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${cluster}`, id: cluster, version: '1.31',
    role_arn: `arn:aws:iam::${ACCOUNT}:role/${cluster}-cluster`, endpoint: `https://${hex(32)}.gr7.${REGION}.eks.amazonaws.com`,
    vpc_config: [{ subnet_ids: [`subnet-${hex(17)}`, `subnet-${hex(17)}`], endpoint_private_access: true, endpoint_public_access: false, security_group_ids: [] }],
    access_config: [{ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: true }], tags: TAGS, tags_all: TAGS,
  }, ['arn', 'id', 'endpoint', 'role_arn'], {
    name: { constant_value: cluster }, role_arn: fullRef(`aws_iam_role.${cluster}_cluster`, 'arn'),
    vpc_config: [{ subnet_ids: ref('var.subnet_ids') }],
  }));
  for (const ng of ['a', 'b']) {
    out.push(resource('aws_eks_node_group', `${cluster}_${ng}`, {
      cluster_name: cluster, node_group_name: `${cluster}-${ng}`, node_role_arn: `arn:aws:iam::${ACCOUNT}:role/${cluster}-node`,
      subnet_ids: [`subnet-${hex(17)}`], ami_type: 'AL2023_x86_64_STANDARD', capacity_type: 'ON_DEMAND', instance_types: ['m6i.large'],
      scaling_config: [{ desired_size: 2, max_size: 4, min_size: 1 }], arn: `arn:aws:eks:${REGION}:${ACCOUNT}:nodegroup/${cluster}/${ng}/${hex(8)}`,
      id: `${cluster}:${cluster}-${ng}`, tags: TAGS, tags_all: TAGS,
    }, ['arn', 'id', 'node_role_arn', 'cluster_name'], {
      cluster_name: fullRef(`aws_eks_cluster.${cluster}`, 'name'),
      node_role_arn: fullRef(`aws_iam_role.${cluster}_node`, 'arn'),
      subnet_ids: ref('var.subnet_ids'),
      scaling_config: [{ desired_size: { constant_value: 2 }, max_size: { constant_value: 4 }, min_size: { constant_value: 1 } }],
    }));
  }
  return out;
}

function aksGroup(g) {
  const rg = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-${g}`;
  const out = [];
  out.push(resource('azurerm_container_registry', `acr${g}`, {
    name: `acr${g}`, id: `${rg}/providers/Microsoft.ContainerRegistry/registries/acr${g}`, login_server: `acr${g}.azurecr.io`,
    sku: 'Premium', admin_enabled: false, location: 'westeurope', resource_group_name: `rg-${g}`, tags: TAGS,
  }, ['id', 'login_server'], { name: { constant_value: `acr${g}` } }));
  out.push(resource('azurerm_kubernetes_cluster', `aks${g}`, {
    name: `aks${g}`, id: `${rg}/providers/Microsoft.ContainerService/managedClusters/aks${g}`, location: 'westeurope',
    resource_group_name: `rg-${g}`, dns_prefix: `aks${g}`, kubernetes_version: '1.31',
    default_node_pool: [{ name: 'system', vm_size: 'Standard_D4s_v5', node_count: 3, vnet_subnet_id: `${rg}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aks` }],
    identity: [{ type: 'SystemAssigned', principal_id: guid(), tenant_id: guid(), identity_ids: [] }],
    kubelet_identity: [{ client_id: guid(), object_id: guid(), user_assigned_identity_id: `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks${g}-agentpool` }],
    tags: TAGS,
  }, ['id', 'kubelet_identity', 'identity'], { name: { constant_value: `aks${g}` } }));
  if (random() < 0.85) {
    const kubelet = `azurerm_kubernetes_cluster.aks${g}.kubelet_identity[0].object_id`;
    out.push(resource('azurerm_role_assignment', `pull${g}`, {
      role_definition_name: 'AcrPull', scope: `${rg}/providers/Microsoft.ContainerRegistry/registries/acr${g}`,
      principal_id: guid(), principal_type: 'ServicePrincipal', id: `${rg}/providers/Microsoft.Authorization/roleAssignments/${guid()}`,
      skip_service_principal_aad_check: true,
    }, ['id', 'principal_id', 'scope'], {
      role_definition_name: { constant_value: 'AcrPull' },
      scope: fullRef(`azurerm_container_registry.acr${g}`, 'id'),
      principal_id: ref(kubelet, `azurerm_kubernetes_cluster.aks${g}.kubelet_identity[0]`, `azurerm_kubernetes_cluster.aks${g}.kubelet_identity`, `azurerm_kubernetes_cluster.aks${g}`),
    }));
  }
  return out;
}

function filler(i) {
  switch (i % 6) {
    case 0: return resource('aws_s3_bucket', `bucket${i}`, {
      bucket: `bench-bucket-${i}-${hex(6)}`, arn: `arn:aws:s3:::bench-bucket-${i}`, id: `bench-bucket-${i}`, acl: 'private',
      versioning: [{ enabled: true, mfa_delete: false }], tags: TAGS, tags_all: TAGS, region: REGION,
    }, ['arn', 'id'], { bucket: { constant_value: `bench-bucket-${i}` } });
    case 1: return resource('aws_security_group', `sg${i}`, {
      name: `sg-${i}`, id: `sg-${hex(17)}`, vpc_id: `vpc-${hex(17)}`, description: 'Managed by Terraform',
      egress: [{ cidr_blocks: ['0.0.0.0/0'], from_port: 0, to_port: 0, protocol: '-1', description: '', ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false }],
      ingress: [{ cidr_blocks: ['10.0.0.0/8'], from_port: 443, to_port: 443, protocol: 'tcp', description: 'https', ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false }],
      tags: TAGS, tags_all: TAGS,
    }, ['id', 'arn'], { vpc_id: ref('var.vpc_id'), name: { constant_value: `sg-${i}` } });
    case 2: return resource('aws_instance', `vm${i}`, {
      ami: `ami-${hex(17)}`, instance_type: pick(['t3.micro', 'm6i.large', 'c6i.xlarge']), id: `i-${hex(17)}`,
      subnet_id: `subnet-${hex(17)}`, private_ip: `10.0.${i % 250}.${(i * 7) % 250}`, vpc_security_group_ids: [`sg-${hex(17)}`],
      root_block_device: [{ volume_size: 20, volume_type: 'gp3', encrypted: true, delete_on_termination: true }],
      metadata_options: [{ http_tokens: 'required', http_endpoint: 'enabled', http_put_response_hop_limit: 2 }], tags: TAGS, tags_all: TAGS,
    }, ['id', 'private_ip', 'arn'], { vpc_security_group_ids: ref(`aws_security_group.sg${i - 1}.id`, `aws_security_group.sg${i - 1}`) });
    case 3: return resource('aws_iam_policy', `policy${i}`, {
      name: `policy-${i}`, arn: `arn:aws:iam::${ACCOUNT}:policy/policy-${i}`, id: `arn:aws:iam::${ACCOUNT}:policy/policy-${i}`, path: '/',
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::bench-bucket-${i - 3}`, `arn:aws:s3:::bench-bucket-${i - 3}/*`] }] }),
      tags: TAGS, tags_all: TAGS,
    }, ['arn', 'id', 'policy_id'], { policy: {} });
    case 4: return resource('azurerm_storage_account', `st${i}`, {
      name: `st${i}${hex(6)}`, id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-st/providers/Microsoft.Storage/storageAccounts/st${i}`,
      account_tier: 'Standard', account_replication_type: 'GRS', location: 'westeurope', min_tls_version: 'TLS1_2',
      network_rules: [{ default_action: 'Deny', bypass: ['AzureServices'], ip_rules: [], virtual_network_subnet_ids: [] }], tags: TAGS,
    }, ['id', 'primary_access_key'], { name: { constant_value: `st${i}` } });
    default: return resource('google_compute_instance', `gce${i}`, {
      name: `gce-${i}`, machine_type: 'e2-standard-2', zone: 'europe-west1-b', id: `projects/bench/zones/europe-west1-b/instances/gce-${i}`,
      boot_disk: [{ auto_delete: true, initialize_params: [{ image: 'debian-cloud/debian-12', size: 20 }] }],
      network_interface: [{ network: 'default', subnetwork: 'default', access_config: [] }], labels: { env: 'bench' },
    }, ['id', 'instance_id'], { name: { constant_value: `gce-${i}` } });
  }
}

const HUB_ROLE = `arn:aws:iam::${ACCOUNT}:role/hub-node`;
const HUB_ACR = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-hub/providers/Microsoft.ContainerRegistry/registries/acrhub`;

/** The hubs themselves (root module): one node role, one cluster, one registry. */
function hubs() {
  return [
    resource('aws_iam_role', 'hub_node', {
      name: 'hub-node', arn: HUB_ROLE, id: 'hub-node', path: '/', max_session_duration: 3600, tags: TAGS, tags_all: TAGS,
      assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } }] }),
    }, ['arn', 'id'], { name: { constant_value: 'hub-node' } }),
    resource('aws_eks_cluster', 'hub', {
      name: 'hub', arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/hub`, id: 'hub', version: '1.31', role_arn: HUB_ROLE,
      vpc_config: [{ subnet_ids: [`subnet-${hex(17)}`], endpoint_private_access: true, endpoint_public_access: false, security_group_ids: [] }], tags: TAGS, tags_all: TAGS,
    }, ['arn', 'id'], { name: { constant_value: 'hub' } }),
    resource('azurerm_container_registry', 'acrhub', {
      name: 'acrhub', id: HUB_ACR, login_server: 'acrhub.azurecr.io', sku: 'Premium', admin_enabled: false, location: 'westeurope', resource_group_name: 'rg-hub', tags: TAGS,
    }, ['id', 'login_server'], { name: { constant_value: 'acrhub' } }),
  ];
}

/** One fan-in member onto a hub, joined by value (ARN, role name, registry id), as across modules. */
function hubMember(i) {
  switch (i % 4) {
    case 0: return [resource('aws_eks_node_group', `hubng${i}`, {
      cluster_name: 'hub', node_group_name: `hub-${i}`, node_role_arn: HUB_ROLE, subnet_ids: [`subnet-${hex(17)}`], ami_type: 'AL2023_x86_64_STANDARD',
      instance_types: ['m6i.large'], scaling_config: [{ desired_size: 2, max_size: 4, min_size: 1 }], id: `hub:hub-${i}`, tags: TAGS, tags_all: TAGS,
    }, ['id', 'arn'], { node_role_arn: { constant_value: HUB_ROLE } })];
    case 1: return [resource('aws_iam_role_policy_attachment', `hubatt${i}`, {
      role: 'hub-node', policy_arn: `arn:aws:iam::${ACCOUNT}:policy/policy-${i}`, id: `hub-node-${hex(8)}`,
    }, ['id'], { role: { constant_value: 'hub-node' } })];
    case 2: return [resource('azurerm_role_assignment', `hubpull${i}`, {
      role_definition_name: 'AcrPull', scope: HUB_ACR, principal_id: guid(), principal_type: 'ServicePrincipal',
      id: `${HUB_ACR}/providers/Microsoft.Authorization/roleAssignments/${guid()}`,
    }, ['id'], { scope: { constant_value: HUB_ACR } })];
    default: return [resource('aws_s3_bucket_policy', `hubbp${i}`, {
      bucket: `bench-bucket-${i}`, id: `bench-bucket-${i}`,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `arn:aws:s3:::bench-bucket-${i}/*`, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }),
    }, ['id'], { bucket: { constant_value: `bench-bucket-${i}` } })];
  }
}

/** Resources of one module: a share of EKS and AKS groups among fillers. */
function moduleResources(m, target) {
  const out = m === 0 && args.hub ? hubs() : [];
  let g = 0;
  let f = 0;
  while (out.length < target) {
    const roll = random();
    if (args.hub && roll >= 0.9) out.push(...hubMember(m * 1000 + f++));
    else if (roll < 0.08) out.push(...eksGroup(`${m}x${g++}`));
    else if (roll < 0.14) out.push(...aksGroup(`${m}x${g++}`));
    else out.push(filler(m * 1000 + f++));
  }
  return out.slice(0, target);
}

function unknownMirror(values, unknownOnCreate) {
  const mirror = {};
  for (const key of unknownOnCreate) mirror[key] = true;
  for (const [key, value] of Object.entries(values)) {
    if (key in mirror) continue;
    if (Array.isArray(value)) mirror[key] = value.map((v) => (typeof v === 'object' && v !== null ? {} : false));
    else if (typeof value === 'object' && value !== null) mirror[key] = {};
  }
  return mirror;
}

function generate(total) {
  const moduleCount = Math.max(1, Math.round(total / PER_MODULE));
  const resourceChanges = [];
  const plannedRoot = { resources: [], child_modules: [] };
  const priorRoot = { resources: [], child_modules: [] };
  const configRoot = { outputs: {}, resources: [], module_calls: {}, variables: {} };
  let remaining = total;
  for (let m = 0; m < moduleCount; m += 1) {
    const count = m === moduleCount - 1 ? remaining : Math.min(remaining, PER_MODULE);
    remaining -= count;
    const isRoot = m === 0;
    const moduleAddress = isRoot ? undefined : `module.m${m}`;
    const planned = isRoot ? plannedRoot : { resources: [], address: moduleAddress };
    const prior = isRoot ? priorRoot : { resources: [], address: moduleAddress };
    const config = isRoot ? configRoot : { outputs: {}, resources: [], variables: { vpc_id: {}, subnet_ids: {} } };
    for (const r of moduleResources(m, count)) {
      const local = `${r.type}.${r.name}`;
      const address = moduleAddress ? `${moduleAddress}.${local}` : local;
      const existing = random() < 0.7;
      const after = r.values;
      const changeAfter = existing ? after : Object.fromEntries(Object.entries(after).filter(([k]) => !r.unknownOnCreate.includes(k)));
      const providerName = `registry.terraform.io/hashicorp/${r.type.split('_')[0] === 'google' ? 'google' : r.type.split('_')[0]}`;
      resourceChanges.push({
        address, ...(moduleAddress ? { module_address: moduleAddress } : {}), mode: 'managed', type: r.type, name: r.name,
        provider_name: providerName,
        change: {
          actions: [existing ? (random() < 0.9 ? 'no-op' : 'update') : 'create'],
          before: existing ? after : null,
          after: changeAfter,
          after_unknown: existing ? {} : unknownMirror(after, r.unknownOnCreate),
          before_sensitive: existing ? {} : false,
          after_sensitive: {},
        },
      });
      planned.resources.push({ address, mode: 'managed', type: r.type, name: r.name, provider_name: providerName, schema_version: 0, values: changeAfter, sensitive_values: {} });
      if (existing) prior.resources.push({ address, mode: 'managed', type: r.type, name: r.name, provider_name: providerName, schema_version: 0, values: after, sensitive_values: {} });
      config.resources.push({
        address: local, mode: 'managed', type: r.type, name: r.name,
        provider_config_key: r.type.split('_')[0] === 'google' ? 'google' : r.type.split('_')[0],
        expressions: r.expressions, schema_version: 0,
      });
    }
    if (!isRoot) {
      plannedRoot.child_modules.push(planned);
      priorRoot.child_modules.push(prior);
      config.outputs.first_sg = { expression: ref('aws_security_group.sg1.id', 'aws_security_group.sg1') };
      configRoot.module_calls[`m${m}`] = {
        source: './modules/stack',
        expressions: {
          vpc_id: { constant_value: `vpc-${hex(17)}` },
          subnet_ids: m > 1 ? ref(`module.m${m - 1}.first_sg`, `module.m${m - 1}`) : { constant_value: [`subnet-${hex(17)}`] },
        },
        module: config,
      };
    }
  }
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: { root_module: plannedRoot },
    resource_changes: resourceChanges,
    prior_state: { format_version: '1.0', terraform_version: '1.11.4', values: { root_module: priorRoot } },
    configuration: {
      provider_config: {
        aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', expressions: { region: { constant_value: REGION } } },
        azurerm: { name: 'azurerm', full_name: 'registry.terraform.io/hashicorp/azurerm', expressions: { features: [{}], subscription_id: { constant_value: SUBSCRIPTION } } },
        google: { name: 'google', full_name: 'registry.terraform.io/hashicorp/google' },
      },
      root_module: configRoot,
    },
    timestamp: '2025-01-01T00:00:00Z',
    applyable: true,
    complete: true,
    errored: false,
  };
}

const plan = generate(Number(args.resources));
const text = JSON.stringify(plan);
mkdirSync(dirname(args.out), { recursive: true });
writeFileSync(args.out, text);
console.log(`${args.out}: ${plan.resource_changes.length} resources, ${(text.length / 1e6).toFixed(1)} MB`);

import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../../src/engine/load.js';
import { buildGraph } from '../../../src/engine/lint.js';
import { InputError } from '../../../src/inputs/types.js';
import { terraformPlanParser } from '../../../src/inputs/terraform-plan/parse.js';
import { FIXTURES, byAddress, linksOf, parseFixture, parsePlan } from './helpers.js';

/** Resource instances each real plan must yield: its non-deleted resource changes plus plan-time data sources. */
const EXPECTED_COUNTS: Record<string, number> = {
  'azure-ecommerce-ops.json': 26,
  'azure-private-dns-group.json': 6,
  'azure-terraform-aks-demo.json': 19,
  'azure-terraform-test-infra.json': 24,
  'checkov-eks-node-group-remote-access.json': 1,
  'checkov-nested-child-modules.json': 3,
  'checkov-plan-tags.json': 59,
  'snyk-example-06-tf-v0.15.json': 7,
  'snyk-example-06-tf-v1.0.json': 7,
  'terraform-compliance-issue-456.json': 45,
  'brownfield-fanout/plan.json': 17,
  'inline-blocks-aws/plan.json': 22,
  'inline-blocks-azure/plan.json': 6,
};

describe('every real plan fixture', () => {
  const files = [
    ...readdirSync(FIXTURES).filter((f) => f.endsWith('.json')),
    ...readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${d.name}/plan.json`),
  ].sort();

  it('is covered by this test', () => {
    expect(files).toEqual(Object.keys(EXPECTED_COUNTS).sort());
  });

  it.each(files)('%s parses into unique instances, every change that survives the deploy included', (file) => {
    const resources = parseFixture(file);
    const plan = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as {
      resource_changes: { address: string; change: { actions: string[] } }[];
    };
    const kept = plan.resource_changes.filter((rc) => !['delete', 'forget'].includes(rc.change.actions.join(',')));
    const addresses = resources.map((r) => r.address);
    expect(resources).toHaveLength(EXPECTED_COUNTS[file]!);
    expect(new Set(addresses).size).toBe(addresses.length);
    expect(addresses).toEqual(expect.arrayContaining(kept.map((rc) => rc.address)));
    // every link points at an instance of the same plan
    for (const resource of resources) {
      for (const links of resource.links?.values() ?? []) {
        for (const link of links) expect(addresses).toContain(link.address);
      }
    }
  });
});

describe('module chains (input-formats.md §1.5)', () => {
  it('snyk example-06: module.child2.var.child_vpc_id → module.child1.grandchild_vpc → the grandchild VPC, in 1.0 and 0.15 alike', () => {
    const v10 = parseFixture('snyk-example-06-tf-v1.0.json');
    const v015 = parseFixture('snyk-example-06-tf-v0.15.json');
    const target = 'module.child1.module.grandchild1.aws_vpc.grandchild';
    // format 0.2 carries the attribute path; format 0.1 names only the subject
    expect(linksOf(byAddress(v10, 'module.child2.aws_security_group.child'))).toEqual({ vpc_id: [`${target} id`] });
    expect(linksOf(byAddress(v015, 'module.child2.aws_security_group.child'))).toEqual({ vpc_id: [target] });
    expect(linksOf(byAddress(v10, 'aws_security_group.parent'))).toEqual({ vpc_id: [`${target} id`] });
    expect(linksOf(byAddress(v10, 'module.child1.module.grandchild1.aws_security_group.grandchild'))).toEqual({ vpc_id: [`${target} id`] });
    const targets = (resources: typeof v10): [string, string[]][] => resources
      .filter((r) => r.links && r.links.size > 0)
      .map((r) => [r.address, [...r.links!.values()].flat().map((l) => l.address)]);
    expect(targets(v015)).toEqual(targets(v10));
    expect(targets(v10)).toEqual([
      ['aws_security_group.parent', [target]],
      ['module.child1.module.grandchild1.aws_security_group.grandchild', [target]],
      ['module.child2.aws_security_group.child', [target]],
    ]);
  });

  it('azure-ecommerce-ops: AcrPull principal_id reaches the kubelet identity through a module variable and a module output', () => {
    const resources = parseFixture('azure-ecommerce-ops.json');
    const assignment = byAddress(resources, 'module.role_aks_cluster.azurerm_role_assignment.role');
    expect(linksOf(assignment)).toEqual({
      principal_id: ['module.aks_cluster.azurerm_kubernetes_cluster.aks_cluster kubelet_identity.0.object_id'],
      scope: ['module.container_registry.azurerm_container_registry.cr id'],
    });
    expect(assignment.attrs.role_definition_name).toBe('AcrPull');

    const graph = buildGraph([{ path: 'plan.json', parsed: { format: 'terraform-plan', resources } }]);
    const pull = graph.byAddress(0, 'module.role_aks_cluster.azurerm_role_assignment.role')!;
    expect(pull.get(['principal_id'])).toMatchObject({ known: false, why: 'computed' });
    expect(graph.resolve(pull, ['principal_id'], ['azure.aks.cluster']).map((r) => [r.resource.address, r.attribute, r.via, r.ambiguous]))
      .toEqual([['module.aks_cluster.azurerm_kubernetes_cluster.aks_cluster', ['kubelet_identity', 0, 'object_id'], 'reference', false]]);
    const aks = graph.byAddress(0, 'module.aks_cluster.azurerm_kubernetes_cluster.aks_cluster')!;
    expect(graph.referrers(aks).map((r) => `${r.resource.address} ${r.attribute}`).sort()).toEqual([
      'module.access_policy_aks_cluster.azurerm_key_vault_access_policy.access_policy object_id',
      'module.aks_cluster.local_file.kubeconfig content',
      'module.role_aks_cluster.azurerm_role_assignment.role principal_id',
    ]);
  });

  it('azure-terraform-test-infra: a pre-created kubelet identity is linked from the nested kubelet_identity block', () => {
    const resources = parseFixture('azure-terraform-test-infra.json');
    const aks = byAddress(resources, 'azurerm_kubernetes_cluster.main');
    expect(linksOf(aks)['kubelet_identity.object_id']).toEqual(['azurerm_user_assigned_identity.cluster_kubelet principal_id']);
    expect(linksOf(aks)['kubelet_identity.user_assigned_identity_id']).toEqual(['azurerm_user_assigned_identity.cluster_kubelet id']);
    expect(linksOf(byAddress(resources, 'azurerm_role_assignment.cluster_kubelet_acr'))).toEqual({
      principal_id: ['azurerm_user_assigned_identity.cluster_kubelet principal_id'],
      scope: ['azurerm_container_registry.main id'],
    });
  });

  it('azure-private-dns-group: nested block references are linked', () => {
    const endpoint = byAddress(parseFixture('azure-private-dns-group.json'), 'azurerm_private_endpoint.example');
    expect(linksOf(endpoint)).toEqual({
      location: ['azurerm_resource_group.example location'],
      'private_dns_zone_group.private_dns_zone_ids': ['azurerm_private_dns_zone.example id'],
      'private_service_connection.private_connection_resource_id': ['azurerm_postgresql_server.example id'],
      resource_group_name: ['azurerm_resource_group.example name'],
      subnet_id: ['azurerm_subnet.endpoint id'],
    });
  });

  it('terraform-compliance-issue-456: count and for_each module instances, sibling references stay in their instance', () => {
    const resources = parseFixture('terraform-compliance-issue-456.json');
    expect(resources.filter((r) => r.nativeType === 'aws_ecr_repository').map((r) => r.address)).toEqual([
      'aws_ecr_repository.nonmodulerepository',
      'module.ecr_repository_with_count[0].aws_ecr_repository.ecr_repository',
      'module.ecr_repository_with_count[1].aws_ecr_repository.ecr_repository',
      'module.ecr_repository_with_count[2].aws_ecr_repository.ecr_repository',
      'module.ecr_repository_with_for["repository_1"].aws_ecr_repository.ecr_repository',
      'module.ecr_repository_with_for["repository_2"].aws_ecr_repository.ecr_repository',
      'module.other_ecr_repository.aws_ecr_repository.ecr_repository',
      ...[0, 1, 2, 3, 4, 5, 6].map((i) => `module.other_ecr_repository_with_count[${i}].aws_ecr_repository.ecr_repository`),
    ]);
    expect(byAddress(resources, 'module.ecr_repository_with_count[1].aws_ecr_repository.ecr_repository')).toMatchObject({
      kind: 'aws.ecr.repository', mode: 'managed', action: 'create', attrs: { name: 'bar' },
    });
    expect(linksOf(byAddress(resources, 'module.ecr_repository_with_for["repository_2"].aws_instance.ecr_repository'))).toEqual({
      ami: ['module.ecr_repository_with_for["repository_2"].data.aws_ami.ubuntu'],
    });
    expect(linksOf(byAddress(resources, 'module.ecr_repository_with_count[2].aws_instance.ecr_repository'))).toEqual({
      ami: ['module.ecr_repository_with_count[2].data.aws_ami.ubuntu'],
    });
    // data sources read at plan time come from prior_state
    expect(byAddress(resources, 'module.other_ecr_repository.data.aws_ami.ubuntu')).toMatchObject({
      mode: 'data', action: 'read', pointer: '/prior_state/values/root_module/child_modules/5/resources/0',
    });
    // `each.key` and a whole-module reference are opaque
    expect(byAddress(resources, 'aws_iam_role.test_iam_role["repository_1"]').links?.size ?? 0).toBe(0);
  });

  it('checkov-nested-child-modules: resources two modules deep', () => {
    expect(parseFixture('checkov-nested-child-modules.json').map((r) => [r.address, r.kind])).toEqual([
      ['module.child_0.module.child_1_a.aws_eks_cluster.cluster', 'aws.eks.cluster'],
      ['module.child_0.module.child_1_b.aws_eks_cluster.cluster', 'aws.eks.cluster'],
      ['module.child_0.module.child_1_c.aws_eks_cluster.cluster', 'aws.eks.cluster'],
    ]);
  });
});

describe('format 0.1 (subject-only references)', () => {
  const resources = parseFixture('checkov-plan-tags.json');

  it('links to the subject with an empty attribute path', () => {
    expect(linksOf(byAddress(resources, 'aws_eks_cluster.eks_cluster'))).toEqual({
      role_arn: ['aws_iam_role.iam_for_eks'],
      'vpc_config.subnet_ids': ['aws_subnet.eks_subnet1', 'aws_subnet.eks_subnet2'],
    });
    expect(linksOf(byAddress(resources, 'aws_iam_role_policy_attachment.policy_attachment-AmazonEKSClusterPolicy'))).toEqual({
      role: ['aws_iam_role.iam_for_eks'],
    });
    // `local.*` is opaque: the cluster name has no link
    expect(byAddress(resources, 'aws_eks_cluster.eks_cluster').links?.has('name')).toBe(false);
  });

  it('keeps kinds, actions and plan-time data sources', () => {
    expect(byAddress(resources, 'aws_eks_cluster.eks_cluster')).toMatchObject({ kind: 'aws.eks.cluster', action: 'create', mode: 'managed' });
    expect(byAddress(resources, 'aws_neptune_cluster_instance.default[0]')).toMatchObject({ kind: undefined, nativeType: 'aws_neptune_cluster_instance' });
    expect(resources.filter((r) => r.mode === 'data').map((r) => r.address)).toEqual([
      'data.aws_ami.amazon-linux-2',
      'data.aws_caller_identity.current',
      'data.aws_iam_policy_document.iam_policy_eks',
      'data.aws_iam_policy_document.policy',
    ]);
  });

  it('gives AWS resources the provider region and the caller identity account', () => {
    expect(byAddress(resources, 'aws_eks_cluster.eks_cluster').context).toEqual({ awsRegion: 'us-west-2', awsAccountId: '123456789123' });
    expect(byAddress(resources, 'null_resource.push_image').context).toBeUndefined();
  });
});

describe('own plan: brownfield-fanout (plan.sh --prior)', () => {
  const resources = parseFixture('brownfield-fanout/plan.json');

  it('drops deletes and keeps replace / no-op / create / deferred read with their action', () => {
    expect(resources.map((r) => `${r.action} ${r.address}`)).toEqual([
      'read data.aws_iam_policy_document.pull',
      'replace aws_ecr_repository.app',
      'create aws_iam_instance_profile.blue',
      'create aws_iam_instance_profile.worker["0"]',
      'create aws_iam_instance_profile.worker["1"]',
      'no-op aws_iam_role.node',
      'create aws_iam_role.worker[0]',
      'create aws_iam_role.worker[1]',
      'create aws_iam_role_policy.pull',
      'create aws_iam_role_policy_attachment.worker[0]',
      'create aws_iam_role_policy_attachment.worker[1]',
      'create aws_ssm_parameter.token',
      'create module.ng["blue"].aws_iam_role.this',
      'create module.ng["blue"].aws_iam_role_policy_attachment.this',
      'create module.ng["green"].aws_iam_role.this',
      'create module.ng["green"].aws_iam_role_policy_attachment.this',
      'read data.aws_caller_identity.current',
    ]);
  });

  it('links count and for_each fan-out to every instance, flagged ambiguous', () => {
    // `aws_iam_role.worker[count.index].name`: Terraform lists only `aws_iam_role.worker` (and `count.index`),
    // since a dynamic index ends the static traversal; the attribute is not stated.
    const both = ['aws_iam_role.worker[0] (ambiguous)', 'aws_iam_role.worker[1] (ambiguous)'];
    expect(linksOf(byAddress(resources, 'aws_iam_role_policy_attachment.worker[1]'))).toEqual({ role: both });
    expect(linksOf(byAddress(resources, 'aws_iam_instance_profile.worker["0"]'))).toEqual({
      role: ['aws_iam_role.worker[0] (ambiguous)', 'aws_iam_role.worker[1] (ambiguous)'],
    });
  });

  it('links inside for_each module instances and through a keyed module output', () => {
    expect(linksOf(byAddress(resources, 'module.ng["green"].aws_iam_role_policy_attachment.this'))).toEqual({
      role: ['module.ng["green"].aws_iam_role.this name'],
    });
    expect(linksOf(byAddress(resources, 'module.ng["blue"].aws_iam_role.this'))).toEqual({
      assume_role_policy: ['aws_iam_role.node arn'],
    });
    expect(linksOf(byAddress(resources, 'aws_iam_instance_profile.blue'))).toEqual({
      role: ['module.ng["blue"].aws_iam_role.this name'],
    });
  });

  it('makes values unknown at plan time explicit, with reason external for deferred data reads', () => {
    const graph = buildGraph([{ path: 'plan.json', parsed: { format: 'terraform-plan', resources } }]);
    expect(graph.byAddress(0, 'aws_iam_role.worker[0]')!.get(['name'])).toMatchObject({ known: false, why: 'computed' });
    expect(graph.byAddress(0, 'aws_ecr_repository.app')!.get(['arn'])).toMatchObject({ known: false, why: 'computed' });
    expect(graph.byAddress(0, 'aws_ecr_repository.app')!.get(['name'])).toMatchObject({ known: true, value: 'app-v2' });
    const document = graph.byAddress(0, 'data.aws_iam_policy_document.pull')!;
    expect(document.get(['json'])).toEqual({
      known: false, why: 'external', loc: { file: 'plan.json', pointer: '/resource_changes/0/change/after/json' },
    });
    const policy = graph.byAddress(0, 'aws_iam_role_policy.pull')!;
    expect(graph.resolve(policy, ['policy']).map((r) => [r.resource.address, r.attribute])).toEqual([
      ['data.aws_iam_policy_document.pull', ['json']],
    ]);
  });

  it('marks sensitive values so they are never shown', () => {
    const graph = buildGraph([{ path: 'plan.json', parsed: { format: 'terraform-plan', resources } }]);
    const token = graph.byAddress(0, 'aws_ssm_parameter.token')!;
    expect(token.isSensitive(['value'])).toBe(true);
    expect(token.isSensitive(['name'])).toBe(false);
    expect(token.isSensitive([])).toBe(true);
  });

  it('gives every AWS resource the region and account of its provider', () => {
    expect(new Set(resources.map((r) => JSON.stringify(r.context)))).toEqual(new Set([
      JSON.stringify({ awsRegion: 'eu-west-1', awsAccountId: '123456789012' }),
    ]));
  });
});

describe('bad input', () => {
  it('rejects a plan of an unsupported format_version with one clear InputError', () => {
    const plan = { format_version: '2.0', resource_changes: [] };
    expect(() => terraformPlanParser.parse({ path: 'future.json', json: plan })).toThrow(InputError);
    expect(() => terraformPlanParser.parse({ path: 'future.json', json: plan }))
      .toThrow('future.json: Terraform plan format_version 2.0 is not supported (expected 0.x or 1.x)');
  });

  it('reports a JSON document that is not a plan, and a future plan, as one error line each', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullfix-plan-'));
    const notPlan = join(dir, 'state.json');
    const future = join(dir, 'future.json');
    writeFileSync(notPlan, JSON.stringify({ format_version: '1.0', values: { root_module: {} } }));
    writeFileSync(future, JSON.stringify({ format_version: '2.0', planned_values: {} }));
    const { loaded, errors } = loadInputs([notPlan, future]);
    expect(loaded).toEqual([]);
    expect(errors).toHaveLength(2);
    expect(errors[0]!.message).toMatch(/^.*state\.json: not a recognized input; expected .*a Terraform plan/);
    expect(errors[0]!.message).not.toContain('\n');
    expect(errors[1]!.message).toBe(`${future}: Terraform plan format_version 2.0 is not supported (expected 0.x or 1.x)`);
    expect(terraformPlanParser.accepts({ path: 'x.json', json: { hello: 'world' } })).toBe(false);
  });
});

describe('planned_values fallback and synthetic reference forms', () => {
  const plan = {
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [
          { address: 'aws_iam_role.node', mode: 'managed', type: 'aws_iam_role', name: 'node', values: { name: 'node' } },
        ],
        child_modules: [{
          address: 'module.eks[0]',
          resources: [{ address: 'module.eks[0].aws_eks_node_group.ng', mode: 'managed', type: 'aws_eks_node_group', name: 'ng', index: undefined, values: {} }],
          child_modules: [{
            address: 'module.eks[0].module.inner',
            resources: [{ address: 'module.eks[0].module.inner.aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', values: {} }],
          }],
        }],
      },
    },
    resource_changes: [
      { address: 'aws_eks_cluster.c', mode: 'managed', type: 'aws_eks_cluster', name: 'c', change: { actions: ['create'], after: {}, after_unknown: { role_arn: true } } },
      { address: 'aws_iam_role.gone', mode: 'managed', type: 'aws_iam_role', name: 'gone', change: { actions: ['delete'], after: null } },
      { address: 'aws_iam_role.node', mode: 'managed', type: 'aws_iam_role', name: 'node', deposed: 'abc', change: { actions: ['delete'] } },
      { address: 'aws_iam_role.loop', mode: 'managed', type: 'aws_iam_role', name: 'loop', change: { actions: ['update'], after: {} } },
    ],
    configuration: {
      provider_config: { aws: { name: 'aws', expressions: { region: { references: ['var.region'] } } } },
      root_module: {
        resources: [
          { address: 'aws_eks_cluster.c', mode: 'managed', type: 'aws_eks_cluster', name: 'c', provider_config_key: 'aws',
            expressions: { role_arn: { references: ['module.eks.role_arn', 'module.eks'] }, name: {}, vpc_config: [{ subnet_ids: { references: ['local.subnets'] } }] } },
          { address: 'aws_iam_role.loop', mode: 'managed', type: 'aws_iam_role', name: 'loop', provider_config_key: 'aws',
            expressions: { name: { references: ['module.eks.loop', 'module.eks'] } } },
        ],
        module_calls: {
          eks: {
            count_expression: { constant_value: 1 },
            expressions: { node_role: { references: ['aws_iam_role.node.arn', 'aws_iam_role.node'] }, loop: { references: ['module.eks.loop'] } },
            module: {
              outputs: {
                role_arn: { expression: { references: ['module.inner.arn', 'module.inner'] } },
                loop: { expression: { references: ['var.loop'] } },
              },
              resources: [{ address: 'aws_eks_node_group.ng', mode: 'managed', type: 'aws_eks_node_group', name: 'ng', provider_config_key: 'aws',
                expressions: { node_role_arn: { references: ['var.node_role'] } } }],
              module_calls: {
                inner: { expressions: {}, module: { outputs: { arn: { expression: { references: ['aws_iam_role.r.arn', 'aws_iam_role.r'] } } },
                  resources: [{ address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r' }] } },
              },
            },
          },
        },
      },
    },
    variables: { region: { value: 'ap-south-1' } },
  };
  const resources = parsePlan(plan);

  it('takes resources without a change from planned_values and drops deletes and deposed objects', () => {
    expect(resources.map((r) => `${r.action} ${r.address}`)).toEqual([
      'create aws_eks_cluster.c',
      'update aws_iam_role.loop',
      'unknown aws_iam_role.node',
      'unknown module.eks[0].aws_eks_node_group.ng',
      'unknown module.eks[0].module.inner.aws_iam_role.r',
    ]);
    expect(byAddress(resources, 'aws_iam_role.node').pointerOf!(['name'])).toBe('/planned_values/root_module/resources/0/values/name');
  });

  it('follows a counted module output into a nested module, and variables back to the root', () => {
    expect(linksOf(byAddress(resources, 'aws_eks_cluster.c'))).toEqual({ role_arn: ['module.eks[0].module.inner.aws_iam_role.r arn'] });
    expect(linksOf(byAddress(resources, 'module.eks[0].aws_eks_node_group.ng'))).toEqual({ node_role_arn: ['aws_iam_role.node arn'] });
  });

  it('stops on reference cycles', () => {
    expect(byAddress(resources, 'aws_iam_role.loop').links?.size ?? 0).toBe(0);
  });

  it('reads the region from a root variable of the provider configuration', () => {
    expect(byAddress(resources, 'aws_eks_cluster.c').context).toEqual({ awsRegion: 'ap-south-1' });
  });

  it('uses the AWS provider v6 resource-level region over the provider default', () => {
    const v6 = parsePlan({
      format_version: '1.2',
      resource_changes: [{ address: 'aws_ecr_repository.r', mode: 'managed', type: 'aws_ecr_repository', name: 'r', change: { actions: ['create'], after: { region: 'us-east-1' } } }],
      configuration: { provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-central-1' } } } }, root_module: {} },
    });
    expect(v6[0]!.context).toEqual({ awsRegion: 'us-east-1' });
  });
});

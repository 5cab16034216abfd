import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { rules } from '../../src/rules/index.js';
import { synthAksApp } from '../inputs/cdktf/aks-app.js';

/**
 * The same scenario written in every format pullfix reads must give the same rule ids on the
 * corresponding resources. Each format's addresses are mapped to a logical role ("node group",
 * "cluster", …); findings are compared as `<rule id> <role>`.
 */

type Variant = 'broken' | 'fixed';

interface Format {
  readonly name: string;
  /** Input path of the variant. */
  readonly input: (variant: Variant) => string;
  /** Logical role of a finding's resource address. */
  readonly roles: Readonly<Record<string, string>>;
}

interface Scenario {
  readonly id: string;
  readonly rule: string;
  /** Findings the broken variant must give in every format (the scenario's point). */
  readonly expected: readonly string[];
  readonly formats: readonly Format[];
}

const cdktfDir = mkdtempSync(join(tmpdir(), 'pullfix-parity-'));
afterAll(() => rmSync(cdktfDir, { recursive: true, force: true }));

const AWS_PULUMI = 'urn:pulumi:dev::eks-node-role::';
const AZ_PULUMI = 'urn:pulumi:dev::aks-acr::';

const SCENARIOS: readonly Scenario[] = [
  {
    id: 'S-AWS-01 node role without ECR pull policy',
    rule: 'PF-AWS-001',
    expected: ['PF-AWS-001 node group'],
    formats: [
      {
        name: 'terraform-plan',
        input: (v) => `test/parity/s-aws-01/terraform/${v}/plan.json`,
        roles: { 'aws_eks_node_group.default': 'node group', 'aws_iam_role.node': 'node role', 'aws_eks_cluster.demo': 'cluster' },
      },
      {
        name: 'pulumi-preview',
        input: (v) => `examples/eks-node-role-missing-ecr-policy/pulumi/${v}/preview.json`,
        roles: {
          [`${AWS_PULUMI}aws:eks/nodeGroup:NodeGroup::default`]: 'node group',
          [`${AWS_PULUMI}aws:iam/role:Role::node`]: 'node role',
          [`${AWS_PULUMI}aws:eks/cluster:Cluster::demo`]: 'cluster',
        },
      },
      {
        name: 'cloudformation',
        input: (v) => `test/parity/s-aws-01/cloudformation/${v}.template.json`,
        roles: { NodeGroup: 'node group', NodeRole: 'node role', Cluster: 'cluster' },
      },
    ],
  },
  {
    id: 'S-AZ-03 no AcrPull for the kubelet identity',
    rule: 'PF-AZ-001',
    expected: ['PF-AZ-001 cluster'],
    formats: [
      {
        name: 'terraform-plan',
        input: (v) => `test/parity/s-az-03/terraform/${v}/plan.json`,
        roles: { 'azurerm_kubernetes_cluster.aks': 'cluster', 'azurerm_container_registry.acr': 'registry', 'azurerm_role_assignment.aks_acrpull': 'assignment' },
      },
      {
        name: 'pulumi-preview',
        input: (v) => `examples/aks-kubelet-missing-acrpull/pulumi/${v}/preview.json`,
        roles: {
          [`${AZ_PULUMI}azure-native:containerservice:ManagedCluster::aks`]: 'cluster',
          [`${AZ_PULUMI}azure-native:containerregistry:Registry::acr`]: 'registry',
          [`${AZ_PULUMI}azure-native:authorization:RoleAssignment::aks-acrpull`]: 'assignment',
          [`${AZ_PULUMI}kubernetes:apps/v1:Deployment::web`]: 'workload',
        },
      },
      {
        name: 'cdktf',
        input: (v) => {
          const outdir = join(cdktfDir, v);
          synthAksApp(outdir, v);
          return outdir;
        },
        roles: { 'azurerm_kubernetes_cluster.aks': 'cluster', 'azurerm_container_registry.acr': 'registry', 'azurerm_role_assignment.aks-acrpull': 'assignment' },
      },
    ],
  },
];

function verdicts(format: Format, variant: Variant, ruleIds: ReadonlySet<string>): string[] {
  const result = lint([format.input(variant)]);
  expect(result.errors).toEqual([]);
  return result.findings
    .filter((f) => ruleIds.has(f.ruleId))
    .map((f) => `${f.ruleId} ${format.roles[f.resource.address.split('#')[0]!] ?? `unmapped:${f.resource.address}`}`)
    .sort();
}

const registered = new Set<string>(rules.map((r) => r.meta.id));
/** Rules compared: those of the scenarios' domains that exist. */
const compared = new Set([...registered].filter((id) => /^PF-(AWS|AZ|K8S)-/.test(id)));

describe.each(SCENARIOS)('parity: $id', (scenario) => {
  const formats = scenario.formats;

  it.each(['broken', 'fixed'] as const)('gives the same findings in every format (%s)', (variant) => {
    const byFormat = Object.fromEntries(formats.map((f) => [f.name, verdicts(f, variant, compared)]));
    const reference = byFormat[formats[0]!.name];
    for (const f of formats) expect({ format: f.name, findings: byFormat[f.name] }).toEqual({ format: f.name, findings: reference });
    const own = reference!.filter((v) => v.startsWith(`${scenario.rule} `));
    expect(own).toEqual(variant === 'broken' ? scenario.expected : []);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeSets } from '../../src/analysis/aws-nodes.js';
import { buildGraph, lint } from '../../src/engine/lint.js';
import { loadInputs } from '../../src/engine/load.js';
import type { LintResult } from '../../src/engine/result.js';
import { selfManagedClusterApp, type SelfManagedClusterOptions } from './apps.js';

/**
 * Self-managed capacity from `eks.Cluster.addAutoScalingGroupCapacity`, synthesized with aws-cdk-lib and
 * linted from the cloud assembly: without the generateLaunchTemplateInsteadOfLaunchConfig feature flag
 * the autoscaling group launches from a launch configuration, whose instance profile leads to the role.
 */
function synth(options: SelfManagedClusterOptions = {}): { outdir: string; result: LintResult } {
  const built = selfManagedClusterApp(options);
  built.app.synth();
  const result = lint([built.outdir]);
  expect(result.errors).toEqual([]);
  return { outdir: built.outdir, result };
}

function verdicts(result: LintResult): { findings: string[]; unverified: string[] } {
  return {
    findings: result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.resource.displayPath ?? f.resource.address}`).sort(),
    unverified: result.unverified.map((u) => `${u.ruleId} ${u.resource.displayPath ?? u.resource.address}`).sort(),
  };
}

function resourceTypes(outdir: string): string[] {
  const template = JSON.parse(readFileSync(join(outdir, 'SelfManagedEks.template.json'), 'utf8')) as { Resources: Record<string, { Type: string }> };
  return Object.values(template.Resources).map((r) => r.Type);
}

/** The node set of the autoscaling group, in displayable form. */
function selfManagedSet(outdir: string): Record<string, unknown> {
  const sets = nodeSets(buildGraph(loadInputs([outdir]).loaded)).filter((s) => s.type === 'self-managed');
  expect(sets).toHaveLength(1);
  const set = sets[0]!;
  return {
    group: set.resource.displayPath,
    cluster: set.cluster?.displayPath,
    launchedFrom: (set.launchConfiguration ?? set.launchTemplate)?.nativeType,
    role: set.role.status === 'resolved' ? set.role.roles.map((r) => r.displayPath) : set.role.status,
  };
}

describe('self-managed capacity: eks.Cluster.addAutoScalingGroupCapacity', () => {
  it('launches from a launch configuration by default, and the role CDK creates (with AmazonEC2ContainerRegistryReadOnly) is evaluated clean', () => {
    const { outdir, result } = synth();
    expect(resourceTypes(outdir)).toContain('AWS::AutoScaling::LaunchConfiguration');
    expect(resourceTypes(outdir)).not.toContain('AWS::EC2::LaunchTemplate');
    // The group is a node set whose role was read, so "no finding" is a verdict, not a skip.
    expect(selfManagedSet(outdir)).toEqual({
      group: 'SelfManagedEks/Cluster/Nodes/ASG', cluster: 'SelfManagedEks/Cluster/Resource/Resource/Default',
      launchedFrom: 'AWS::AutoScaling::LaunchConfiguration', role: ['SelfManagedEks/Cluster/Nodes/InstanceRole/Resource'],
    });
    expect(verdicts(result)).toEqual({ findings: [], unverified: [] });
  });

  it('a role CDK may not extend, without ECR pull rights, fails PF-AWS-001 where the instance profile names it', () => {
    const { result } = synth({ nodeRole: 'without-ecr' });
    expect(verdicts(result)).toEqual({ findings: ['PF-AWS-001 error SelfManagedEks/Cluster/Nodes/InstanceProfile'], unverified: [] });
    const finding = result.findings[0]!;
    expect(finding.message).toMatch(/^Node role `SelfManagedEks\/NodeRole[0-9A-F]{8}` of `SelfManagedEks\/ClusterNodesASG[0-9A-F]{8}` is not granted `ecr:GetAuthorizationToken`/);
    expect(finding.location.pointer).toMatch(/^\/Resources\/ClusterNodesInstanceProfile[0-9A-F]{8}\/Properties\/Roles\/0$/);
    expect(finding.related.map((r) => `${r.note}: ${r.resource.address}`)).toEqual([
      expect.stringMatching(/^node role defined here: SelfManagedEks\/NodeRole[0-9A-F]{8}$/),
      expect.stringMatching(/^nodes launched with this role: SelfManagedEks\/ClusterNodesASG[0-9A-F]{8}$/),
      expect.stringMatching(/^policy AmazonEKSWorkerNodePolicy \(no ECR pull\): /),
      expect.stringMatching(/^policy AmazonEKS_CNI_Policy \(no ECR pull\): /),
    ]);
  });

  it('an imported role cannot be verified; the group is still found through its cluster tag', () => {
    const { result } = synth({ nodeRole: 'imported' });
    expect(verdicts(result)).toEqual({ findings: [], unverified: ['PF-AWS-001 SelfManagedEks/Cluster/Nodes/InstanceProfile'] });
    expect(result.unverified[0]!.reason).toContain('`platform-nodes` is not in the analysed inputs');
  });

  it('gives the same verdicts when the feature flag makes the group launch from a launch template', () => {
    const fixed = synth({ launchTemplate: true });
    expect(selfManagedSet(fixed.outdir)).toMatchObject({ launchedFrom: 'AWS::EC2::LaunchTemplate', role: ['SelfManagedEks/Cluster/Nodes/InstanceRole/Resource'] });
    expect(verdicts(fixed.result)).toEqual({ findings: [], unverified: [] });
    expect(verdicts(synth({ launchTemplate: true, nodeRole: 'without-ecr' }).result))
      .toEqual({ findings: ['PF-AWS-001 error SelfManagedEks/Cluster/Nodes/InstanceProfile'], unverified: [] });
  });
});

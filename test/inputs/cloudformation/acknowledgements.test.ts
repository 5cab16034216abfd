import { describe, expect, it } from 'vitest';
import type { ResourceInit } from '../../../src/graph/model.js';
import { acknowledgementSuppressions, acknowledgementsOf, type Acknowledgement } from '../../../src/inputs/cloudformation/acknowledgements.js';

function resource(address: string, displayPath: string): ResourceInit {
  return { address, kind: 'aws.iam.role', nativeType: 'AWS::IAM::Role', mode: 'managed', attrs: {}, displayPath } as ResourceInit;
}

const RESOURCES = [
  resource('App/ClusterRoleA1', 'App/Cluster/Role/Resource'),
  resource('App/ClusterNodegroupB2', 'App/Cluster/Nodegroup/Resource'),
  resource('App/ClusterNodegroupB2/Part', 'App/Cluster/Nodegroup/Resource'),
  resource('App/ClusterX9', 'App/ClusterX/Resource'),
  resource('App/Repo77', 'App/Repo/Resource'),
];

const scopes = (acks: Acknowledgement[]): string[] => acknowledgementSuppressions(acks, RESOURCES).suppressions.map((s) => `${s.rule} ${s.address} ${s.source}`);

describe('CDK acknowledgements read from a cloud assembly', () => {
  it('reads Validations.acknowledge and PullfixSuppressions metadata, pullfix rules only', () => {
    const out: Acknowledgement[] = [];
    acknowledgementsOf('/App/Cluster', [
      { type: 'aws:cdk:acknowledged-rules', data: { 'Annotation::PF-AWS-001': ' mirror ', 'CloudFormation-Validate::W3010': 'x', 'AwsSolutions-IAM4': 'y' } },
      { type: 'pullfix:suppressions', data: [{ id: 'pullfix::node-role-missing-ecr-pull', reason: 'proxy role' }] },
      { type: 'aws:cdk:logicalId', data: 'X' },
    ], out);
    expect(out).toEqual([
      { path: 'App/Cluster', rule: 'PF-AWS-001', reason: 'mirror' },
      { path: 'App/Cluster', rule: 'node-role-missing-ecr-pull', reason: 'proxy role' },
    ]);
  });

  it('covers exactly the resources at and below the construct, with as few address globs as possible', () => {
    expect(scopes([{ path: 'App', rule: 'PF-AWS-009', reason: 'r' }])).toEqual(['PF-AWS-009 App/* cdk']);
    expect(scopes([{ path: 'App/Cluster/Nodegroup', rule: 'PF-AWS-001', reason: 'r' }])).toEqual(['PF-AWS-001 App/ClusterNodegroupB2* cdk']);
    // App/ClusterX is not below App/Cluster although its logical id shares the prefix.
    expect(scopes([{ path: 'App/Cluster', rule: 'PF-AWS-001', reason: 'r' }])).toEqual(['PF-AWS-001 App/ClusterNodegroupB2* cdk', 'PF-AWS-001 App/ClusterRoleA1* cdk']);
    expect(scopes([{ path: 'App/Nothing', rule: 'PF-AWS-001', reason: 'r' }])).toEqual([]);
  });

  it('an acknowledgement without a reason suppresses nothing and is reported', () => {
    const { suppressions, warnings } = acknowledgementSuppressions([{ path: 'App/Repo', rule: 'PF-AWS-005', reason: '' }], RESOURCES);
    expect(suppressions).toEqual([]);
    expect(warnings).toEqual(['CDK acknowledgement of PF-AWS-005 at App/Repo has no reason; it suppresses nothing (a reason is mandatory)']);
  });
});

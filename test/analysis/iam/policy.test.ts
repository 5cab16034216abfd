import { describe, expect, it } from 'vitest';
import { managedPolicy } from '../../../src/analysis/iam/managed.js';
import { arnMatch, conditionsHold, parsePolicy, statementApplies, wildcardMatch } from '../../../src/analysis/iam/policy.js';

describe('wildcards', () => {
  it('matches * and ? and nothing else', () => {
    expect(wildcardMatch('ecr:*', 'ecr:BatchGetImage')).toBe(true);
    expect(wildcardMatch('ecr:Batch*', 'ecr:BatchGetImage')).toBe(true);
    expect(wildcardMatch('ecr:Get?ownloadUrlForLayer', 'ecr:GetDownloadUrlForLayer')).toBe(true);
    expect(wildcardMatch('ecr:Get.*', 'ecr:GetX')).toBe(false);
    expect(wildcardMatch('ECR:batchgetimage', 'ecr:BatchGetImage', true)).toBe(true);
    expect(wildcardMatch('ECR:batchgetimage', 'ecr:BatchGetImage')).toBe(false);
  });
  it('matches ARNs segment by segment', () => {
    expect(arnMatch('arn:aws:ecr:*:111111111111:repository/*', 'arn:aws:ecr:eu-west-1:111111111111:repository/app')).toBe(true);
    expect(arnMatch('arn:aws:ecr:eu-west-1:111111111111:repository/*', 'arn:aws:ecr:eu-west-1:602401143452:repository/eks/coredns')).toBe(false);
    // `*` in one segment does not swallow the colons of the next ones.
    expect(arnMatch('arn:aws:eks:*:fargateprofile/c/*', 'arn:aws:eks:eu-west-1:111111111111:fargateprofile/c/p/1')).toBe(false);
  });
});

describe('statements', () => {
  const doc = parsePolicy(JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' },
      { Effect: 'Deny', Action: 'ecr:BatchGetImage', NotResource: 'arn:aws:ecr:eu-west-1:111111111111:repository/ok' },
    ],
  }))!;
  it('handles NotAction and NotResource', () => {
    const [allow, deny] = doc.statements;
    expect(statementApplies(allow!, { action: 'ecr:BatchGetImage', resource: '*' })).toBe('yes');
    expect(statementApplies(allow!, { action: 'iam:PassRole', resource: '*' })).toBe('no');
    expect(statementApplies(deny!, { action: 'ecr:BatchGetImage', resource: 'arn:aws:ecr:eu-west-1:111111111111:repository/ok' })).toBe('no');
    expect(statementApplies(deny!, { action: 'ecr:BatchGetImage', resource: 'arn:aws:ecr:eu-west-1:111111111111:repository/other' })).toBe('yes');
  });
  it('evaluates the condition keys it knows and leaves the others unknown', () => {
    const st = (Condition: unknown) => parsePolicy({ Statement: { Effect: 'Deny', Action: '*', Resource: '*', Condition } })!.statements[0]!;
    const vpce = st({ StringNotEquals: { 'aws:SourceVpce': 'vpce-0abc' } });
    expect(conditionsHold(vpce, { 'aws:SourceVpce': null })).toBe('yes');
    expect(conditionsHold(vpce, { 'aws:SourceVpce': ['vpce-0abc'] })).toBe('no');
    expect(conditionsHold(vpce, {})).toBe('unknown');
    const like = st({ StringEquals: { 'aws:SourceArn': 'arn:aws:eks:*' } });
    expect(conditionsHold(like, { 'aws:SourceArn': ['arn:aws:eks:x'] })).toBe('no');
    const arn = st({ ArnLike: { 'aws:SourceArn': 'arn:aws:eks:eu-west-1:111111111111:fargateprofile/prod/*' } });
    expect(conditionsHold(arn, { 'aws:SourceArn': ['arn:aws:eks:eu-west-1:111111111111:fargateprofile/prod/p/1'] })).toBe('yes');
    expect(conditionsHold(arn, { 'aws:SourceArn': ['arn:aws:eks:eu-west-1:111111111111:fargateprofile/staging/p/1'] })).toBe('no');
    const ifExists = st({ StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-1' } });
    expect(conditionsHold(ifExists, { 'aws:PrincipalOrgID': null })).toBe('yes');
    expect(conditionsHold(st({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }), { 'aws:SourceIp': ['10.0.0.1'] })).toBe('unknown');
    expect(conditionsHold(st({ Null: { 'aws:SourceVpce': 'true' } }), { 'aws:SourceVpce': null })).toBe('yes');
  });
  it('ignores documents that are not policies', () => {
    expect(parsePolicy('not json')).toBeUndefined();
    expect(parsePolicy('{"Statement":[{"Effect":"Maybe"}]}')!.statements).toEqual([]);
  });
});

describe('managed policy snapshot', () => {
  it('knows the ECR pull policies by ARN, in every partition and path', () => {
    expect(managedPolicy('arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly')?.versionId).toBe('v1');
    expect(managedPolicy('arn:aws-cn:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly')?.versionId).toBe('v3');
    expect(managedPolicy('arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy')).toBeDefined();
    expect(managedPolicy('arn:aws:iam::aws:policy/AmazonEBSCSIDriverPolicy')).toBeUndefined();
    expect(managedPolicy('arn:aws:iam::aws:policy/SomethingElse')).toBeUndefined();
  });
});

describe('ArnEquals with wildcards', () => {
  it('is left undecided; without wildcards it is an exact match', () => {
    const st = (pattern: string) => parsePolicy({ Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { ArnEquals: { 'aws:SourceArn': pattern } } } })!.statements[0]!;
    const ctx = { 'aws:SourceArn': ['arn:aws:eks:eu-west-1:111111111111:fargateprofile/c/p/1'] };
    expect(conditionsHold(st('arn:aws:eks:eu-west-1:111111111111:fargateprofile/c/*'), ctx)).toBe('unknown');
    expect(conditionsHold(st('arn:aws:eks:eu-west-1:111111111111:fargateprofile/c/p/1'), ctx)).toBe('yes');
    expect(conditionsHold(st('arn:aws:eks:eu-west-1:111111111111:fargateprofile/d/p/1'), ctx)).toBe('no');
  });
});

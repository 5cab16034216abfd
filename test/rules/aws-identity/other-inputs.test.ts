import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/engine/lint.js';
import { verdicts } from '../../helpers/graph.js';
import { IDENTITY_RULES } from './rules.js';

const fixture = (path: string): string => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));

/** False-positive guards on inputs made for other rules and formats: correct setups stay silent. */
describe('identity rules stay silent on correct setups of other fixtures', () => {
  it.each([
    'aws-network/standard-nat/plan.json',
    'aws-network/fully-private/plan.json',
    'pulumi/pulumi-eks-managed-nodegroups.stack.json',
  ])('%s', (path) => {
    const result = lint([fixture(path)], { rules: IDENTITY_RULES });
    expect(result.errors).toEqual([]);
    expect(verdicts(result)).toEqual({ findings: [], unverified: [] });
  });
});

/** S-AWS-01 in CloudFormation: the same rule, the same verdicts, another format. */
describe('PF-AWS-001 on CloudFormation templates', () => {
  it.each([
    ['node-role-without-ecr', ['PF-AWS-001 error Nodegroup']],
    ['standard', []],
    ['inline-ecr', []],
  ] as const)('%s', (name, findings) => {
    const result = lint([fixture(`aws-identity/cfn/${name}.template.json`)], { rules: IDENTITY_RULES });
    expect(result.errors).toEqual([]);
    expect(verdicts(result)).toEqual({ findings, unverified: [] });
  });
});

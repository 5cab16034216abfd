import { describe, expect, it } from 'vitest';
import { jsonPositions, positionsIn, withPositions, yamlPositions } from '../../src/report/positions.js';
import type { LintResult } from '../../src/engine/result.js';

describe('jsonPositions', () => {
  const text = '{\n  "a": {"b": [1, {"c": "x\\"y"}, 3]},\n  "d/e": 5,\n  "f~g": {"h": null}\n}';
  it('finds keys of object members and array elements, with escaped tokens', () => {
    expect(Object.fromEntries(jsonPositions(text, ['/a/b/1/c', '/d~1e', '/a/b/2', '/f~0g/h']))).toEqual({
      '/a/b/1/c': { line: 2, column: 19 },
      '/d~1e': { line: 3, column: 3 },
      '/a/b/2': { line: 2, column: 33 },
      '/f~0g/h': { line: 4, column: 11 },
    });
  });
  it('falls back to the nearest existing ancestor', () => {
    expect(jsonPositions(text, ['/a/missing/deeper']).get('/a/missing/deeper')).toEqual({ line: 2, column: 3 });
  });
  it('works on a minified single-line plan', () => {
    const plan = JSON.stringify({ resource_changes: [{ address: 'x' }, { address: 'y', change: { after: { node_role_arn: 'r' } } }] });
    const pos = jsonPositions(plan, ['/resource_changes/1/change/after/node_role_arn']).get('/resource_changes/1/change/after/node_role_arn');
    expect(pos).toEqual({ line: 1, column: plan.indexOf('"node_role_arn"') + 1 });
  });
  it('survives truncated text', () => {
    expect(jsonPositions('{"a": {"b": [1, 2', ['/a/b/5']).get('/a/b/5')).toEqual({ line: 1, column: 8 });
  });
});

describe('yamlPositions', () => {
  const manifests = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: "x"\n---\nkind: B\nspec: {x: 1}\n';
  it('uses the document index as first token in multi-document files', () => {
    expect(Object.fromEntries(yamlPositions(manifests, ['/0/spec/containers/0/image', '/1/spec/x', '/1/kind']))).toEqual({
      '/0/spec/containers/0/image': { line: 6, column: 7 },
      '/1/spec/x': { line: 9, column: 8 },
      '/1/kind': { line: 8, column: 1 },
    });
  });
  it('answers pointers without the index in single-document files', () => {
    expect(yamlPositions('a:\n  b: 1\n', ['/a/b']).get('/a/b')).toEqual({ line: 2, column: 3 });
    expect(positionsIn('Resources:\n  Role:\n    Type: AWS::IAM::Role\n', ['/Resources/Role/Type']).get('/Resources/Role/Type')).toEqual({ line: 3, column: 5 });
  });
});

describe('withPositions', () => {
  it('reads only files that have entries, once each', () => {
    const loc = { file: 'p.json', pointer: '/x' };
    const resource = { address: 'a', type: 't', kind: null, file: 'p.json' };
    const finding = { ruleId: 'PF-AWS-1', ruleName: 'n', severity: 'error' as const, message: 'm', pullError: 'e', remediation: 'r', resource, path: [], location: loc, related: [{ resource, path: [], location: { file: 'p.json', pointer: '/y' }, note: 'n' }] };
    const result: LintResult = { version: 1, inputs: [], findings: [finding], unverified: [], errors: [] };
    const reads: string[] = [];
    const out = withPositions(result, (file) => {
      reads.push(file);
      return '{"x": 1,\n "y": 2}';
    });
    expect(reads).toEqual(['p.json']);
    expect(out.findings[0]!.location).toEqual({ file: 'p.json', pointer: '/x', line: 1, column: 2 });
    expect(out.findings[0]!.related[0]!.location).toEqual({ file: 'p.json', pointer: '/y', line: 2, column: 2 });
    const clean = { ...result, findings: [] };
    expect(withPositions(clean, () => { throw new Error('read'); })).toBe(clean);
  });
});

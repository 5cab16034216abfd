import { describe, expect, it } from 'vitest';
import { applyBaseline, createBaseline, fingerprint } from '../../src/engine/baseline.js';
import { matchesAddressGlob, matchesPathGlob } from '../../src/engine/glob.js';
import { isExpired, isIsoDate, parseTagSuppression } from '../../src/engine/suppressions.js';
import { defineRule } from '../../src/rules/define-rule.js';
import { lintResources, res } from '../helpers/graph.js';

const ownerTag = defineRule({
  meta: {
    id: 'PF-AWS-901',
    name: 'bucket-missing-owner-tag',
    title: 'Bucket has no owner tag',
    severity: 'error',
    category: 'registry',
    providers: ['aws'],
    messages: { missing: 'Bucket `{{address}}` has no owner tag.' },
    remediation: 'Tag it.',
    pullError: 'test',
    references: [],
  },
  check({ graph, report }) {
    for (const r of graph.all()) {
      const tags = r.attrs.tags as Record<string, string> | undefined;
      if (r.nativeType === 'aws_s3_bucket' && tags?.owner === undefined) report({ resource: r, path: ['tags'], messageId: 'missing', data: { address: r.address } });
    }
  },
});

const NOW = new Date('2026-06-01T12:00:00Z');

describe('globs', () => {
  it('address globs know * and ? and keep brackets and quotes literal', () => {
    expect(matchesAddressGlob('module.aks.*', 'module.aks.azurerm_role_assignment.acr["main"]')).toBe(true);
    expect(matchesAddressGlob('aws_s3_bucket.b[?]', 'aws_s3_bucket.b[0]')).toBe(true);
    expect(matchesAddressGlob('aws_s3_bucket.b[0]', 'aws_s3_bucket.b0')).toBe(false);
    expect(matchesAddressGlob('PF-AWS-*', 'PF-AZ-001')).toBe(false);
  });
  it('path globs: ** crosses folders, * does not, bare names match anywhere', () => {
    expect(matchesPathGlob('**/plan.json', 'a/b/plan.json')).toBe(true);
    expect(matchesPathGlob('**/plan.json', 'plan.json')).toBe(true);
    expect(matchesPathGlob('skip/*', 'skip/a/plan.json')).toBe(false);
    expect(matchesPathGlob('skip/**', './skip/a/plan.json')).toBe(true);
    expect(matchesPathGlob('*.json', 'x/y.json')).toBe(true);
  });
});

describe('tag suppressions', () => {
  it('parses rules, reason and expiry', () => {
    expect(parseTagSuppression('PF-AWS-012: nodes use a proxy expires=2026-12-31')).toEqual({ rules: ['PF-AWS-012'], reason: 'nodes use a proxy', expires: '2026-12-31' });
    expect(parseTagSuppression('PF-AWS-012 PF-AWS-013: shared reason')).toEqual({ rules: ['PF-AWS-012', 'PF-AWS-013'], reason: 'shared reason' });
    expect(parseTagSuppression('PF-AWS-012')).toBe('expected "<RULE-ID>: <reason>"');
    expect(parseTagSuppression('PF-AWS-012:   ')).toBe('no reason after ":" (a reason is mandatory)');
    expect(parseTagSuppression('PF-AWS-012: x expires=2026-02-30')).toBe('expires=2026-02-30 is not a date (expected expires=YYYY-MM-DD)');
  });

  it('applies to the tagged resource only, and reports malformed tags', () => {
    const result = lintResources([
      res('aws_s3_bucket.a', { tags: { 'pullfix:suppress': 'bucket-missing-owner-tag: shared logging bucket' } }),
      res('aws_s3_bucket.b', { tags: { 'pullfix:suppress': 'no colon here' } }),
      res('aws_s3_bucket.c', {}),
    ], [ownerTag], NOW);
    expect(result.findings.map((f) => `${f.resource.address} ${f.suppressed?.source ?? '-'}`)).toEqual(['aws_s3_bucket.a terraform', 'aws_s3_bucket.b -', 'aws_s3_bucket.c -']);
    expect(result.notes).toEqual([{ code: 'input-warning', message: 'aws_s3_bucket.b: tag "pullfix:suppress" ignored: expected "<RULE-ID>: <reason>"', file: 'test.json' }]);
  });

  it('reads Kubernetes annotations too', () => {
    const result = lintResources([
      res('aws_s3_bucket.k', { metadata: [{ annotations: { 'pullfix.dev/suppress': 'PF-AWS-901: reason' } }] }),
    ], [ownerTag], NOW);
    expect(result.findings.map((f) => f.suppressed?.reason)).toEqual(['reason']);
  });
});

describe('expiry', () => {
  it('a suppression applies through its expiry day (UTC)', () => {
    expect(isExpired({ expires: '2026-06-01' }, NOW)).toBe(false);
    expect(isExpired({ expires: '2026-05-31' }, NOW)).toBe(true);
    expect(isExpired({}, NOW)).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
  });
});

describe('CDK acknowledgements through the API', () => {
  it('suppressions with source cdk mark findings and report unused ones', async () => {
    const { lintLoaded } = await import('../../src/engine/lint.js');
    const resources = [res('aws_s3_bucket.a', {}), res('aws_s3_bucket.b', {})];
    const result = lintLoaded([{
      path: 'cdk.out/App.template.json',
      parsed: { format: 'cloudformation', resources },
      suppressions: [
        { rule: 'PF-AWS-901', address: 'aws_s3_bucket.a', reason: 'acknowledged in CDK', source: 'cdk', origin: 'App/Bucket' },
        { rule: 'PF-AWS-901', address: 'aws_s3_bucket.zzz', reason: 'stale', source: 'cdk', origin: 'App/Gone' },
      ],
    }], [], { rules: [ownerTag], now: NOW });
    expect(result.findings.map((f) => `${f.resource.address} ${f.suppressed?.origin ?? '-'}`)).toEqual(['aws_s3_bucket.a App/Bucket', 'aws_s3_bucket.b -']);
    expect(result.notes).toEqual([{ code: 'suppression-unused', message: 'suppression of PF-AWS-901 on aws_s3_bucket.zzz (CDK acknowledgement at App/Gone) matches no finding; remove it' }]);
  });
});

describe('baseline', () => {
  it('fingerprints ignore message and file, and hide known findings', () => {
    expect(fingerprint('PF-AWS-901', 'aws_s3_bucket.a', ['tags'])).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprint('PF-AWS-901', 'aws_s3_bucket.a', ['tags'])).not.toBe(fingerprint('PF-AWS-901', 'aws_s3_bucket.a', ['name']));
    const before = lintResources([res('aws_s3_bucket.a', {})], [ownerTag], NOW);
    const baseline = createBaseline(before);
    expect(baseline.findings).toEqual([{ fingerprint: before.findings[0]!.fingerprint, ruleId: 'PF-AWS-901', address: 'aws_s3_bucket.a' }]);
    const after = lintResources([res('aws_s3_bucket.a', {}), res('aws_s3_bucket.new', {})], [ownerTag], NOW);
    const kept = applyBaseline(after.findings, baseline, '.pullfix-baseline.json');
    expect(kept.findings.map((f) => f.resource.address)).toEqual(['aws_s3_bucket.new']);
    expect(kept.notes).toEqual([{ code: 'baseline-hidden', message: '1 known finding hidden by the baseline', file: '.pullfix-baseline.json' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { formatGithub } from '../../src/report/github.js';
import { formatJson } from '../../src/report/json.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatText } from '../../src/report/text.js';
import { resultErrors } from './result-schema.js';
import { PLAN, sampleResult, sampleRules } from './sample.js';
import { sarifErrors } from './sarif-schema.js';

const result = sampleResult();

describe('shared sample', () => {
  it('has the expected findings, suppression, unverified entry and error', () => {
    expect(result.findings.map((f) => `${f.ruleId} ${f.resource.address} ${f.suppressed ? 'suppressed' : f.severity}`)).toEqual([
      'PF-AWS-901 aws_s3_bucket.legacy suppressed',
      'PF-AWS-901 aws_s3_bucket.logs error',
      'PF-AWS-901 aws_s3_bucket.old error',
      'PF-AWS-901 module.m.aws_s3_bucket.inner error',
      'PF-AWS-902 aws_cloudwatch_log_group.jobs warning',
      'PF-AWS-903 aws_ssm_parameter.alerts note',
    ]);
    expect(result.unverified.map((u) => `${u.ruleId} ${u.resource.address}`)).toEqual(['PF-AWS-904 aws_cloudwatch_log_group.jobs']);
    expect(result.errors).toEqual([{ path: 'test/fixtures/cli/missing.json', message: 'test/fixtures/cli/missing.json: no such file or directory' }]);
    expect(result.notes?.map((n) => n.code)).toEqual(['suppression-expired']);
    expect(result.findings.every((f) => f.location.line === 1 && (f.location.column ?? 0) > 1)).toBe(true);
  });
});

describe('json', () => {
  it('validates against schemas/result.schema.json and is deterministic', () => {
    const text = formatJson(result);
    expect(resultErrors(JSON.parse(text))).toEqual([]);
    expect(formatJson(sampleResult())).toBe(text);
  });
});

describe('sarif', () => {
  const log = JSON.parse(formatSarif(result, { rules: sampleRules, version: '1.2.3' }));
  const run = log.runs[0];

  it('validates against the official SARIF 2.1.0 schema', () => {
    expect(sarifErrors(log)).toEqual([]);
  });

  it('describes rules from metadata', () => {
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['PF-AWS-901', 'PF-AWS-902', 'PF-AWS-903', 'PF-AWS-904']);
    expect(run.tool.driver.rules[0]).toMatchObject({
      id: 'PF-AWS-901',
      name: 'bucket-missing-owner-tag',
      shortDescription: { text: 'Bucket has no owner tag' },
      helpUri: 'https://github.com/pullfix/pullfix/blob/main/policies/rules/bucket-missing-owner-tag.md',
      defaultConfiguration: { level: 'error' },
    });
    expect(run.tool.driver.rules[0].help.text).toContain('Add an `owner` tag to the bucket.');
  });

  it('gives physical, logical and related locations, fingerprints and suppressions', () => {
    const logs = run.results.find((r: { locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }) => r.locations[0]!.logicalLocations[0]!.fullyQualifiedName === 'aws_s3_bucket.logs');
    expect(logs.locations[0].physicalLocation.artifactLocation).toEqual({ uri: PLAN, uriBaseId: '%SRCROOT%' });
    expect(logs.locations[0].physicalLocation.region.startLine).toBe(1);
    expect(logs.relatedLocations.map((r: { logicalLocations: { fullyQualifiedName: string }[] }) => r.logicalLocations[0]!.fullyQualifiedName)).toEqual(['aws_s3_bucket.data']);
    expect(logs.partialFingerprints['pullfix/v1']).toMatch(/^[0-9a-f]{32}$/);
    const legacy = run.results[0];
    expect(legacy.suppressions).toEqual([{
      kind: 'inSource',
      status: 'accepted',
      justification: 'legacy bucket kept until the migration',
      properties: { source: 'terraform', origin: 'tag pullfix:suppress of aws_s3_bucket.legacy', expires: '2999-12-31' },
    }]);
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications.map((n: { level: string }) => n.level)).toEqual(['error', 'warning']);
  });

  it('keeps fingerprints stable across runs', () => {
    const again = JSON.parse(formatSarif(sampleResult(), { rules: sampleRules, version: '1.2.3' }));
    expect(again.runs[0].results.map((r: { partialFingerprints: object }) => r.partialFingerprints))
      .toEqual(run.results.map((r: { partialFingerprints: object }) => r.partialFingerprints));
  });
});

describe('junit', () => {
  const xml = formatJunit(result, { rules: sampleRules });
  it('has a suite per input with failures, skipped cases and passing rules', () => {
    expect(xml).toContain(`<testsuite name="${PLAN}" tests="7" failures="5" errors="0" skipped="2">`);
    expect(xml).toContain('<testsuite name="test/fixtures/cli/missing.json" tests="1" failures="0" errors="1" skipped="0">');
    expect(xml).toContain('<skipped message="suppressed: legacy bucket kept until the migration"/>');
    expect(xml).toContain('<skipped message="unverified: The key is known only after apply."/>');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="pullfix" tests="8" failures="5" errors="1" skipped="2">/);
    expect(xml).toContain('Bucket `acme-logs` has no `owner` tag.');
    // tags balance
    expect((xml.match(/<testcase /g) ?? []).length).toBe((xml.match(/<\/testcase>|<testcase [^>]*\/>/g) ?? []).length);
  });
});

describe('github', () => {
  const lines = formatGithub(result, { quiet: false }).trimEnd().split('\n');
  it('annotates each unsuppressed finding on its file and line', () => {
    expect(lines.filter((l) => l.startsWith('::error file=test/fixtures/cli/basic'))).toHaveLength(3);
    const logs = lines.find((l) => l.includes('aws_s3_bucket.logs'))!;
    expect(logs).toMatch(/^::error file=test\/fixtures\/cli\/basic\/plan.json,line=1,col=\d+,title=PF-AWS-901 bucket-missing-owner-tag \(aws_s3_bucket.logs\)::Bucket `acme-logs` has no `owner` tag.%0APull error%3A|::Bucket/);
    expect(logs).toContain('%0AFix: Add an `owner` tag to the bucket.');
    expect(lines.some((l) => l.includes('aws_s3_bucket.legacy'))).toBe(false);
    expect(lines.filter((l) => l.startsWith('::warning file='))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('::notice file=test/fixtures/cli/basic/plan.json,line=1'))).toHaveLength(2);
    expect(lines[0]).toBe('::error file=test/fixtures/cli/missing.json,title=pullfix%3A input error::test/fixtures/cli/missing.json: no such file or directory');
  });
  it('escapes properties and data', () => {
    expect(formatGithub({ ...result, findings: [], unverified: [], notes: [], errors: [{ path: 'a,b:c.json', message: '50%\nx' }] }, { quiet: true }))
      .toBe('::error file=a%2Cb%3Ac.json,title=pullfix%3A input error::50%25%0Ax\n');
  });
});

describe('markdown', () => {
  const md = formatMarkdown(result, { quiet: false });
  it('summarizes counts and lists findings with rule links', () => {
    expect(md).toContain('❌ **3** errors, **1** warning, **1** note in 1 input.');
    expect(md).toContain('| 🔴 error | [PF-AWS-901](https://github.com/pullfix/pullfix/blob/main/policies/rules/bucket-missing-owner-tag.md) | `aws_s3_bucket.logs`<br>test/fixtures/cli/basic/plan.json:1 | Bucket `acme-logs` has no `owner` tag. |');
    expect(md).toContain('1 suppressed finding');
    expect(md).toContain('### Input errors');
  });
  it('says so when clean', () => {
    expect(formatMarkdown({ ...result, findings: [], unverified: [], errors: [], notes: [] }, { quiet: false }))
      .toBe('## pullfix\n\n✅ No image-pull misconfiguration found in 1 input.\n\n0 unverified · 0 suppressed · 0 input errors\n');
  });
});

describe('text', () => {
  const text = formatText(result, { color: false, quiet: false });
  it('groups by input with location, pull error, fix, suppressed entries, notes and a summary', () => {
    expect(text).toContain('input error test/fixtures/cli/missing.json: no such file or directory');
    expect(text).toMatch(/ {2}error {3}PF-AWS-901 {2}aws_s3_bucket\.logs › tags {2}test\/fixtures\/cli\/basic\/plan\.json:1:\d+\n {4}Bucket `acme-logs` has no `owner` tag\.\n {4}pull error: Failed to pull image "test": test pull error\n {4}fix: Add an `owner` tag to the bucket\.\n {4}see: aws_s3_bucket\.data — a bucket with an owner tag/);
    expect(text).toContain('  suppressed PF-AWS-901  aws_s3_bucket.legacy');
    expect(text).toContain('note suppression of PF-AWS-901 in tag pullfix:suppress of aws_s3_bucket.old expired on 2001-01-31; 1 finding is reported again');
    expect(text.trimEnd().split('\n').at(-1)).toBe('✖ 3 errors, 1 warning, 1 note, 1 unverified, 1 suppressed, 1 input, 1 input error');
    expect(text).not.toContain('\u001b[');
  });
  it('uses colors only when asked and stays quiet when asked', () => {
    expect(formatText(result, { color: true, quiet: false })).toContain('\u001b[31merror  \u001b[0m');
    const quiet = formatText(result, { color: false, quiet: true });
    expect(quiet).not.toContain('PF-AWS-902');
    expect(quiet).not.toContain('unverified PF-AWS-904');
    expect(quiet).not.toContain('suppressed PF-AWS-901');
  });
});

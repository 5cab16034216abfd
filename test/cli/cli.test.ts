import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultErrors } from '../report/result-schema.js';
import { sarifErrors } from '../report/sarif-schema.js';
import { BASIC, BROWNFIELD, PLUGIN, ROOT, lintJson, pullfix, verdicts } from './run.js';

let tmp: string;

beforeAll(() => {
  // The tests run the bundle users get; build.mjs bundles without type-checking (npm test type-checks).
  execFileSync(process.execPath, ['build.mjs'], { cwd: ROOT });
  tmp = mkdtempSync(join(tmpdir(), 'pullfix-cli-'));
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const ALL_BASIC = [
  'PF-AWS-901 aws_s3_bucket.legacy suppressed',
  'PF-AWS-901 aws_s3_bucket.logs',
  'PF-AWS-901 aws_s3_bucket.old',
  'PF-AWS-901 module.m.aws_s3_bucket.inner',
  'PF-AWS-902 aws_cloudwatch_log_group.jobs',
  'PF-AWS-903 aws_ssm_parameter.alerts',
];

function file(name: string, content: string): string {
  const path = join(tmp, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

describe('commands', () => {
  it('prints the version and help', () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    expect(pullfix(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    const help = pullfix(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('pullfix lint <path...>');
    expect(pullfix(['lint', '--help']).code).toBe(0);
    expect(pullfix([]).code).toBe(2);
  });

  it('rejects usage errors with one line and exit 2', () => {
    expect(pullfix(['frobnicate'])).toEqual({ code: 2, stdout: '', stderr: 'pullfix: unknown command "frobnicate"; expected lint, baseline, rules or explain (see pullfix --help)\n' });
    expect(pullfix(['lint', BASIC, '--format', 'xml'])).toEqual({ code: 2, stdout: '', stderr: 'pullfix: --format must be one of text, json, sarif, junit, github, markdown (got "xml")\n' });
    expect(pullfix(['lint', BASIC, '--fail-on', 'critical']).stderr).toBe('pullfix: --fail-on must be one of error, warning, note, never (got "critical")\n');
    expect(pullfix(['lint']).stderr).toBe('pullfix: lint needs at least one path (a plan JSON file, a template, a manifest or a folder)\n');
    const bad = pullfix(['lint', BASIC, '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(pullfix(['lint', BASIC, '--plugin', join(tmp, 'nope.mjs')]).stderr).toMatch(/^pullfix: .*nope\.mjs: cannot load plugin \(.*\); expected an ES module exporting a list of rules\n$/);
  });

  it('lists rules and explains one', () => {
    const list = pullfix(['rules', '--plugin', PLUGIN]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^PF-AWS-901 +error +bucket-missing-owner-tag +Bucket has no owner tag$/m);
    expect(list.stdout).toMatch(/^PF-AWS-903 +note +parameter-plain-string +Parameter is a plain string$/m);
    const explain = pullfix(['explain', 'pf-aws-901', '--plugin', PLUGIN]);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('# PF-AWS-901 bucket-missing-owner-tag\n\nBucket has no owner tag');
    expect(explain.stdout).toContain('How to fix: Add an `owner` tag to the bucket.');
    expect(pullfix(['explain', 'bucket-missing-owner-tag', '--plugin', PLUGIN]).stdout).toBe(explain.stdout);
    expect(pullfix(['explain', 'PF-XX-1'])).toEqual({ code: 2, stdout: '', stderr: 'pullfix: unknown rule "PF-XX-1"; expected a rule id or name listed by "pullfix rules"\n' });
  });
});

describe('lint: exit codes and text', () => {
  it('fails on errors and prints a report grouped by input', () => {
    const run = pullfix(['lint', BASIC, '--plugin', PLUGIN]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout.startsWith(`${BASIC}\n`)).toBe(true);
    expect(run.stdout).toContain('  error   PF-AWS-901  aws_s3_bucket.logs › tags  test/fixtures/cli/basic/plan.json:1:');
    expect(run.stdout).toContain('    pull error: Failed to pull image "test": test pull error\n    fix: Add an `owner` tag to the bucket.');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('✖ 3 errors, 1 warning, 1 note, 0 unverified, 1 suppressed, 1 input');
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('follows --fail-on', () => {
    const cfg = file('failon/.pullfix.yml', 'rules:\n  PF-AWS-901: off\n');
    const codes = Object.fromEntries(['error', 'warning', 'note', 'never'].map((level) => [
      level, pullfix(['lint', join(ROOT, BASIC), '--plugin', PLUGIN, '--config', cfg, '--fail-on', level]).code,
    ]));
    expect(codes).toEqual({ error: 0, warning: 1, note: 1, never: 0 });
    const clean = pullfix(['lint', join(ROOT, BASIC), '--plugin', PLUGIN, '--config', cfg]);
    expect(clean.stdout.trimEnd().split('\n').at(-1)).toBe('✖ 0 errors, 1 warning, 1 note, 0 unverified, 1 input');
  });

  it('exits 0 on a plan without findings', () => {
    const run = pullfix(['lint', BASIC]);
    expect(run.code).toBe(0);
  });

  it('writes the report to --output and keeps the terminal quiet', () => {
    const out = join(tmp, 'report.txt');
    const run = pullfix(['lint', BASIC, '--plugin', PLUGIN, '-o', out]);
    expect(run).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toContain('PF-AWS-901');
  });

  it('--quiet shows errors only', () => {
    const run = pullfix(['lint', BASIC, '--plugin', PLUGIN, '--quiet']);
    expect(run.stdout).toContain('PF-AWS-901');
    expect(run.stdout).not.toContain('PF-AWS-902');
    expect(run.stdout).not.toContain('note ');
  });
});

describe('lint: bad inputs', () => {
  const cases: [string, () => string, RegExp][] = [
    ['non-JSON', () => file('bad/notes.json', 'hello world\n'), /: not a recognized input; expected /],
    ['truncated JSON', () => file('bad/truncated.json', readFileSync(join(ROOT, BASIC), 'utf8').slice(0, 2000)), /: invalid JSON: the document ends early \(truncated file\?\)/],
    ['JSON that is not a plan', () => file('bad/other.json', '{"foo": 1}\n'), /: not a recognized input; expected /],
    ['empty file', () => file('bad/empty.json', ''), /: empty file; expected /],
    ['missing file', () => join(tmp, 'bad/missing.json'), /: no such file or directory$/],
    ['directory with nothing readable', () => {
      file('bad/dir/README.txt', 'nothing here');
      return join(tmp, 'bad/dir');
    }, /: directory holds nothing pullfix reads; expected /],
  ];
  for (const [name, make, message] of cases) {
    it(`${name}: one line on stderr, exit 2, other inputs still linted`, () => {
      const path = make();
      const alone = pullfix(['lint', path]);
      expect(alone.code).toBe(2);
      const lines = alone.stderr.split('\n').filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(lines[0]!.startsWith(`pullfix: ${path}: `)).toBe(true);
      expect(lines[0]).toMatch(message);
      expect(alone.stderr).not.toMatch(/\n\s+at /);
      const mixed = lintJson([path, BASIC]);
      expect(mixed.code).toBe(2);
      expect(mixed.stderr).toBe(alone.stderr);
      expect(mixed.json.inputs.map((i: { path: string }) => i.path)).toEqual([BASIC]);
      expect(verdicts(mixed.json)).toEqual(ALL_BASIC);
      expect(mixed.json.errors).toHaveLength(1);
      const text = pullfix(['lint', path, BASIC, '--plugin', PLUGIN]);
      expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('✖ 3 errors, 1 warning, 1 note, 0 unverified, 1 suppressed, 1 input, 1 input error');
    });
  }
});

describe('lint: formats', () => {
  it('json validates against the shipped schema', () => {
    const run = lintJson([BASIC]);
    expect(run.code).toBe(1);
    expect(resultErrors(run.json)).toEqual([]);
    expect(verdicts(run.json)).toEqual(ALL_BASIC);
  });

  it('sarif validates against the official schema', () => {
    const run = pullfix(['lint', BASIC, '--plugin', PLUGIN, '--format', 'sarif']);
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout);
    expect(sarifErrors(log)).toEqual([]);
    expect(log.runs[0].results).toHaveLength(6);
    expect(log.runs[0].results[0].suppressions[0].justification).toBe('legacy bucket kept until the migration');
  });

  it('junit, github and markdown', () => {
    const junit = pullfix(['lint', BASIC, '--plugin', PLUGIN, '--format', 'junit']);
    expect(junit.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="pullfix" tests="\d+" failures="5" errors="0" skipped="1">/);
    const github = pullfix(['lint', BASIC, '--plugin', PLUGIN, '--format', 'github']);
    expect(github.stdout.split('\n').filter((l) => l.startsWith('::error file=test/fixtures/cli/basic/plan.json,line=1,col='))).toHaveLength(3);
    const md = pullfix(['lint', BASIC, '--plugin', PLUGIN, '--format', 'markdown']);
    expect(md.stdout).toContain('❌ **3** errors, **1** warning, **1** note in 1 input.');
    for (const run of [junit, github, md]) expect(run.code).toBe(1);
  });
});

describe('config', () => {
  const cases: [string, string, string[]][] = [
    ['unknown key', 'rulez: {}\n', ['rulez: unknown key; expected one of rules, options, failOn, include, exclude, suppressions']],
    ['bad level', 'rules:\n  PF-AWS-901: fatal\n', ['rules.PF-AWS-901: expected off, on, error, warning or note (got "fatal")']],
    ['missing reason', 'suppressions:\n  - rule: PF-AWS-901\n', ['suppressions[0].reason: missing; expected a non-empty reason saying why the finding is accepted']],
    ['blank reason and bad date', 'suppressions:\n  - rule: PF-AWS-901\n    reason: "  "\n    expires: 31/12/2026\n', [
      'suppressions[0].reason: expected a non-empty reason saying why the finding is accepted (got "  ")',
      'suppressions[0].expires: expected a date YYYY-MM-DD (the last day the suppression applies) (got "31/12/2026")',
    ]],
    ['impossible date', 'suppressions:\n  - rule: PF-AWS-901\n    reason: ok\n    expires: "2026-02-30"\n', ['suppressions[0].expires: "2026-02-30" is not a calendar date; expected YYYY-MM-DD']],
    ['unknown rule', 'rules:\n  PF-AWS-999: off\noptions:\n  nope: {}\n', [
      'rules.PF-AWS-999: unknown rule "PF-AWS-999"; expected a rule id or name listed by "pullfix rules"',
      'options.nope: unknown rule "nope"; expected a rule id or name listed by "pullfix rules"',
    ]],
    ['wrong type', 'include: "**/plan.json"\n', ['include: expected a list of path globs of files to read inside folders, e.g. ["**/plan.json"] (got "**/plan.json")']],
    ['invalid YAML', 'rules: [\n', ['invalid YAML: ']],
  ];
  for (const [name, yaml, problems] of cases) {
    it(`${name}: names the key path and what was expected, exit 2`, () => {
      const cfg = file(`config-${name.replace(/\W+/g, '-')}/.pullfix.yml`, yaml);
      const run = pullfix(['lint', BASIC, '--plugin', PLUGIN, '--config', cfg]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(problems.length);
      lines.forEach((line, i) => expect(line.startsWith(`pullfix: ${cfg}: ${problems[i]}`)).toBe(true));
    });
  }

  it('is found in the working directory or above, and --no-config ignores it', () => {
    file('upward/.pullfix.json', JSON.stringify({ rules: { 'bucket-missing-owner-tag': 'warning' } }));
    const cwd = join(tmp, 'upward/a/b');
    mkdirSync(cwd, { recursive: true });
    const run = lintJson([join(ROOT, BASIC)], { cwd });
    expect(run.code).toBe(0);
    expect(run.json.findings.filter((f: { ruleId: string }) => f.ruleId === 'PF-AWS-901').map((f: { severity: string }) => f.severity)).toEqual(['warning', 'warning', 'warning', 'warning']);
    expect(pullfix(['lint', join(ROOT, BASIC), '--plugin', PLUGIN, '--no-config'], { cwd }).code).toBe(1);
  });

  it('passes rule options and include/exclude globs', () => {
    const dir = join(tmp, 'globs');
    mkdirSync(join(dir, 'keep'), { recursive: true });
    mkdirSync(join(dir, 'skip'), { recursive: true });
    writeFileSync(join(dir, 'keep/plan.json'), readFileSync(join(ROOT, BASIC)));
    writeFileSync(join(dir, 'skip/plan.json'), readFileSync(join(ROOT, BASIC)));
    writeFileSync(join(dir, 'other.json'), readFileSync(join(ROOT, BASIC)));
    const cfg = file('globs/.pullfix.yml', 'include: ["**/plan.json"]\nexclude: ["skip/**"]\n');
    const run = lintJson(['.', '--config', cfg], { cwd: dir });
    expect(run.json.inputs.map((i: { path: string }) => i.path)).toEqual(['keep/plan.json']);
  });
});

describe('suppressions end to end', () => {
  it('suppresses with a reason, keeps findings visible and out of the exit code', () => {
    const cfg = file('supp/.pullfix.yml', [
      'suppressions:',
      '  - rule: PF-AWS-901',
      '    address: "aws_s3_bucket.*"',
      '    reason: buckets are tagged by the landing zone',
      '  - rule: bucket-missing-owner-tag',
      '    address: module.m.*',
      '    reason: module owned by another team',
      '    expires: 2999-12-31',
      '',
    ].join('\n'));
    const run = lintJson([join(ROOT, BASIC), '--config', cfg, '--fail-on', 'error']);
    expect(run.code).toBe(0);
    expect(verdicts(run.json)).toEqual([
      'PF-AWS-901 aws_s3_bucket.legacy suppressed',
      'PF-AWS-901 aws_s3_bucket.logs suppressed',
      'PF-AWS-901 aws_s3_bucket.old suppressed',
      'PF-AWS-901 module.m.aws_s3_bucket.inner suppressed',
      'PF-AWS-902 aws_cloudwatch_log_group.jobs',
      'PF-AWS-903 aws_ssm_parameter.alerts',
    ]);
    const inner = run.json.findings.find((f: { resource: { address: string } }) => f.resource.address === 'module.m.aws_s3_bucket.inner');
    expect(inner.suppressed).toEqual({ source: 'config', reason: 'module owned by another team', expires: '2999-12-31', origin: cfg });
    expect(run.json.notes.map((n: { code: string }) => n.code)).toEqual(['suppression-expired']);
  });

  it('expired suppressions stop suppressing and say so; unused ones are reported', () => {
    const cfg = file('expired/.pullfix.yml', [
      'suppressions:',
      '  - rule: PF-AWS-901',
      '    address: aws_s3_bucket.logs',
      '    reason: temporary exception',
      '    expires: 2020-01-01',
      '  - rule: PF-AWS-902',
      '    address: aws_cloudwatch_log_group.gone',
      '    reason: removed log group',
      '',
    ].join('\n'));
    const run = lintJson([join(ROOT, BASIC), '--config', cfg]);
    expect(run.code).toBe(1);
    expect(verdicts(run.json)).toEqual(ALL_BASIC);
    expect(run.json.notes).toEqual([
      { code: 'suppression-expired', message: `suppression of PF-AWS-901 on aws_s3_bucket.logs (${cfg}) expired on 2020-01-01; 1 finding is reported again (reason was: temporary exception)`, file: cfg },
      { code: 'suppression-expired', message: 'suppression of PF-AWS-901 in tag pullfix:suppress of aws_s3_bucket.old expired on 2001-01-31; 1 finding is reported again (reason was: accepted before the owner policy)', file: join(ROOT, BASIC) },
      { code: 'suppression-unused', message: `suppression of PF-AWS-902 on aws_cloudwatch_log_group.gone (${cfg}) matches no finding; remove it`, file: cfg },
    ]);
    const text = pullfix(['lint', join(ROOT, BASIC), '--plugin', PLUGIN, '--config', cfg]);
    expect(text.stdout).toContain('note suppression of PF-AWS-902 on aws_cloudwatch_log_group.gone');
    const sarif = JSON.parse(pullfix(['lint', join(ROOT, BASIC), '--plugin', PLUGIN, '--config', cfg, '--format', 'sarif']).stdout);
    expect(sarifErrors(sarif)).toEqual([]);
    expect(sarif.runs[0].results.filter((r: { suppressions?: unknown[] }) => r.suppressions).length).toBe(1);
  });
});

describe('baseline and changed-only', () => {
  it('records findings and reports only new ones', () => {
    const baseline = join(tmp, 'baseline.json');
    const write = pullfix(['baseline', BASIC, '--plugin', PLUGIN, '-o', baseline]);
    expect(write).toEqual({ code: 0, stdout: `wrote 5 findings to ${baseline}\n`, stderr: '' });
    const doc = JSON.parse(readFileSync(baseline, 'utf8'));
    expect(doc.version).toBe(1);
    expect(doc.findings.map((e: { ruleId: string; address: string }) => `${e.ruleId} ${e.address}`)).toEqual([
      'PF-AWS-901 aws_s3_bucket.logs', 'PF-AWS-901 aws_s3_bucket.old', 'PF-AWS-901 module.m.aws_s3_bucket.inner',
      'PF-AWS-902 aws_cloudwatch_log_group.jobs', 'PF-AWS-903 aws_ssm_parameter.alerts',
    ]);
    // Same plan from another folder: nothing new.
    const copy = file('moved/plan.json', readFileSync(join(ROOT, BASIC), 'utf8'));
    const same = lintJson([copy, '--baseline', baseline]);
    expect(same.code).toBe(0);
    expect(verdicts(same.json)).toEqual(['PF-AWS-901 aws_s3_bucket.legacy suppressed']);
    expect(same.json.notes.map((n: { code: string }) => n.code)).toEqual(['suppression-expired', 'baseline-hidden']);
    // Another plan: its findings are new; the baseline entries it lacks are reported as fixed.
    const other = lintJson([BROWNFIELD, '--baseline', baseline]);
    expect(other.code).toBe(1);
    expect(verdicts(other.json)).toEqual(['PF-AWS-901 aws_s3_bucket.added', 'PF-AWS-901 aws_s3_bucket.changed', 'PF-AWS-901 aws_s3_bucket.kept']);
    expect(other.json.notes).toEqual([{ code: 'baseline-fixed', message: '5 baseline entries no longer match a finding (fixed?); regenerate the baseline to drop them', file: baseline }]);
  });

  it('rejects an unusable baseline file', () => {
    const bad = file('bad-baseline.json', '{"findings": 3}');
    expect(pullfix(['lint', BASIC, '--baseline', bad])).toEqual({ code: 2, stdout: '', stderr: `pullfix: ${bad}: not a pullfix baseline; expected {"version": 1, "findings": [{"fingerprint", "ruleId", "address"}]}\n` });
  });

  it('--changed-only keeps findings on resources the plan creates or updates', () => {
    expect(verdicts(lintJson([BROWNFIELD]).json)).toEqual(['PF-AWS-901 aws_s3_bucket.added', 'PF-AWS-901 aws_s3_bucket.changed', 'PF-AWS-901 aws_s3_bucket.kept']);
    const changed = lintJson([BROWNFIELD, '--changed-only']);
    expect(verdicts(changed.json)).toEqual(['PF-AWS-901 aws_s3_bucket.added', 'PF-AWS-901 aws_s3_bucket.changed']);
    expect(changed.json.findings.map((f: { resource: { action: string } }) => f.resource.action)).toEqual(['create', 'update']);
  });
});

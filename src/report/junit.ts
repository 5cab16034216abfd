import type { Finding, LintResult, Unverified } from '../engine/result.js';
import type { RuleMeta } from '../rules/define-rule.js';

export interface JunitOptions {
  /** Rules that ran: each input gets a passing test case for every rule without findings there. */
  readonly rules: readonly { readonly meta: RuleMeta<string> }[];
}

function xml(text: string): string {
  // XML 1.0 forbids most control characters even escaped; drop them.
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function place(e: Finding | Unverified): string {
  const loc = e.location.line === undefined ? e.location.file : `${e.location.file}:${e.location.line}:${e.location.column ?? 1}`;
  return `${loc} (${e.location.pointer || '/'})`;
}

/**
 * JUnit XML for CI test tabs (GitLab, Azure Pipelines, Jenkins): one test suite per input, one test
 * case per finding (failure), per unverified check or suppressed finding (skipped), and one passing
 * case per rule that found nothing in the input. Input errors are suites with an errored case.
 */
export function formatJunit(result: LintResult, options: JunitOptions): string {
  const files = new Set<string>(result.inputs.map((i) => i.path));
  for (const f of result.findings) files.add(f.resource.file);
  for (const u of result.unverified) files.add(u.resource.file);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const file of [...files].sort()) {
    const cases: string[] = [];
    let suiteFailures = 0;
    let suiteSkipped = 0;
    const fired = new Set<string>();
    for (const f of result.findings.filter((x) => x.resource.file === file)) {
      fired.add(f.ruleId);
      const name = xml(`${f.ruleId} ${f.resource.address}`);
      if (f.suppressed) {
        suiteSkipped += 1;
        cases.push(`    <testcase classname="${xml(f.ruleId)}" name="${name}" file="${xml(file)}">\n      <skipped message="${xml(`suppressed: ${f.suppressed.reason}`)}"/>\n    </testcase>`);
        continue;
      }
      suiteFailures += 1;
      const body = `${f.message}\nPull error: ${f.pullError}\nFix: ${f.remediation}\nAt: ${place(f)}`;
      cases.push(`    <testcase classname="${xml(f.ruleId)}" name="${name}" file="${xml(file)}">\n      <failure message="${xml(f.message)}" type="${xml(f.severity)}">${xml(body)}</failure>\n    </testcase>`);
    }
    for (const u of result.unverified.filter((x) => x.resource.file === file)) {
      fired.add(u.ruleId);
      suiteSkipped += 1;
      cases.push(`    <testcase classname="${xml(u.ruleId)}" name="${xml(`${u.ruleId} ${u.resource.address}`)}" file="${xml(file)}">\n      <skipped message="${xml(`unverified: ${u.reason}`)}"/>\n    </testcase>`);
    }
    if (result.inputs.some((i) => i.path === file)) {
      for (const { meta } of options.rules) {
        if (!fired.has(meta.id)) cases.push(`    <testcase classname="${xml(meta.id)}" name="${xml(`${meta.id} ${meta.title}`)}" file="${xml(file)}"/>`);
      }
    }
    tests += cases.length;
    failures += suiteFailures;
    skipped += suiteSkipped;
    suites.push(`  <testsuite name="${xml(file)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="${suiteSkipped}">\n${cases.join('\n')}${cases.length ? '\n' : ''}  </testsuite>`);
  }
  for (const e of result.errors) {
    tests += 1;
    suites.push(`  <testsuite name="${xml(e.path)}" tests="1" failures="0" errors="1" skipped="0">\n    <testcase classname="pullfix" name="read input" file="${xml(e.path)}">\n      <error message="${xml(e.message)}" type="input-error"/>\n    </testcase>\n  </testsuite>`);
  }
  const errors = result.errors.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="pullfix" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
}

import type { Finding, LintResult } from '../engine/result.js';
import type { Severity } from '../rules/define-rule.js';
import { ruleDocUrl } from './links.js';

export interface MarkdownOptions {
  readonly quiet: boolean;
}

const ICON: Record<Severity, string> = { error: '🔴', warning: '🟠', note: '🔵' };

/** Table cells: pipes and newlines would break the row. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, 'ˋ')}\``;
}

function where(f: Finding): string {
  const line = f.location.line === undefined ? '' : `:${f.location.line}`;
  return `${code(f.resource.address)}<br>${cell(f.location.file)}${line}`;
}

/**
 * A summary for `$GITHUB_STEP_SUMMARY` and pull-request comments: counts, a table of findings with
 * a link to each rule's page, the fixes in collapsible details, suppressed findings and notes.
 */
export function formatMarkdown(result: LintResult, options: MarkdownOptions): string {
  const active = result.findings.filter((f) => !f.suppressed && (!options.quiet || f.severity === 'error'));
  const suppressed = result.findings.filter((f) => f.suppressed);
  const count = (s: Severity): number => active.filter((f) => f.severity === s).length;
  const out: string[] = ['## pullfix', ''];
  const clean = active.length === 0 && result.errors.length === 0;
  out.push(clean
    ? `✅ No image-pull misconfiguration found in ${result.inputs.length} input${result.inputs.length === 1 ? '' : 's'}.`
    : `❌ **${count('error')}** error${count('error') === 1 ? '' : 's'}, **${count('warning')}** warning${count('warning') === 1 ? '' : 's'}, **${count('note')}** note${count('note') === 1 ? '' : 's'} in ${result.inputs.length} input${result.inputs.length === 1 ? '' : 's'}.`);
  out.push('', `${result.unverified.length} unverified · ${suppressed.length} suppressed · ${result.errors.length} input error${result.errors.length === 1 ? '' : 's'}`);
  if (result.errors.length > 0) {
    out.push('', '### Input errors', '');
    for (const e of result.errors) out.push(`- ${cell(e.message)}`);
  }
  if (active.length > 0) {
    out.push('', '| | Rule | Resource | Problem |', '|---|---|---|---|');
    for (const f of active) {
      out.push(`| ${ICON[f.severity]} ${f.severity} | [${f.ruleId}](${ruleDocUrl(f.ruleName)}) | ${where(f)} | ${cell(f.message)} |`);
    }
    out.push('', '<details><summary>How to fix</summary>', '');
    const seen = new Set<string>();
    for (const f of active) {
      if (seen.has(f.ruleId)) continue;
      seen.add(f.ruleId);
      out.push(`- **${f.ruleId}** (${cell(f.ruleName)}): ${cell(f.remediation)} Pods otherwise fail with ${code(f.pullError)}.`);
    }
    out.push('', '</details>');
  }
  if (!options.quiet && result.unverified.length > 0) {
    out.push('', `<details><summary>${result.unverified.length} check${result.unverified.length === 1 ? '' : 's'} could not be verified</summary>`, '');
    for (const u of result.unverified) out.push(`- **${u.ruleId}** ${code(u.resource.address)}: ${cell(u.reason)}`);
    out.push('', '</details>');
  }
  if (!options.quiet && suppressed.length > 0) {
    out.push('', `<details><summary>${suppressed.length} suppressed finding${suppressed.length === 1 ? '' : 's'}</summary>`, '');
    for (const f of suppressed) {
      const until = f.suppressed?.expires ? ` (until ${f.suppressed.expires})` : '';
      out.push(`- **${f.ruleId}** ${code(f.resource.address)}: ${cell(f.suppressed?.reason ?? '')}${until}`);
    }
    out.push('', '</details>');
  }
  const notes = result.notes ?? [];
  if (!options.quiet && notes.length > 0) {
    out.push('', '### Notes', '');
    for (const n of notes) out.push(`- ${cell(n.message)}`);
  }
  return `${out.join('\n')}\n`;
}

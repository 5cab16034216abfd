import type { Finding, LintResult, Unverified } from '../engine/result.js';
import type { Severity } from '../rules/define-rule.js';

export interface TextOptions {
  readonly color: boolean;
  /** Only errors, no unverified entries. */
  readonly quiet: boolean;
}

const COLORS = { red: 31, yellow: 33, blue: 34, gray: 90, bold: 1 } as const;

function paint(enabled: boolean, color: keyof typeof COLORS, text: string): string {
  return enabled ? `\u001b[${COLORS[color]}m${text}\u001b[0m` : text;
}

const SEVERITY_COLOR: Record<Severity, keyof typeof COLORS> = { error: 'red', warning: 'yellow', note: 'blue' };

function where(f: { resource: { address: string; displayPath?: string }; path: readonly (string | number)[] }): string {
  const attr = f.path.length > 0 ? ` › ${f.path.join('.')}` : '';
  const construct = f.resource.displayPath ? ` (${f.resource.displayPath})` : '';
  return `${f.resource.address}${construct}${attr}`;
}

function findingLines(f: Finding, o: TextOptions): string[] {
  const lines = [
    `  ${paint(o.color, SEVERITY_COLOR[f.severity], f.severity.padEnd(7))} ${paint(o.color, 'bold', f.ruleId)}  ${where(f)}`,
    `    ${f.message}`,
    `    ${paint(o.color, 'gray', 'pull error:')} ${f.pullError}`,
    `    ${paint(o.color, 'gray', 'fix:')} ${f.remediation}`,
  ];
  for (const r of f.related) lines.push(`    ${paint(o.color, 'gray', 'see:')} ${r.resource.address} — ${r.note}`);
  return lines;
}

function unverifiedLines(u: Unverified, o: TextOptions): string[] {
  return [`  ${paint(o.color, 'gray', 'unverified')} ${u.ruleId}  ${where(u)}`, `    ${u.reason}`];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The report for people: grouped by input file, then a summary line. */
export function formatText(result: LintResult, options: TextOptions): string {
  const out: string[] = [];
  for (const e of result.errors) out.push(`${paint(options.color, 'red', 'input error')} ${e.message}`);
  const files = new Map<string, string[]>();
  const section = (file: string): string[] => {
    let lines = files.get(file);
    if (!lines) files.set(file, (lines = []));
    return lines;
  };
  for (const f of result.findings) {
    if (options.quiet && f.severity !== 'error') continue;
    section(f.resource.file).push(...findingLines(f, options));
  }
  if (!options.quiet) for (const u of result.unverified) section(u.resource.file).push(...unverifiedLines(u, options));
  for (const [file, lines] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push('', paint(options.color, 'bold', file), ...lines);
  }
  const count = (s: Severity): number => result.findings.filter((f) => f.severity === s).length;
  const summary = [
    plural(count('error'), 'error'),
    plural(count('warning'), 'warning'),
    plural(count('note'), 'note'),
    `${result.unverified.length} unverified`,
    plural(result.inputs.length, 'input'),
  ];
  if (result.errors.length > 0) summary.push(plural(result.errors.length, 'input error'));
  out.push('', `${result.findings.length === 0 && result.errors.length === 0 ? '✔' : '✖'} ${summary.join(', ')}`);
  return `${out.join('\n').replace(/^\n/, '')}\n`;
}

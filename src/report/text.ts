import type { Finding, LintResult, Unverified } from '../engine/result.js';
import type { Severity } from '../rules/define-rule.js';

export interface TextOptions {
  readonly color: boolean;
  /** Only errors: no warnings, notes, unverified entries, suppressed findings or run notes. */
  readonly quiet: boolean;
  /** Input errors already went to standard error: count them in the summary, do not repeat them. */
  readonly omitErrors?: boolean;
}

const COLORS = { red: 31, yellow: 33, blue: 34, gray: 90, bold: 1 } as const;

function paint(enabled: boolean, color: keyof typeof COLORS, text: string): string {
  return enabled ? `\u001b[${COLORS[color]}m${text}\u001b[0m` : text;
}

const SEVERITY_COLOR: Record<Severity, keyof typeof COLORS> = { error: 'red', warning: 'yellow', note: 'blue' };

function where(f: Finding | Unverified): string {
  const attr = f.path.length > 0 ? ` › ${f.path.join('.')}` : '';
  const construct = f.resource.displayPath ? ` (${f.resource.displayPath})` : '';
  const line = f.location.line === undefined ? '' : `  ${f.location.file}:${f.location.line}:${f.location.column ?? 1}`;
  return `${f.resource.address}${construct}${attr}${line}`;
}

function findingLines(f: Finding, o: TextOptions): string[] {
  if (f.suppressed) {
    const until = f.suppressed.expires ? `, until ${f.suppressed.expires}` : '';
    return [
      `  ${paint(o.color, 'gray', 'suppressed')} ${f.ruleId}  ${where(f)}`,
      `    ${paint(o.color, 'gray', `${f.suppressed.reason} (${f.suppressed.source}: ${f.suppressed.origin}${until})`)}`,
    ];
  }
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

/** The report for people: input errors, then findings grouped by input file, run notes, a summary line. */
export function formatText(result: LintResult, options: TextOptions): string {
  const out: string[] = [];
  if (!options.omitErrors) for (const e of result.errors) out.push(`${paint(options.color, 'red', 'input error')} ${e.message}`);
  const files = new Map<string, string[]>();
  const section = (file: string): string[] => {
    let lines = files.get(file);
    if (!lines) files.set(file, (lines = []));
    return lines;
  };
  for (const f of result.findings) {
    if (options.quiet && (f.severity !== 'error' || f.suppressed)) continue;
    section(f.resource.file).push(...findingLines(f, options));
  }
  if (!options.quiet) for (const u of result.unverified) section(u.resource.file).push(...unverifiedLines(u, options));
  for (const [file, lines] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push('', paint(options.color, 'bold', file), ...lines);
  }
  const notes = options.quiet ? [] : result.notes ?? [];
  if (notes.length > 0) {
    out.push('');
    for (const n of notes) out.push(`${paint(options.color, 'yellow', 'note')} ${n.message}`);
  }
  const active = result.findings.filter((f) => !f.suppressed);
  const count = (s: Severity): number => active.filter((f) => f.severity === s).length;
  const summary = [
    plural(count('error'), 'error'),
    plural(count('warning'), 'warning'),
    plural(count('note'), 'note'),
    `${result.unverified.length} unverified`,
  ];
  const suppressed = result.findings.length - active.length;
  if (suppressed > 0) summary.push(`${suppressed} suppressed`);
  summary.push(plural(result.inputs.length, 'input'));
  if (result.errors.length > 0) summary.push(plural(result.errors.length, 'input error'));
  out.push('', `${active.length === 0 && result.errors.length === 0 ? '✔' : '✖'} ${summary.join(', ')}`);
  return `${out.join('\n').replace(/^\n/, '')}\n`;
}

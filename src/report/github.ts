import type { LintResult } from '../engine/result.js';

export interface GithubOptions {
  /** Only error-level findings. */
  readonly quiet: boolean;
}

/** Workflow command data: %, CR and LF are escaped (actions/toolkit `escapeData`). */
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow command properties also escape `:` and `,` (actions/toolkit `escapeProperty`). */
function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(kind: 'error' | 'warning' | 'notice', props: Record<string, string | number | undefined>, message: string): string {
  const list = Object.entries(props)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${property(String(v))}`)
    .join(',');
  return `::${kind}${list ? ` ${list}` : ''}::${data(message)}`;
}

const KIND = { error: 'error', warning: 'warning', note: 'notice' } as const;

/**
 * GitHub Actions workflow commands: one annotation per finding on the input file and line
 * (`::error file=plan.json,line=12,col=5,title=PF-AWS-001 …::message`). Suppressed findings are not
 * annotated; unverified checks and run notes become notices.
 */
export function formatGithub(result: LintResult, options: GithubOptions): string {
  const lines: string[] = [];
  for (const e of result.errors) lines.push(command('error', { file: e.path, title: 'pullfix: input error' }, e.message));
  for (const f of result.findings) {
    if (f.suppressed || (options.quiet && f.severity !== 'error')) continue;
    lines.push(command(KIND[f.severity], {
      file: f.location.file,
      line: f.location.line,
      col: f.location.column,
      title: `${f.ruleId} ${f.ruleName} (${f.resource.address})`,
    }, `${f.message}\nPull error: ${f.pullError}\nFix: ${f.remediation}`));
  }
  if (!options.quiet) {
    for (const u of result.unverified) {
      lines.push(command('notice', { file: u.location.file, line: u.location.line, col: u.location.column, title: `${u.ruleId} unverified (${u.resource.address})` }, u.reason));
    }
    for (const n of result.notes ?? []) {
      lines.push(command(n.code.startsWith('suppression') ? 'warning' : 'notice', { file: n.file, title: `pullfix: ${n.code}` }, n.message));
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

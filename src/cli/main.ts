import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { lint } from '../engine/lint.js';
import type { LintResult } from '../engine/result.js';
import { formatJson } from '../report/json.js';
import { formatText } from '../report/text.js';
import { rules } from '../rules/index.js';
import type { Severity } from '../rules/define-rule.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_INPUT_ERROR } from './exit-codes.js';

declare const PULLFIX_VERSION: string | undefined;
const VERSION = typeof PULLFIX_VERSION === 'string' ? PULLFIX_VERSION : '0.0.0-dev';

const HELP = `pullfix ${VERSION} — stops image-pull failures (ErrImagePull, ImagePullBackOff) before merge

Usage:
  pullfix lint <path...> [options]   lint Terraform plans (terraform show -json), folders of them
  pullfix rules                      list the rules with id, severity and title

Options for lint:
  -f, --format <text|json>        output format (default: text)
  -o, --output <file>             write the report to a file instead of standard output
      --fail-on <level>           error | warning | note | never: lowest severity that fails (default: error)
  -q, --quiet                     report errors only, no warnings, notes or unverified entries
      --no-color                  no colors (also NO_COLOR=1); colors are used only on a terminal
  -v, --version                   print the version
  -h, --help                      print this help

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or input error.
`;

const FORMATS = ['text', 'json'] as const;
type Format = (typeof FORMATS)[number];
const FAIL_ON = ['error', 'warning', 'note', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];
const RANK: Record<Severity, number> = { error: 3, warning: 2, note: 1 };

class UsageError extends Error {}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

function exitCode(result: LintResult, failOn: FailOn): number {
  if (result.errors.length > 0) return EXIT_USAGE_OR_INPUT_ERROR;
  if (failOn === 'never') return EXIT_OK;
  const threshold = RANK[failOn];
  return result.findings.some((f) => RANK[f.severity] >= threshold) ? EXIT_FINDINGS : EXIT_OK;
}

function listRules(): string {
  const lines = rules.map((r) => `${r.meta.id.padEnd(11)} ${r.meta.severity.padEnd(8)} ${r.meta.name.padEnd(48)} ${r.meta.title}`);
  return `${lines.join('\n')}\n`;
}

function runLint(args: string[], stdout: NodeJS.WriteStream, env: NodeJS.ProcessEnv): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string', default: 'error' },
      quiet: { type: 'boolean', short: 'q', default: false },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean', default: false },
    },
  });
  const format: Format = oneOf(values.format, FORMATS, '--format');
  const failOn: FailOn = oneOf(values['fail-on'], FAIL_ON, '--fail-on');
  if (positionals.length === 0) throw new UsageError('lint needs at least one path (a plan JSON file or a folder)');
  const result = lint(positionals);
  const toTerminal = values.output === undefined && stdout.isTTY === true;
  const color = toTerminal && !values['no-color'] && env.NO_COLOR === undefined && values.color !== false;
  const report = format === 'json' ? formatJson(result) : formatText(result, { color, quiet: values.quiet });
  if (values.output !== undefined) {
    writeFileSync(values.output, report);
    // Input errors still reach the terminal when the report goes to a file.
    for (const e of result.errors) process.stderr.write(`pullfix: ${e.message}\n`);
  } else {
    stdout.write(report);
  }
  return exitCode(result, failOn);
}

/** argv → exit code; nothing else happens here. */
export function main(argv: string[], env: NodeJS.ProcessEnv = process.env): number {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      process.stdout.write(HELP);
      return command === undefined ? EXIT_USAGE_OR_INPUT_ERROR : EXIT_OK;
    }
    if (command === '-v' || command === '--version') {
      process.stdout.write(`${VERSION}\n`);
      return EXIT_OK;
    }
    if (command === 'rules') {
      process.stdout.write(listRules());
      return EXIT_OK;
    }
    if (command === 'lint') {
      if (rest.includes('-h') || rest.includes('--help')) {
        process.stdout.write(HELP);
        return EXIT_OK;
      }
      return runLint(rest, process.stdout, env);
    }
    throw new UsageError(`unknown command "${command}" (expected lint or rules; see pullfix --help)`);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`pullfix: ${(error as Error).message}\n`);
      return EXIT_USAGE_OR_INPUT_ERROR;
    }
    // An internal error is still one line; PULLFIX_DEBUG=1 shows the stack for bug reports.
    process.stderr.write(`pullfix: internal error: ${(error as Error).message}\n`);
    if (env.PULLFIX_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return EXIT_USAGE_OR_INPUT_ERROR;
  }
}

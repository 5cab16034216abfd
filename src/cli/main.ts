import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BaselineError, createBaseline, formatBaseline, readBaseline } from '../engine/baseline.js';
import { ConfigError, findConfig, loadConfig, type FailOn, type PullfixConfig } from '../engine/config.js';
import { lint, type LintOptions } from '../engine/lint.js';
import type { LintResult } from '../engine/result.js';
import { formatGithub } from '../report/github.js';
import { formatJson } from '../report/json.js';
import { formatJunit } from '../report/junit.js';
import { formatMarkdown } from '../report/markdown.js';
import { withPositions } from '../report/positions.js';
import { formatSarif } from '../report/sarif.js';
import { formatText } from '../report/text.js';
import type { AnyRule, Severity } from '../rules/define-rule.js';
import { rules as registeredRules } from '../rules/index.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_INPUT_ERROR } from './exit-codes.js';
import { HELP, VERSION } from './help.js';

export { VERSION };

const FORMATS = ['text', 'json', 'sarif', 'junit', 'github', 'markdown'] as const;
type Format = (typeof FORMATS)[number];
const FAIL_ON = ['error', 'warning', 'note', 'never'] as const;
const RANK: Record<Severity, number> = { error: 3, warning: 2, note: 1 };

/** Where the CLI writes and what it knows about its surroundings; injectable for tests. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

class UsageError extends Error {}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

export function exitCode(result: LintResult, failOn: FailOn): number {
  if (result.errors.length > 0) return EXIT_USAGE_OR_INPUT_ERROR;
  if (failOn === 'never') return EXIT_OK;
  const threshold = RANK[failOn];
  return result.findings.some((f) => !f.suppressed && RANK[f.severity] >= threshold) ? EXIT_FINDINGS : EXIT_OK;
}

function listRules(rules: readonly AnyRule[]): string {
  if (rules.length === 0) return 'no rules registered\n';
  const lines = rules.map((r) => `${r.meta.id.padEnd(11)} ${r.meta.severity.padEnd(8)} ${r.meta.name.padEnd(44)} ${r.meta.title}`);
  return `${lines.join('\n')}\n`;
}

/** The package's policies/ folder: next to dist/ when installed, at the repository root in development. */
function policiesDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i += 1) {
    const candidate = join(dir, 'policies', 'rules');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

function findRule(rules: readonly AnyRule[], key: string): AnyRule | undefined {
  const upper = key.toUpperCase();
  return rules.find((r) => r.meta.id === upper || r.meta.name === key);
}

/** The rule's page without front matter and generator markers; metadata alone when the page is missing. */
export function explainRule(rule: AnyRule): string {
  const dir = policiesDir();
  const file = dir ? join(dir, `${rule.meta.name}.md`) : undefined;
  if (file && existsSync(file)) {
    const text = readFileSync(file, 'utf8')
      .replace(/^---\n[\s\S]*?\n---\n+/, '')
      .replace(/^<!-- generated:[^>]*-->\n?/gm, '');
    return text.endsWith('\n') ? text : `${text}\n`;
  }
  const m = rule.meta;
  return [
    `# ${m.id} ${m.name}`, '', m.title, '',
    `Severity: ${m.severity}`, `Providers: ${m.providers.join(', ')}`, `Pull error: ${m.pullError}`, '',
    `How to fix: ${m.remediation}`, '', 'References:', ...m.references.map((r) => `- ${r}`), '',
  ].join('\n');
}

async function loadPlugins(paths: readonly string[], cwd: string): Promise<AnyRule[]> {
  const out: AnyRule[] = [];
  for (const path of paths) {
    let mod: { default?: unknown; rules?: unknown };
    try {
      mod = (await import(pathToFileURL(resolve(cwd, path)).href)) as typeof mod;
    } catch (error) {
      throw new UsageError(`${path}: cannot load plugin (${(error as Error).message.split('\n')[0]}); expected an ES module exporting a list of rules`);
    }
    const list = Array.isArray(mod.default) ? mod.default : Array.isArray(mod.rules) ? mod.rules : undefined;
    const valid = list?.every((r) => typeof r === 'object' && r !== null && typeof (r as AnyRule).check === 'function'
      && typeof (r as AnyRule).meta?.id === 'string' && typeof (r as AnyRule).meta?.name === 'string');
    if (!list || !valid) throw new UsageError(`${path}: not a pullfix plugin; expected a default export that is a list of rules made with defineRule`);
    out.push(...(list as AnyRule[]));
  }
  return out;
}

const LINT_OPTIONS = {
  format: { type: 'string', short: 'f', default: 'text' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  quiet: { type: 'boolean', short: 'q', default: false },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean', default: false },
  baseline: { type: 'string' },
  'changed-only': { type: 'boolean', default: false },
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean', default: false },
  plugin: { type: 'string', multiple: true, default: [] as string[] },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

interface Prepared {
  readonly rules: readonly AnyRule[];
  readonly config: PullfixConfig | undefined;
  readonly options: LintOptions;
}

async function prepare(values: { config?: string | undefined; 'no-config'?: boolean; plugin?: string[] }, io: CliIo): Promise<Prepared> {
  const rules = [...registeredRules, ...(await loadPlugins(values.plugin ?? [], io.cwd))];
  const ids = new Set<string>();
  for (const r of rules) {
    if (ids.has(r.meta.id)) throw new UsageError(`rule id ${r.meta.id} is defined twice (a plugin reuses a built-in id?)`);
    ids.add(r.meta.id);
  }
  let config: PullfixConfig | undefined;
  if (values.config !== undefined) config = loadConfig(values.config, rules);
  else if (!values['no-config']) {
    const found = findConfig(io.cwd);
    if (found) config = loadConfig(found, rules);
  }
  const options: LintOptions = config
    ? { rules, ...config.settings, include: config.include, exclude: config.exclude, suppressions: config.suppressions }
    : { rules };
  return { rules, config, options };
}

function render(format: Format, result: LintResult, rules: readonly AnyRule[], color: boolean, quiet: boolean, errorsElsewhere: boolean): string {
  switch (format) {
    case 'json': return formatJson(result);
    case 'sarif': return formatSarif(result, { rules, version: VERSION });
    case 'junit': return formatJunit(result, { rules });
    case 'github': return formatGithub(result, { quiet });
    case 'markdown': return formatMarkdown(result, { quiet });
    default: return formatText(result, { color, quiet, omitErrors: errorsElsewhere });
  }
}

function readForPositions(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function runLint(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: LINT_OPTIONS });
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  const format = oneOf(values.format, FORMATS, '--format');
  if (values['fail-on'] !== undefined) oneOf(values['fail-on'], FAIL_ON, '--fail-on');
  if (positionals.length === 0) throw new UsageError('lint needs at least one path (a plan JSON file, a template, a manifest or a folder)');
  const { rules, config, options } = await prepare(values, io);
  const failOn = (values['fail-on'] ?? config?.failOn ?? 'error') as FailOn;
  const baseline = values.baseline === undefined ? undefined : { baseline: readBaseline(values.baseline), file: values.baseline };
  const result = withPositions(
    lint(positionals, { ...options, ...(baseline ? { baseline } : {}), changedOnly: values['changed-only'] }),
    readForPositions,
  );
  // Input errors always reach standard error, one line each, whatever the format and destination.
  for (const e of result.errors) io.stderr.write(`pullfix: ${e.message}\n`);
  const toTerminal = values.output === undefined && io.stdout.isTTY === true;
  const color = toTerminal && !values['no-color'] && io.env.NO_COLOR === undefined && values.color !== false;
  const report = render(format, result, rules, color, values.quiet, format === 'text' && values.output === undefined);
  if (values.output !== undefined) writeFileSync(values.output, report);
  else io.stdout.write(report);
  return exitCode(result, failOn);
}

async function runBaseline(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o', default: '.pullfix-baseline.json' },
      config: LINT_OPTIONS.config,
      'no-config': LINT_OPTIONS['no-config'],
      plugin: LINT_OPTIONS.plugin,
    },
  });
  if (positionals.length === 0) throw new UsageError('baseline needs at least one path to lint');
  const { options } = await prepare(values, io);
  const result = lint(positionals, options);
  for (const e of result.errors) io.stderr.write(`pullfix: ${e.message}\n`);
  const baseline = createBaseline(result);
  writeFileSync(values.output, formatBaseline(baseline));
  const n = baseline.findings.length;
  io.stdout.write(`wrote ${n} finding${n === 1 ? '' : 's'} to ${values.output}\n`);
  return result.errors.length > 0 ? EXIT_USAGE_OR_INPUT_ERROR : EXIT_OK;
}

async function runRulesCommand(args: string[], io: CliIo, explain: boolean): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { plugin: LINT_OPTIONS.plugin } });
  const rules = [...registeredRules, ...(await loadPlugins(values.plugin, io.cwd))];
  if (!explain) {
    io.stdout.write(listRules(rules));
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('explain needs one rule id or name, e.g. pullfix explain PF-AWS-001');
  const rule = findRule(rules, positionals[0]!);
  if (!rule) throw new UsageError(`unknown rule "${positionals[0]}"; expected a rule id or name listed by "pullfix rules"`);
  io.stdout.write(explainRule(rule));
  return EXIT_OK;
}

const DEFAULT_IO: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };

/** argv → exit code. Every failure is one line on standard error; PULLFIX_DEBUG=1 adds stacks. */
export async function main(argv: string[], io: CliIo = DEFAULT_IO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      io.stdout.write(HELP);
      return command === undefined ? EXIT_USAGE_OR_INPUT_ERROR : EXIT_OK;
    }
    if (command === '-v' || command === '--version') {
      io.stdout.write(`${VERSION}\n`);
      return EXIT_OK;
    }
    if (command === 'rules') return await runRulesCommand(rest, io, false);
    if (command === 'explain') return await runRulesCommand(rest, io, true);
    if (command === 'baseline') return await runBaseline(rest, io);
    if (command === 'lint') return await runLint(rest, io);
    throw new UsageError(`unknown command "${command}"; expected lint, baseline, rules or explain (see pullfix --help)`);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof BaselineError || error instanceof UsageError
      || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      for (const line of (error as Error).message.split('\n')) io.stderr.write(`pullfix: ${line}\n`);
      return EXIT_USAGE_OR_INPUT_ERROR;
    }
    // An internal error is still one line; PULLFIX_DEBUG=1 shows the stack for bug reports.
    io.stderr.write(`pullfix: internal error: ${(error as Error).message}\n`);
    if (io.env.PULLFIX_DEBUG) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return EXIT_USAGE_OR_INPUT_ERROR;
  }
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ErrorObject } from 'ajv';
import { load as loadYaml } from 'js-yaml';
import { unescapePointerToken } from '../graph/json.js';
import type { AnyRule, Severity } from '../rules/define-rule.js';
import { CONFIG_SCHEMA } from './config-schema.js';
import { isGlob, matchesAddressGlob } from './glob.js';
import type { RuleSettings } from './run-rules.js';
import { isIsoDate, type Suppression } from './suppressions.js';

export const CONFIG_FILE_NAMES = ['.pullfix.yml', '.pullfix.yaml', '.pullfix.json'] as const;

export type FailOn = Severity | 'never';

/** The config file, checked and turned into engine settings. */
export interface PullfixConfig {
  readonly file: string;
  readonly settings: Required<Pick<RuleSettings, 'disabled' | 'severities' | 'options'>>;
  readonly failOn?: FailOn;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly suppressions: readonly Suppression[];
}

/** A config problem: one line naming the file, the key path and what was expected. */
export class ConfigError extends Error {}

interface RawConfig {
  rules?: Record<string, 'off' | 'on' | Severity>;
  options?: Record<string, Record<string, unknown>>;
  failOn?: FailOn;
  include?: string[];
  exclude?: string[];
  suppressions?: { rule: string; address?: string; file?: string; reason: string; expires?: string }[];
}

/** Looks for a config file in `cwd` and its parents; the nearest wins. */
export function findConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

let validator: ReturnType<AjvClass['compile']> | undefined;

/**
 * ajv is loaded only when a config file exists: it is a third of the bundle, and most runs (and
 * every `--version`) should not pay for parsing it. The package name goes through a variable so the
 * bundler leaves the require to run time (ajv is a runtime dependency of the package).
 */
function loadAjv(): typeof AjvClass {
  const name = 'ajv';
  return (createRequire(import.meta.url)(name) as { Ajv: typeof AjvClass }).Ajv;
}

function validate(doc: unknown): ErrorObject[] {
  validator ??= new (loadAjv())({ allErrors: true, strict: true }).compile(CONFIG_SCHEMA);
  return validator(doc) ? [] : [...(validator.errors ?? [])];
}

/** `/suppressions/0/reason` → `suppressions[0].reason`. */
export function keyPath(pointer: string, extra?: string): string {
  const tokens = pointer.split('/').slice(1).map(unescapePointerToken);
  if (extra !== undefined) tokens.push(extra);
  let out = '';
  for (const token of tokens) {
    if (/^\d+$/.test(token)) out += `[${token}]`;
    else out += out === '' ? token : `.${token}`;
  }
  return out === '' ? '(top level)' : out;
}

function schemaAt(pointer: string): Record<string, unknown> | undefined {
  // schemaPath is "#/properties/suppressions/items/properties/reason/pattern"; drop the keyword
  const tokens = pointer.replace(/^#\//, '').split('/').slice(0, -1);
  let node: unknown = CONFIG_SCHEMA;
  for (const token of tokens) node = (node as Record<string, unknown> | undefined)?.[token];
  return node as Record<string, unknown> | undefined;
}

function got(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function valueAt(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const token of pointer.split('/').slice(1)) node = (node as Record<string, unknown> | undefined)?.[unescapePointerToken(token)];
  return node;
}

/** One readable line per schema error: key path, what was expected, what was found. */
function describeError(error: ErrorObject, doc: unknown): string {
  const schema = schemaAt(error.schemaPath);
  const expected = typeof schema?.description === 'string' ? schema.description : undefined;
  const value = valueAt(doc, error.instancePath);
  switch (error.keyword) {
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const props = (schema?.properties ?? {}) as Record<string, { description?: string }>;
      return `${keyPath(error.instancePath, missing)}: missing; expected ${props[missing]?.description ?? 'a value'}`;
    }
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((schema?.properties ?? {}) as object).filter((k) => k !== '$schema');
      return `${keyPath(error.instancePath, extra)}: unknown key; expected one of ${allowed.join(', ')}`;
    }
    default:
      return `${keyPath(error.instancePath)}: expected ${expected ?? error.message ?? 'another value'} (got ${got(value)})`;
  }
}

function parseText(file: string, text: string): unknown {
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new ConfigError(`${file}: invalid JSON: ${(error as Error).message}`);
    }
  }
  try {
    return loadYaml(text) ?? {};
  } catch (error) {
    const first = ((error as Error).message ?? '').split('\n')[0];
    throw new ConfigError(`${file}: invalid YAML: ${first}`);
  }
}

/** Resolves a rule id or name to the rule; globs are allowed only where noted. */
function ruleFor(rules: readonly AnyRule[], key: string): AnyRule | undefined {
  return rules.find((r) => r.meta.id === key || r.meta.name === key);
}

function toIso(value: unknown): unknown {
  // YAML reads an unquoted 2026-12-31 as a timestamp; the schema wants the date text.
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value;
}

/**
 * Reads, validates (JSON Schema with ajv, then rule names against the registry) and resolves a config
 * file. Throws ConfigError listing every problem, one per line: `<file>: <key path>: expected …`.
 */
export function loadConfig(file: string, rules: readonly AnyRule[]): PullfixConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}; expected a pullfix config file (.pullfix.yml, .pullfix.yaml or .pullfix.json)`);
  }
  const doc = parseText(file, text);
  if (typeof doc === 'object' && doc !== null && Array.isArray((doc as RawConfig).suppressions)) {
    for (const s of (doc as { suppressions: Record<string, unknown>[] }).suppressions) {
      if (typeof s === 'object' && s !== null && 'expires' in s) s.expires = toIso(s.expires);
    }
  }
  const problems = validate(doc).map((e) => describeError(e, doc));
  const raw = (problems.length === 0 ? doc : {}) as RawConfig;
  const known = (key: string, where: string): AnyRule | undefined => {
    const rule = ruleFor(rules, key);
    if (!rule) problems.push(`${where}: unknown rule "${key}"; expected a rule id or name listed by "pullfix rules"`);
    return rule;
  };
  const disabled = new Set<string>();
  const severities = new Map<string, Severity>();
  const options = new Map<string, Record<string, unknown>>();
  for (const [key, level] of Object.entries(raw.rules ?? {})) {
    const rule = known(key, `rules.${key}`);
    if (!rule) continue;
    if (level === 'off') disabled.add(rule.meta.id);
    else if (level !== 'on') severities.set(rule.meta.id, level);
  }
  const everyRule = raw.options?.['*'] ?? {};
  for (const rule of rules) if (Object.keys(everyRule).length > 0) options.set(rule.meta.id, { ...everyRule });
  for (const [key, value] of Object.entries(raw.options ?? {})) {
    if (key === '*') continue;
    const rule = known(key, `options.${key}`);
    if (rule) options.set(rule.meta.id, { ...everyRule, ...value });
  }
  const suppressions: Suppression[] = [];
  (raw.suppressions ?? []).forEach((s, i) => {
    if (!isGlob(s.rule)) known(s.rule, `suppressions[${i}].rule`);
    else if (!rules.some((r) => matchesAddressGlob(s.rule, r.meta.id) || matchesAddressGlob(s.rule, r.meta.name))) {
      problems.push(`suppressions[${i}].rule: "${s.rule}" matches no rule; expected a rule id or name listed by "pullfix rules"`);
    }
    if (s.expires !== undefined && !isIsoDate(s.expires)) problems.push(`suppressions[${i}].expires: "${s.expires}" is not a calendar date; expected YYYY-MM-DD`);
    suppressions.push({ ...s, reason: s.reason.trim(), source: 'config', origin: file });
  });
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `${file}: ${p}`).join('\n'));
  const config: PullfixConfig = {
    file,
    settings: { disabled, severities, options },
    include: raw.include ?? [],
    exclude: raw.exclude ?? [],
    suppressions,
  };
  return raw.failOn === undefined ? config : { ...config, failOn: raw.failOn };
}

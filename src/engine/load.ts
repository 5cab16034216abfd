import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { INPUT_PARSERS } from '../inputs/registry.js';
import { InputError, type InputParser, type InputSource, type ParsedInput } from '../inputs/types.js';
import { matchesPathGlob } from './glob.js';
import type { Suppression } from './suppressions.js';

export interface LoadedInput {
  readonly path: string;
  readonly parsed: ParsedInput;
  /**
   * Suppressions the input itself carries (CDK acknowledgements read from a cloud assembly or handed
   * over in memory by the CDK integration, with source 'cdk').
   */
  readonly suppressions?: readonly Suppression[];
}

export interface LoadOptions {
  /** Path globs: files found inside folders are read only if they match one (all files when absent). */
  readonly include?: readonly string[];
  /** Path globs: files found inside folders that match one are skipped. */
  readonly exclude?: readonly string[];
}

export interface LoadOutcome {
  readonly loaded: LoadedInput[];
  readonly errors: { path: string; message: string }[];
}

/** Folders that never hold deploy inputs and can be huge. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.terraform', '.pulumi']);
const READABLE_EXTENSIONS = /\.(json|ya?ml|jsonl|template)$/i;

function expectedList(parsers: readonly InputParser[]): string {
  return parsers.map((p) => p.expected).join('; ');
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(path, 'no such file or directory');
    if (code === 'EACCES') throw new InputError(path, 'permission denied');
    if (code === 'ERR_STRING_TOO_LONG' || error instanceof RangeError) {
      throw new InputError(path, 'file is too large to read as text (over the JavaScript string limit of about 512 MB)');
    }
    throw new InputError(path, `cannot read file (${code ?? (error as Error).message})`);
  }
}

/** Describes a JSON syntax error the way people look for it: where, and whether the file was cut short. */
function jsonProblem(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  const truncated = /Unexpected end|end of JSON/i.test(detail);
  return truncated ? `invalid JSON: the document ends early (truncated file?): ${detail}` : `invalid JSON: ${detail}`;
}

/** Reads and parses one file; throws InputError with a one-line message. */
function loadFile(path: string, parsers: readonly InputParser[], quietIfUnknown: boolean): ParsedInput | undefined {
  const text = readText(path);
  if (text.trim() === '') {
    if (quietIfUnknown) return undefined;
    throw new InputError(path, `empty file; expected ${expectedList(parsers)}`);
  }
  const first = text.trimStart()[0];
  let json: unknown;
  let jsonError: string | undefined;
  if (first === '{' || first === '[') {
    try {
      json = JSON.parse(text);
    } catch (error) {
      jsonError = jsonProblem(error);
    }
  }
  const source: InputSource = json === undefined ? { path, text } : { path, text, json };
  const parser = parsers.find((p) => p.accepts(source));
  if (parser) return parser.parse(source);
  // A broken JSON file is reported even inside a folder: it is most likely a truncated plan.
  if (jsonError && !path.endsWith('.jsonl')) throw new InputError(path, jsonError);
  if (quietIfUnknown) return undefined;
  throw new InputError(path, `not a recognized input; expected ${expectedList(parsers)}`);
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(join(dir, entry.name), out);
    } else if (entry.isFile() && READABLE_EXTENSIONS.test(entry.name)) {
      out.push(join(dir, entry.name));
    }
  }
}

/**
 * Loads every input of a run. A bad input becomes one error line and the others are still read;
 * a folder is read file by file, skipping what no parser recognizes, unless a parser reads the
 * folder as a whole (a CDK cloud assembly).
 */
export function loadInputs(paths: readonly string[], parsers: readonly InputParser[] = INPUT_PARSERS, options: LoadOptions = {}): LoadOutcome {
  const { include, exclude } = options;
  const wanted = (file: string): boolean => (include === undefined || include.length === 0 || include.some((g) => matchesPathGlob(g, file)))
    && !(exclude ?? []).some((g) => matchesPathGlob(g, file));
  const loaded: LoadedInput[] = [];
  const errors: { path: string; message: string }[] = [];
  const attempt = (path: string, read: () => ParsedInput | undefined): void => {
    try {
      const parsed = read();
      if (parsed) loaded.push(parsed.suppressions ? { path, parsed, suppressions: parsed.suppressions } : { path, parsed });
    } catch (error) {
      if (error instanceof InputError) errors.push({ path: error.file, message: error.message });
      else errors.push({ path, message: `${path}: cannot be read: ${(error as Error).message}` });
    }
  };
  for (const path of paths) {
    let isDirectory = false;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      // a missing path is reported by loadFile with the parser list
    }
    if (!isDirectory) {
      attempt(path, () => loadFile(path, parsers, false));
      continue;
    }
    const whole = parsers.find((p) => p.acceptsDirectory?.(path));
    if (whole?.parseDirectory) {
      attempt(path, () => whole.parseDirectory!(path));
      continue;
    }
    const files: string[] = [];
    walk(path, files);
    const selected = files.filter(wanted);
    const before = loaded.length + errors.length;
    for (const file of selected) attempt(file, () => loadFile(file, parsers, true));
    if (loaded.length + errors.length === before) {
      errors.push({ path, message: `${path}: directory holds nothing pullfix reads; expected ${expectedList(parsers)}` });
    }
  }
  return { loaded, errors };
}

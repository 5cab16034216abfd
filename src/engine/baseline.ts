import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AttrPath } from '../graph/model.js';
import type { Finding, LintResult, RunNote } from './result.js';

/**
 * A finding's identity across runs: rule id, resource address within its input, attribute path.
 * The message, the severity, the line number and where the input file sits on disk are left out, so
 * rewording a message, reformatting a plan or linting it from another folder keeps the fingerprint.
 */
export function fingerprint(ruleId: string, address: string, path: AttrPath): string {
  return createHash('sha256').update(`${ruleId}\u0000${address}\u0000${path.join('/')}`).digest('hex').slice(0, 32);
}

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  readonly fingerprint: string;
  /** For people reading the file in review; matching uses only the fingerprint. */
  readonly ruleId: string;
  readonly address: string;
}

/** `.pullfix-baseline.json`: the findings accepted when pullfix was adopted. */
export interface Baseline {
  readonly version: typeof BASELINE_VERSION;
  readonly findings: readonly BaselineEntry[];
}

/** A baseline of today's findings (suppressed ones excluded: they are accepted elsewhere). */
export function createBaseline(result: LintResult): Baseline {
  const seen = new Set<string>();
  const findings: BaselineEntry[] = [];
  for (const f of result.findings) {
    if (f.suppressed) continue;
    const fp = f.fingerprint ?? fingerprint(f.ruleId, f.resource.address, f.path);
    if (seen.has(fp)) continue;
    seen.add(fp);
    findings.push({ fingerprint: fp, ruleId: f.ruleId, address: f.resource.address });
  }
  findings.sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return { version: BASELINE_VERSION, findings };
}

export function formatBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Thrown for a baseline file that cannot be used; the message is one line naming the file. */
export class BaselineError extends Error {}

export function readBaseline(path: string): Baseline {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BaselineError(`${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}; expected a baseline written by "pullfix baseline"`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${path}: invalid JSON (${(error as Error).message}); expected a baseline written by "pullfix baseline"`);
  }
  const d = doc as Partial<Baseline> | null;
  if (typeof d !== 'object' || d === null || d.version !== BASELINE_VERSION || !Array.isArray(d.findings)
    || !d.findings.every((e) => typeof e === 'object' && e !== null && typeof (e as BaselineEntry).fingerprint === 'string')) {
    throw new BaselineError(`${path}: not a pullfix baseline; expected {"version": 1, "findings": [{"fingerprint", "ruleId", "address"}]}`);
  }
  return d as Baseline;
}

/** Keeps only findings whose fingerprint the baseline does not hold; says how many were hidden and fixed. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline, file: string): { findings: Finding[]; notes: RunNote[] } {
  const known = new Set(baseline.findings.map((e) => e.fingerprint));
  const present = new Set<string>();
  const kept: Finding[] = [];
  for (const f of findings) {
    const fp = f.fingerprint ?? fingerprint(f.ruleId, f.resource.address, f.path);
    if (known.has(fp)) present.add(fp);
    else kept.push(f);
  }
  const notes: RunNote[] = [];
  const hidden = findings.length - kept.length;
  if (hidden > 0) notes.push({ code: 'baseline-hidden', message: `${hidden} known finding${hidden === 1 ? '' : 's'} hidden by the baseline`, file });
  const fixed = known.size - present.size;
  if (fixed > 0) {
    notes.push({ code: 'baseline-fixed', message: `${fixed} baseline entr${fixed === 1 ? 'y no longer matches' : 'ies no longer match'} a finding (fixed?); regenerate the baseline to drop ${fixed === 1 ? 'it' : 'them'}`, file });
  }
  return { findings: kept, notes };
}

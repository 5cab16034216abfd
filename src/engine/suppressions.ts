import type { ResourceGraph } from '../graph/graph.js';
import type { Resource } from '../graph/resource.js';
import { isGlob, matchesAddressGlob, matchesPathGlob } from './glob.js';
import type { AppliedSuppression, Finding, RunNote, SuppressionSource, Unverified } from './result.js';
import { isRecord } from '../graph/json.js';

/**
 * An accepted finding: which rule, on which resources, why, and until when. Every suppression needs
 * a reason (so reviews can judge it) and may carry an expiry date (so it cannot silently rot).
 */
export interface Suppression {
  /** Rule id or name; `*` and `?` globs allowed (`PF-AWS-*`). */
  readonly rule: string;
  /** Resource address glob (`module.eks.*`); every resource when absent. */
  readonly address?: string;
  /** Input file glob; every input when absent. */
  readonly file?: string;
  readonly reason: string;
  /** Last day (YYYY-MM-DD, UTC) the suppression applies; it stops suppressing the day after. */
  readonly expires?: string;
  readonly source: SuppressionSource;
  /** Where it is written, for messages: config file, tagged resource address, CDK construct path. */
  readonly origin: string;
}

const TAG_KEY = /^pullfix(?:\.dev\/|[:_-])suppress(?:[:_./-].*)?$/i;
const EXPIRES = /(?:^|\s)expires=(\d{4}-\d{2}-\d{2})\s*$/;

/** Whether `YYYY-MM-DD` is a real calendar date. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A suppression is expired once its `expires` day is over (UTC). */
export function isExpired(suppression: Pick<Suppression, 'expires'>, now: Date): boolean {
  if (suppression.expires === undefined) return false;
  return now.toISOString().slice(0, 10) > suppression.expires;
}

/**
 * Parses the value of a `pullfix:suppress` tag: `<rule> [<rule>…]: <reason> [expires=YYYY-MM-DD]`.
 * The syntax uses only characters AWS tag values allow (letters, digits, spaces, `_ . : / = + - @`),
 * so it can be written on any AWS or Azure resource. Returns a problem string when malformed.
 */
export function parseTagSuppression(value: string): { rules: string[]; reason: string; expires?: string } | string {
  const colon = value.indexOf(':');
  if (colon < 0) return 'expected "<RULE-ID>: <reason>"';
  const rules = value.slice(0, colon).split(/[\s+]+/).filter((r) => r !== '');
  let reason = value.slice(colon + 1).trim();
  let expires: string | undefined;
  const match = EXPIRES.exec(reason);
  if (match) {
    expires = match[1]!;
    reason = reason.slice(0, match.index).trim();
    if (!isIsoDate(expires)) return `expires=${expires} is not a date (expected expires=YYYY-MM-DD)`;
  }
  if (rules.length === 0) return 'no rule id before ":" (expected "<RULE-ID>: <reason>")';
  if (reason === '') return 'no reason after ":" (a reason is mandatory)';
  return expires === undefined ? { rules, reason } : { rules, reason, expires };
}

/** Tag-like maps a resource carries: AWS/Azure `tags`, GCP-style `labels`, Kubernetes annotations and labels. */
function tagMaps(resource: Resource): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const attrs = resource.attrs;
  for (const name of ['tags', 'labels']) {
    const value = attrs[name];
    if (isRecord(value)) out.push(value);
    else if (Array.isArray(value)) {
      // CloudFormation-style [{Key, Value}] lists, in case a parser keeps them
      const map: Record<string, unknown> = {};
      for (const item of value) {
        if (!isRecord(item)) continue;
        const key = item.Key ?? item.key;
        if (typeof key === 'string') map[key] = item.Value ?? item.value;
      }
      out.push(map);
    }
  }
  const metadata = Array.isArray(attrs.metadata) ? attrs.metadata[0] : attrs.metadata;
  if (isRecord(metadata)) {
    if (isRecord(metadata.annotations)) out.push(metadata.annotations);
    if (isRecord(metadata.labels)) out.push(metadata.labels);
  }
  return out;
}

/**
 * Suppressions written on the resources themselves (`pullfix:suppress = "PF-AWS-012: reason"` in
 * `tags`, or a `pullfix.dev/suppress` Kubernetes annotation). One pass over the graph, a property
 * lookup per resource. Malformed tags become notes instead of silently doing nothing.
 */
export function suppressionsFromResources(graph: ResourceGraph): { suppressions: Suppression[]; notes: RunNote[] } {
  const suppressions: Suppression[] = [];
  const notes: RunNote[] = [];
  for (const resource of graph.all()) {
    const attrs = resource.attrs;
    if (attrs.tags === undefined && attrs.labels === undefined && attrs.metadata === undefined) continue;
    for (const map of tagMaps(resource)) {
      for (const [key, value] of Object.entries(map)) {
        if (!TAG_KEY.test(key) || typeof value !== 'string') continue;
        const parsed = parseTagSuppression(value);
        if (typeof parsed === 'string') {
          notes.push({
            code: 'input-warning',
            message: `${resource.address}: tag "${key}" ignored: ${parsed}`,
            file: resource.input.path,
          });
          continue;
        }
        for (const rule of parsed.rules) {
          const base = { rule, address: resource.address, file: resource.input.path, reason: parsed.reason, source: 'terraform' as const, origin: `tag ${key} of ${resource.address}` };
          suppressions.push(parsed.expires === undefined ? base : { ...base, expires: parsed.expires });
        }
      }
    }
  }
  return { suppressions, notes };
}

function describe(s: Suppression): string {
  if (s.source === 'terraform') return `suppression of ${s.rule} in ${s.origin}`;
  const scope = s.address === undefined ? 'every resource' : s.address;
  return `suppression of ${s.rule} on ${scope} (${s.source === 'config' ? s.origin : `CDK acknowledgement at ${s.origin}`})`;
}

function matches(s: Suppression, entry: { ruleId: string; ruleName: string; resource: { address: string; file: string } }): boolean {
  const ruleOk = isGlob(s.rule)
    ? matchesAddressGlob(s.rule, entry.ruleId) || matchesAddressGlob(s.rule, entry.ruleName)
    : s.rule === entry.ruleId || s.rule === entry.ruleName;
  if (!ruleOk) return false;
  if (s.address !== undefined && !matchesAddressGlob(s.address, entry.resource.address)) return false;
  if (s.file !== undefined && s.file !== entry.resource.file && !matchesPathGlob(s.file, entry.resource.file)) return false;
  return true;
}

/** The file a note about a suppression points at: the config file, or the input carrying the tag. */
function noteFile(s: Suppression): { file?: string } {
  if (s.source === 'config') return { file: s.origin };
  return s.file !== undefined && !isGlob(s.file) ? { file: s.file } : {};
}

function applied(s: Suppression): AppliedSuppression {
  const base = { source: s.source, reason: s.reason, origin: s.origin };
  return s.expires === undefined ? base : { ...base, expires: s.expires };
}

/**
 * Marks suppressed findings (they stay in the result, flagged, and stop counting for the exit code).
 * Expired suppressions suppress nothing and produce a note; suppressions that match no finding and
 * no unverified entry produce a note too, so stale ones get cleaned up.
 */
export function applySuppressions(
  findings: readonly Finding[],
  unverified: readonly Unverified[],
  suppressions: readonly Suppression[],
  now: Date,
): { findings: Finding[]; notes: RunNote[] } {
  if (suppressions.length === 0) return { findings: [...findings], notes: [] };
  const notes: RunNote[] = [];
  const active: Suppression[] = [];
  for (const s of suppressions) {
    if (isExpired(s, now)) {
      const hits = findings.filter((f) => matches(s, f)).length;
      notes.push({
        code: 'suppression-expired',
        message: `${describe(s)} expired on ${s.expires}; ${hits === 1 ? '1 finding is' : `${hits} findings are`} reported again (reason was: ${s.reason})`,
        ...noteFile(s),
      });
    } else {
      active.push(s);
    }
  }
  const used = new Set<Suppression>();
  const out = findings.map((f) => {
    // Every matching suppression counts as used; the first one (config before tags) is shown.
    const all = active.filter((candidate) => matches(candidate, f));
    if (all.length === 0) return f;
    for (const s of all) used.add(s);
    return { ...f, suppressed: applied(all[0]!) };
  });
  for (const s of active) {
    if (used.has(s) || unverified.some((u) => matches(s, u))) continue;
    notes.push({ code: 'suppression-unused', message: `${describe(s)} matches no finding; remove it`, ...noteFile(s) });
  }
  return { findings: out, notes };
}

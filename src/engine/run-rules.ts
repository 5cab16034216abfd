import type { ResourceGraph } from '../graph/graph.js';
import type { AttrPath } from '../graph/model.js';
import type { Resource } from '../graph/resource.js';
import type {
  AnyRule, CannotVerifyDescriptor, RelatedLocation, ReportDescriptor, Severity,
} from '../rules/define-rule.js';
import type { Finding, RelatedRef, ResourceRef, Unverified } from './result.js';

export interface RuleSettings {
  /** Rule ids or names switched off. */
  readonly disabled?: ReadonlySet<string>;
  /** Severity overrides by rule id. */
  readonly severities?: ReadonlyMap<string, Severity>;
  /** Options by rule id, merged over the rule's defaultOptions. */
  readonly options?: ReadonlyMap<string, Record<string, unknown>>;
  readonly now?: Date;
}

export function resourceRef(resource: Resource): ResourceRef {
  const ref: ResourceRef = {
    address: resource.address,
    type: resource.nativeType,
    kind: resource.kind ?? null,
    file: resource.input.path,
    action: resource.action,
  };
  return resource.displayPath === undefined ? ref : { ...ref, displayPath: resource.displayPath };
}

function relatedRefs(related: readonly RelatedLocation[] | undefined): RelatedRef[] {
  return (related ?? []).map((r) => ({
    resource: resourceRef(r.resource),
    path: r.path ?? [],
    location: r.path ? r.resource.locOf(r.path) : r.resource.loc,
    note: r.note,
  }));
}

/** A message template split once into literal text and placeholders (`[text, whole, key, text, …]`). */
const TEMPLATES = new Map<string, readonly string[]>();

function templateParts(template: string): readonly string[] {
  let parts = TEMPLATES.get(template);
  if (!parts) {
    const out: string[] = [];
    let last = 0;
    for (const match of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
      out.push(template.slice(last, match.index), match[0], match[1]!);
      last = match.index + match[0].length;
    }
    out.push(template.slice(last));
    parts = out;
    if (TEMPLATES.size >= 4096) TEMPLATES.clear(); // plugin rules in long-running hosts stay bounded
    TEMPLATES.set(template, parts);
  }
  return parts;
}

/** Fills {{placeholders}}; a placeholder without data is a rule bug and is left visible for tests to catch. */
export function renderMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  const parts = templateParts(template);
  let out = parts[0]!;
  for (let k = 1; k < parts.length; k += 3) {
    const value = data?.[parts[k + 1]!];
    out += (value === undefined ? parts[k]! : String(value)) + parts[k + 2]!;
  }
  return out;
}

function pathKey(path: AttrPath): string {
  return path.join('.');
}

/** Runs every enabled rule over the graph; findings and unverified entries are de-duplicated. */
export function runRules(
  graph: ResourceGraph,
  rules: readonly AnyRule[],
  settings: RuleSettings = {},
): { findings: Finding[]; unverified: Unverified[] } {
  const findings: Finding[] = [];
  const unverified: Unverified[] = [];
  const now = settings.now ?? new Date();
  for (const rule of rules) {
    const { meta } = rule;
    if (settings.disabled?.has(meta.id) || settings.disabled?.has(meta.name)) continue;
    const seen = new Set<string>();
    const override = settings.severities?.get(meta.id);
    const options = { ...(rule.defaultOptions ?? {}), ...(settings.options?.get(meta.id) ?? {}) };
    rule.check({
      graph,
      options,
      now,
      report(d: ReportDescriptor<string>) {
        const path = d.path ?? [];
        const message = renderMessage(meta.messages[d.messageId] ?? d.messageId, d.data);
        const key = `F\u0000${d.resource.key}\u0000${pathKey(path)}\u0000${message}`;
        if (seen.has(key)) return;
        seen.add(key);
        findings.push({
          ruleId: meta.id,
          ruleName: meta.name,
          severity: override ?? d.severity ?? meta.severity,
          message,
          pullError: meta.pullError,
          remediation: meta.remediation,
          resource: resourceRef(d.resource),
          path,
          location: d.path ? d.resource.locOf(d.path) : d.resource.loc,
          related: relatedRefs(d.related),
        });
      },
      cannotVerify(d: CannotVerifyDescriptor) {
        const path = d.path ?? [];
        const key = `U\u0000${d.resource.key}\u0000${pathKey(path)}\u0000${d.reason}`;
        if (seen.has(key)) return;
        seen.add(key);
        unverified.push({
          ruleId: meta.id,
          ruleName: meta.name,
          reason: d.reason,
          resource: resourceRef(d.resource),
          path,
          location: d.path ? d.resource.locOf(d.path) : d.resource.loc,
          related: relatedRefs(d.related),
        });
      },
    });
  }
  return { findings, unverified };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deterministic order: file, rule id, address, attribute path, message. Sorts in place. */
export function sortEntries<T extends { ruleId: string; resource: ResourceRef; path: AttrPath }>(
  entries: T[],
  text: (entry: T) => string,
): T[] {
  // Path keys are computed once per entry, not once per comparison (a run may have many entries).
  const paths = new Map<T, string>();
  for (const e of entries) paths.set(e, pathKey(e.path));
  return entries.sort((a, b) => compare(a.resource.file, b.resource.file)
    || compare(a.ruleId, b.ruleId)
    || compare(a.resource.address, b.resource.address)
    || compare(paths.get(a)!, paths.get(b)!)
    || compare(text(a), text(b)));
}

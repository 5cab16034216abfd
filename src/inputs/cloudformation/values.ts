import type { AttrPath, Link, UnknownReason } from '../../graph/model.js';
import { linkKey } from '../../graph/resource.js';

/**
 * Symbolic values of the CloudFormation evaluator.
 *
 * A template value is evaluated into plain JSON where everything is known, with two markers where it
 * is not: `Unknown` (the value cannot be computed from the templates: a deploy-time attribute, an
 * undecidable condition, an import from outside the assembly) and `Linked` (a known value that also
 * came through a Ref/GetAtt, so the link is kept for `graph.resolve`). Both carry the links of every
 * Ref/GetAtt they were computed from, which become `Resource.links` of the attribute that holds them.
 */
export class Unknown {
  constructor(readonly why: UnknownReason, readonly links: readonly Link[], readonly pseudo?: string) {}
}

export class Linked {
  constructor(readonly value: unknown, readonly links: readonly Link[]) {}
}

export type Sym = Unknown | Linked;

export function isSym(value: unknown): value is Sym {
  return value instanceof Unknown || value instanceof Linked;
}

/** A template object that is not one of the symbolic values above. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isSym(value);
}

/** Every link found anywhere in a value. */
export function linksIn(value: unknown, out: Link[] = []): Link[] {
  if (value instanceof Unknown || value instanceof Linked) {
    for (const link of value.links) {
      if (!out.some((l) => l.address === link.address && linkKey(l.attribute) === linkKey(link.attribute))) out.push(link);
    }
    if (value instanceof Linked) linksIn(value.value, out);
  } else if (Array.isArray(value)) {
    for (const item of value) linksIn(item, out);
  } else if (isRecord(value)) {
    for (const item of Object.values(value)) linksIn(item, out);
  }
  return out;
}

/** The most telling reason among the unknown parts of a value (external > intrinsic > computed). */
export function unknownReasonIn(value: unknown): UnknownReason | undefined {
  let found: UnknownReason | undefined;
  const rank: Record<UnknownReason, number> = { computed: 1, intrinsic: 2, external: 3, secret: 4 };
  const visit = (v: unknown): void => {
    if (v instanceof Unknown) {
      if (found === undefined || rank[v.why] > rank[found]) found = v.why;
    } else if (v instanceof Linked) visit(v.value);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (isRecord(v)) Object.values(v).forEach(visit);
  };
  visit(value);
  return found;
}

/** Whether a value holds an Unknown anywhere. */
export function hasUnknown(value: unknown): boolean {
  if (value instanceof Unknown) return true;
  if (value instanceof Linked) return hasUnknown(value.value);
  if (Array.isArray(value)) return value.some(hasUnknown);
  if (isRecord(value)) return Object.values(value).some(hasUnknown);
  return false;
}

/** The plain value with Linked markers removed; `undefined` when any part is unknown. */
export function plain(value: unknown): unknown {
  if (value instanceof Unknown) return undefined;
  if (value instanceof Linked) return plain(value.value);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const p = plain(item);
      if (p === undefined && item !== undefined) return undefined;
      out.push(p);
    }
    return out;
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const p = plain(item);
      if (p === undefined && item !== undefined) return undefined;
      out[key] = p;
    }
    return out;
  }
  return value;
}

/** A value made of parts: unknown if any part is, else known (Linked when a part was). */
export function combine(parts: readonly unknown[], make: (values: unknown[]) => unknown): unknown {
  const links = linksIn(parts);
  if (parts.some(hasUnknown)) {
    // A lone unknown partition inside an AWS-managed policy ARN does not matter: see partitionFallback.
    return new Unknown(unknownReasonIn(parts) ?? 'intrinsic', links);
  }
  const value = make(parts.map(plain));
  return links.length > 0 ? new Linked(value, links) : value;
}

/**
 * A policy document (or any JSON object) as Terraform keeps it: a JSON string. Unknown parts make
 * the whole string unknown, with the links of the references inside it (Terraform does the same for
 * `jsonencode` of unknown values).
 */
export function jsonString(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && !isSym(value)) return value;
  if (value instanceof Linked && typeof value.value === 'string') return value;
  return combine([value], ([v]) => JSON.stringify(v));
}

/** Result of materializing a normalized object: attrs, the unknown mirror and the links by attribute. */
export interface Materialized {
  readonly attrs: Record<string, unknown>;
  readonly unknown: unknown;
  readonly links: Map<string, Link[]>;
}

/**
 * Turns a normalized object holding symbolic values into what ResourceInit wants: plain attrs
 * (unknown leaves become null), the `unknown` mirror in Terraform's `after_unknown` shape (with the
 * reason as marker) and the links keyed by attribute path.
 */
export function materialize(value: Record<string, unknown>): Materialized {
  const links = new Map<string, Link[]>();
  const addLinks = (path: AttrPath, found: readonly Link[]): void => {
    if (found.length === 0) return;
    const key = linkKey(path);
    const list = links.get(key) ?? [];
    for (const link of found) {
      if (!list.some((l) => l.address === link.address && linkKey(l.attribute) === linkKey(link.attribute))) list.push(link);
    }
    links.set(key, list);
  };
  const walk = (v: unknown, path: (string | number)[]): { value: unknown; unknown: unknown } => {
    if (v instanceof Unknown) {
      addLinks(path, v.links);
      return { value: null, unknown: v.why };
    }
    if (v instanceof Linked) {
      addLinks(path, v.links);
      return walk(v.value, path);
    }
    if (Array.isArray(v)) {
      const values: unknown[] = [];
      const mirror: unknown[] = [];
      let any = false;
      v.forEach((item, i) => {
        const r = walk(item, [...path, i]);
        values.push(r.value);
        mirror.push(r.unknown ?? false);
        if (r.unknown !== undefined) any = true;
      });
      return { value: values, unknown: any ? mirror : undefined };
    }
    if (isRecord(v)) {
      const values: Record<string, unknown> = {};
      const mirror: Record<string, unknown> = {};
      let any = false;
      for (const [key, item] of Object.entries(v)) {
        if (item === undefined) continue;
        const r = walk(item, [...path, key]);
        values[key] = r.value;
        if (r.unknown !== undefined) {
          mirror[key] = r.unknown;
          any = true;
        }
      }
      return { value: values, unknown: any ? mirror : undefined };
    }
    return { value: v, unknown: undefined };
  };
  const result = walk(value, []);
  return { attrs: result.value as Record<string, unknown>, unknown: result.unknown, links };
}

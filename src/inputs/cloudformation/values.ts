import type { Link, UnknownReason } from '../../graph/model.js';
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

/** Identity of a link for de-duplication: the address and the attribute it names. */
const identityOf = (link: Link): string => `${link.address}\u0000${linkKey(link.attribute)}`;

/** Appends links not yet in `out` (`seen` holds the identities of those already there). */
function addUnique(out: Link[], seen: Set<string>, links: readonly Link[]): void {
  for (const link of links) {
    const id = identityOf(link);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(link);
  }
}

const RANK: Record<UnknownReason, number> = { computed: 1, intrinsic: 2, external: 3, secret: 4 };

/** What one walk over a value finds: its links (each once), whether it holds any marker, the most telling unknown reason. */
interface Summary {
  readonly links: Link[];
  readonly symbolic: boolean;
  readonly unknown: UnknownReason | undefined;
}

function summarize(value: unknown): Summary {
  const links: Link[] = [];
  const seen = new Set<string>();
  let symbolic = false;
  let unknown: UnknownReason | undefined;
  const visit = (v: unknown): void => {
    if (v instanceof Unknown) {
      symbolic = true;
      if (unknown === undefined || RANK[v.why] > RANK[unknown]) unknown = v.why;
      addUnique(links, seen, v.links);
    } else if (v instanceof Linked) {
      symbolic = true;
      addUnique(links, seen, v.links);
      visit(v.value);
    } else if (Array.isArray(v)) {
      for (const item of v) visit(item);
    } else if (isRecord(v)) {
      for (const key in v) visit(v[key]);
    }
  };
  visit(value);
  return { links, symbolic, unknown };
}

/** Every link found anywhere in a value, each once. */
export function linksIn(value: unknown): Link[] {
  return summarize(value).links;
}

/** The most telling reason among the unknown parts of a value (secret > external > intrinsic > computed). */
export function unknownReasonIn(value: unknown): UnknownReason | undefined {
  return summarize(value).unknown;
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
  const { links, symbolic, unknown } = summarize(parts);
  if (unknown !== undefined) return new Unknown(unknown, links);
  // Without any marker the parts are plain JSON already; otherwise strip the Linked markers.
  const value = make(symbolic ? parts.map(plain) : [...parts]);
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
  const seenByKey = new Map<string, Set<string>>();
  // The path is one array pushed and popped along the walk; a key is built only where links are.
  const path: (string | number)[] = [];
  const addLinks = (found: readonly Link[]): void => {
    if (found.length === 0) return;
    const key = linkKey(path);
    let list = links.get(key);
    let seen = seenByKey.get(key);
    if (!list || !seen) {
      links.set(key, (list = []));
      seenByKey.set(key, (seen = new Set()));
    }
    addUnique(list, seen, found);
  };
  let unknownAt: unknown;
  /** The plain value of `v`; sets `unknownAt` to its `after_unknown` mirror (undefined when fully known). */
  const walk = (v: unknown): unknown => {
    if (v instanceof Unknown) {
      addLinks(v.links);
      unknownAt = v.why;
      return null;
    }
    if (v instanceof Linked) {
      addLinks(v.links);
      return walk(v.value);
    }
    if (Array.isArray(v)) {
      const values: unknown[] = new Array(v.length);
      let mirror: unknown[] | undefined;
      for (let i = 0; i < v.length; i += 1) {
        path.push(i);
        values[i] = walk(v[i]);
        path.pop();
        if (unknownAt !== undefined) {
          mirror ??= new Array(v.length).fill(false);
          mirror[i] = unknownAt;
        }
      }
      unknownAt = mirror;
      return values;
    }
    if (isRecord(v)) {
      const values: Record<string, unknown> = {};
      let mirror: Record<string, unknown> | undefined;
      for (const key in v) {
        const item = v[key];
        if (item === undefined) continue;
        path.push(key);
        values[key] = walk(item);
        path.pop();
        if (unknownAt !== undefined) (mirror ??= {})[key] = unknownAt;
      }
      unknownAt = mirror;
      return values;
    }
    unknownAt = undefined;
    return v;
  };
  const attrs = walk(value) as Record<string, unknown>;
  return { attrs, unknown: unknownAt, links };
}

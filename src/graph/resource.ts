import type { ResourceKind } from './kinds.js';
import type {
  AttrPath, InputFormat, Link, Location, PlannedAction, ResourceContext, ResourceInit, UnknownReason, Value,
} from './model.js';
import { isRecord } from './json.js';

/** The input file a resource came from. */
export interface InputRef {
  readonly index: number;
  readonly path: string;
  readonly format: InputFormat;
}

const NO_LINKS: readonly Link[] = [];
const NO_CONTEXT: ResourceContext = Object.freeze({});

/** RFC 6901 escaping of one pointer token. */
export function pointerToken(step: string | number): string {
  if (typeof step === 'number') return String(step);
  // Fast path: most keys need no escaping, and this runs for every attribute read.
  if (step.indexOf('~') < 0 && step.indexOf('/') < 0) return step;
  return step.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Links are keyed by attribute path without list positions: blocks and lists share one expression. */
export function linkKey(path: AttrPath): string {
  if (path.length === 1 && typeof path[0] === 'string') return path[0];
  let out = '';
  for (const step of path) {
    if (typeof step !== 'string') continue;
    out = out === '' ? step : `${out}.${step}`;
  }
  return out;
}

/** Whether a sensitivity mirror marks anything below it. */
function containsTrue(marker: unknown): boolean {
  if (marker === true) return true;
  if (Array.isArray(marker)) return marker.some(containsTrue);
  if (isRecord(marker)) return Object.values(marker).some(containsTrue);
  return false;
}

/**
 * One resource of the post-deploy graph. Attribute reads are lazy: a parser hands over the raw
 * normalized object and its unknown mirror, and values (with their locations) are built only for
 * what a rule reads.
 */
export class Resource {
  /** Unique within the graph: input index + address. */
  readonly key: string;
  readonly address: string;
  readonly kind: ResourceKind | undefined;
  readonly nativeType: string;
  readonly mode: 'managed' | 'data';
  readonly action: PlannedAction;
  readonly input: InputRef;
  readonly displayPath: string | undefined;
  readonly attrs: Readonly<Record<string, unknown>>;
  /** Provider context (AWS region/account, Azure subscription) when the input states it. */
  readonly context: ResourceContext;
  readonly #unknown: unknown;
  readonly #sensitive: unknown;
  readonly #unknownReason: UnknownReason;
  readonly #pointer: string;
  readonly #file: string | undefined;
  readonly #pointerOf: ((path: AttrPath) => string) | undefined;
  readonly #links: ReadonlyMap<string, readonly Link[]>;
  readonly #configured: ((path: AttrPath) => boolean | undefined) | undefined;

  constructor(init: ResourceInit, input: InputRef) {
    this.key = `${input.index}\u0000${init.address}`;
    this.address = init.address;
    this.kind = init.kind;
    this.nativeType = init.nativeType;
    this.mode = init.mode;
    this.action = init.action;
    this.input = input;
    this.displayPath = init.displayPath;
    this.attrs = init.attrs;
    this.context = init.context ?? NO_CONTEXT;
    this.#unknown = init.unknown;
    this.#sensitive = init.sensitive;
    this.#unknownReason = init.unknownReason ?? 'computed';
    this.#pointer = init.pointer;
    this.#file = init.file;
    this.#pointerOf = init.pointerOf;
    this.#links = init.links ?? new Map();
    this.#configured = init.configured;
  }

  get loc(): Location {
    return { file: this.#file ?? this.input.path, pointer: this.#pointer };
  }

  /** Location of an attribute (pointer only; line and column are computed for findings). */
  locOf(path: AttrPath): Location {
    const pointer = this.#pointerOf
      ? this.#pointerOf(path)
      : `${this.#pointer}${path.map((step) => `/${pointerToken(step)}`).join('')}`;
    return { file: this.#file ?? this.input.path, pointer };
  }

  /**
   * Reads an attribute. Returns `undefined` when it is absent or null, an Unknown value when the
   * input marks it (or one of its parents) unknown, and a Known value otherwise. A string key applied
   * to a one-element list steps into the element, so `get(['kubelet_identity', 'object_id'])` reads
   * Terraform's block list and Pulumi's object alike; the returned location keeps the real path.
   */
  get(path: AttrPath): Value<unknown> | undefined {
    let value: unknown = this.attrs;
    let unknown: unknown = this.#unknown;
    const realPath: (string | number)[] = [];
    for (const step of path) {
      if (unknown === true || typeof unknown === 'string') return this.#unknownAt(realPath, unknown);
      if (typeof step === 'string' && Array.isArray(value)) {
        if (value.length !== 1) return undefined;
        value = value[0];
        unknown = Array.isArray(unknown) ? unknown[0] : undefined;
        realPath.push(0);
        if (unknown === true || typeof unknown === 'string') return this.#unknownAt(realPath, unknown);
      }
      realPath.push(step);
      if (typeof step === 'number') {
        value = Array.isArray(value) ? value[step] : undefined;
        unknown = Array.isArray(unknown) ? unknown[step] : undefined;
      } else {
        value = isRecord(value) ? value[step] : undefined;
        unknown = isRecord(unknown) ? unknown[step] : undefined;
      }
    }
    if (unknown === true || typeof unknown === 'string') return this.#unknownAt(realPath, unknown);
    if (value === undefined || value === null) return undefined;
    return { known: true, value, loc: this.locOf(realPath) };
  }

  /** Reads a list attribute element by element; a non-list known value is treated as one element. */
  list(path: AttrPath): Value<unknown>[] | Value<unknown> {
    const whole = this.get(path);
    if (whole === undefined) return [];
    if (!whole.known) return whole;
    if (!Array.isArray(whole.value)) return [whole];
    const out: Value<unknown>[] = [];
    const resolvedPath = this.#resolvedPath(path);
    for (let i = 0; i < whole.value.length; i += 1) {
      const element = this.get([...resolvedPath, i]);
      if (element !== undefined) out.push(element);
    }
    return out;
  }

  /**
   * Whether the input marks the attribute (or a parent or any part of it) sensitive, so its value
   * must not be shown. Steps into one-element lists like `get`.
   */
  isSensitive(path: AttrPath): boolean {
    let marker: unknown = this.#sensitive;
    let value: unknown = this.attrs;
    for (const step of path) {
      if (marker === true) return true;
      if (marker === undefined || marker === null || marker === false) return false;
      if (typeof step === 'string' && Array.isArray(value)) {
        if (value.length !== 1) return false;
        value = value[0];
        marker = Array.isArray(marker) ? marker[0] : undefined;
        if (marker === true) return true;
      }
      if (typeof step === 'number') {
        value = Array.isArray(value) ? value[step] : undefined;
        marker = Array.isArray(marker) ? marker[step] : undefined;
      } else {
        value = isRecord(value) ? value[step] : undefined;
        marker = isRecord(marker) ? marker[step] : undefined;
      }
    }
    return containsTrue(marker);
  }

  /** Links recorded for an attribute (see Link); empty when the input has no reference for it. */
  links(path: AttrPath): readonly Link[] {
    return this.#links.get(linkKey(path)) ?? NO_LINKS;
  }

  /**
   * Whether the input's configuration sets the attribute (Terraform `configuration` expressions):
   * `false` means the author left it unset, so an unknown value is the provider's computed default on
   * create. `undefined` when the input cannot tell (no configuration, other formats, or a path below
   * an expression). Terraform drops `dynamic` blocks from the configuration JSON: a block attribute
   * produced only by `dynamic` reads `false`.
   */
  configured(path: AttrPath): boolean | undefined {
    return this.#configured?.(path);
  }

  /** Every attribute key that carries links, for the reverse-reference index. */
  linkedAttributes(): IterableIterator<[string, readonly Link[]]> {
    return this.#links.entries();
  }

  #unknownAt(path: readonly (string | number)[], marker: unknown): Value<unknown> {
    const why = typeof marker === 'string' ? (marker as UnknownReason) : this.#unknownReason;
    return { known: false, why, loc: this.locOf(path) };
  }

  /** The path `get` actually walks, with list positions inserted where it stepped into one-element lists. */
  #resolvedPath(path: AttrPath): (string | number)[] {
    let value: unknown = this.attrs;
    const out: (string | number)[] = [];
    for (const step of path) {
      if (typeof step === 'string' && Array.isArray(value) && value.length === 1) {
        value = value[0];
        out.push(0);
      }
      out.push(step);
      value = typeof step === 'number'
        ? (Array.isArray(value) ? value[step] : undefined)
        : (isRecord(value) ? value[step] : undefined);
    }
    return out;
  }
}

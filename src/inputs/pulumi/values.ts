import type { UnknownReason } from '../../graph/model.js';
import { pointerToken } from '../../graph/resource.js';

/**
 * Pulumi property values, decoded once into a tree the translators can reshape freely:
 * - unknowns (preview) become `Unknown` marks: the engine's computed sentinel
 *   `04da6b54-80e4-46f7-96ec-b56ff0331ba9` (`pkg/resource/stack/deployment.go`, computedValuePlaceholder),
 *   and the typed sentinels the policy SDK substitutes (`@pulumi/policy` proxy.js);
 * - `"[secret]"` (what `preview --json` prints for every secret) becomes an `Unknown('secret')`;
 * - secret envelopes (`{"4dabf…": "1b47…", value | plaintext | ciphertext}`) become `Secret` marks
 *   when the value is readable (never echoed: the resource marks it sensitive), `Unknown('secret')` when
 *   only ciphertext is stored;
 * - resource references (sig `5cf8f…`) become the referenced resource's id;
 * - bookkeeping keys of the bridge and of the Kubernetes provider (`__defaults`, `__meta`, `__inputs`, …) are dropped.
 *
 * Every decoded object and list remembers where it came from (an RFC 6901 pointer) so findings can point
 * into the input even after keys were renamed.
 */

export const COMPUTED_SENTINEL = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
const SECRET_DISPLAY = '[secret]';
const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
const RESOURCE_REFERENCE_SIG = '5cf8f73096256a8f31e491e813e4eb8e';

/** Typed unknown sentinels of the Node.js SDK (`@pulumi/policy` proxy.js); the string one is the engine's. */
const UNKNOWN_SENTINELS = new Set([
  COMPUTED_SENTINEL,
  '1c4a061d-8072-4f0a-a4cb-0ff528b18fe7', // boolean
  '3eeb2bf0-c639-47a8-9e75-3b44932eb421', // number
  '6a19a0b0-7e62-4c92-b797-7f8e31da9cc2', // array
  '030794c1-ac77-496b-92df-f27374a8bd58', // asset
  'e48ece36-62e2-4504-bad9-02848725956a', // archive
  'dd056dcd-154b-4c76-9bd3-c8f88648b5ff', // object
]);

export class Unknown {
  constructor(readonly why: UnknownReason) {}
}

export class Secret {
  constructor(readonly value: unknown) {}
}

export const COMPUTED = new Unknown('computed');

/** Where a decoded (or translated) object came from. `keys` maps its keys to pointer suffixes in the source. */
export interface Origin {
  readonly pointer: string;
  readonly keys?: Record<string, string>;
  /** A list wrapping a single object (a Terraform block list made from a Pulumi object): positions add nothing. */
  readonly transparent?: boolean;
}

const origins = new WeakMap<object, Origin>();

export function setOrigin<T extends object>(node: T, origin: Origin): T {
  origins.set(node, origin);
  return node;
}

export function originOf(node: unknown): Origin | undefined {
  return typeof node === 'object' && node !== null ? origins.get(node) : undefined;
}

export type Tree = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && !(value instanceof Unknown) && !(value instanceof Secret);
}

/** Decodes a raw property value (see the module comment). */
export function decode(raw: unknown, pointer: string): unknown {
  if (typeof raw === 'string') {
    if (UNKNOWN_SENTINELS.has(raw)) return COMPUTED;
    if (raw === SECRET_DISPLAY) return new Unknown('secret');
    return raw;
  }
  if (Array.isArray(raw)) {
    return setOrigin(raw.map((element, i) => decode(element, `${pointer}/${i}`)), { pointer });
  }
  if (typeof raw !== 'object' || raw === null) return raw;
  const record = raw as Record<string, unknown>;
  const sig = record[SIG_KEY];
  if (sig === SECRET_SIG) {
    if ('value' in record) return new Secret(decode(record.value, `${pointer}/value`));
    if (typeof record.plaintext === 'string') {
      try {
        return new Secret(decode(JSON.parse(record.plaintext), `${pointer}/plaintext`));
      } catch {
        return new Secret(record.plaintext);
      }
    }
    return new Unknown('secret');
  }
  if (sig === RESOURCE_REFERENCE_SIG) {
    const id = record.id;
    if (typeof id === 'string') return id === '' || UNKNOWN_SENTINELS.has(id) ? COMPUTED : id;
    return typeof record.urn === 'string' ? record.urn : COMPUTED;
  }
  const out: Tree = {};
  for (const [key, value] of Object.entries(record)) {
    if (key.startsWith('__')) continue;
    out[key] = decode(value, `${pointer}/${pointerToken(key)}`);
  }
  return setOrigin(out, { pointer });
}

/** Whether a decoded value holds an unknown anywhere. */
export function containsUnknown(value: unknown): boolean {
  if (value instanceof Unknown) return true;
  if (value instanceof Secret) return containsUnknown(value.value);
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isPlainObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/** The plain JSON behind a decoded value (secrets unwrapped), for policy documents turned into strings. */
export function plain(value: unknown): unknown {
  if (value instanceof Secret) return plain(value.value);
  if (Array.isArray(value)) return value.map(plain);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

export interface Split {
  readonly value: unknown;
  readonly unknown: unknown;
  readonly sensitive: unknown;
}

/**
 * Turns a translated tree into the model's three mirrors: plain values, the unknown mirror
 * (Terraform `after_unknown` shape, with the reason as marker) and the sensitive mirror.
 */
export function split(node: unknown): Split {
  if (node instanceof Unknown) return { value: null, unknown: node.why, sensitive: undefined };
  if (node instanceof Secret) {
    const inner = split(node.value);
    return { value: inner.value, unknown: inner.unknown, sensitive: true };
  }
  if (Array.isArray(node)) {
    const parts = node.map(split);
    const value = parts.map((p) => p.value);
    const origin = originOf(node);
    if (origin) setOrigin(value, origin);
    const anyUnknown = parts.some((p) => p.unknown !== undefined);
    const anySensitive = parts.some((p) => p.sensitive !== undefined);
    return {
      value,
      unknown: anyUnknown ? parts.map((p) => p.unknown ?? false) : undefined,
      sensitive: anySensitive ? parts.map((p) => p.sensitive ?? false) : undefined,
    };
  }
  if (isPlainObject(node)) {
    const value: Tree = {};
    const unknown: Tree = {};
    const sensitive: Tree = {};
    let anyUnknown = false;
    let anySensitive = false;
    for (const [key, child] of Object.entries(node)) {
      if (child === undefined) continue;
      const part = split(child);
      value[key] = part.value;
      if (part.unknown !== undefined) {
        unknown[key] = part.unknown;
        anyUnknown = true;
      }
      if (part.sensitive !== undefined) {
        sensitive[key] = part.sensitive;
        anySensitive = true;
      }
    }
    const origin = originOf(node);
    if (origin) setOrigin(value, origin);
    return { value, unknown: anyUnknown ? unknown : undefined, sensitive: anySensitive ? sensitive : undefined };
  }
  return { value: node, unknown: undefined, sensitive: undefined };
}

/**
 * Pointer of a normalized attribute path, following the origins recorded while decoding and
 * translating: the deepest object on the path that knows its source decides, the rest is appended.
 */
export function pointerIn(root: unknown, fallback: string, path: readonly (string | number)[]): string {
  let node: unknown = root;
  let pointer = originOf(root)?.pointer ?? fallback;
  for (let i = 0; i < path.length; i += 1) {
    const step = path[i]!;
    const origin = originOf(node);
    const child = Array.isArray(node) && typeof step === 'number'
      ? node[step]
      : isPlainObject(node) ? node[String(step)] : undefined;
    const childOrigin = originOf(child);
    if (childOrigin) {
      pointer = childOrigin.pointer;
    } else if (origin?.transparent && typeof step === 'number') {
      // stays on the wrapped object
    } else {
      const suffix = origin?.keys?.[String(step)] ?? pointerToken(step);
      pointer = `${origin?.pointer ?? pointer}/${suffix}`;
      if (child === undefined || child === null || typeof child !== 'object') {
        return pointer + path.slice(i + 1).map((s) => `/${pointerToken(s)}`).join('');
      }
    }
    node = child;
  }
  return pointer;
}

import { EVENT_ID, getScalarValue, parseEvents, type Event } from 'js-yaml';
import type { Location } from '../graph/model.js';
import { pointerToken } from '../graph/resource.js';
import type { Finding, LintResult, RelatedRef, Unverified } from '../engine/result.js';

/** 1-based line and column (UTF-16 code units, SARIF's default columnKind). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Every pointer and all its ancestors ("" is the document root). */
function prefixesOf(pointers: Iterable<string>): Set<string> {
  const out = new Set<string>(['']);
  for (const pointer of pointers) {
    let at = pointer.length;
    while (at > 0) {
      out.add(pointer.slice(0, at));
      at = pointer.lastIndexOf('/', at - 1);
    }
  }
  return out;
}

/** Offsets → line/column with one forward pass over the text (offsets sorted once). */
function toPositions(text: string, offsets: Map<string, number>): Map<string, Position> {
  const sorted = [...offsets].sort((a, b) => a[1] - b[1]);
  const out = new Map<string, Position>();
  let line = 1;
  let lineStart = 0;
  // The next newline at or after the current line start (-1: none left). Remembered between
  // offsets, so a minified single-line plan is searched once, not once per pointer.
  let nl = text.indexOf('\n');
  for (const [pointer, offset] of sorted) {
    while (nl >= 0 && nl < offset) {
      line += 1;
      lineStart = nl + 1;
      nl = text.indexOf('\n', lineStart);
    }
    out.set(pointer, { line, column: offset - lineStart + 1 });
  }
  return out;
}

/** Offset after the whitespace at `i`. */
function skipWs(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i += 1;
    else break;
  }
  return i;
}

/** Offset after the string whose opening quote is at `i` (the text length if it is not closed). */
function stringEnd(text: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return text.length;
    let backslashes = 0;
    for (let k = q - 1; k >= from && text.charCodeAt(k) === 92; k -= 1) backslashes += 1;
    if (backslashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** Offset after the JSON value starting at `i`. */
function valueEnd(text: string, i: number): number {
  const n = text.length;
  const c = text.charCodeAt(i);
  if (c === 34) return stringEnd(text, i);
  if (c !== 123 && c !== 91) {
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
      i += 1;
    }
    return i;
  }
  let depth = 0;
  while (i < n) {
    const d = text.charCodeAt(i);
    if (d === 34) {
      i = stringEnd(text, i);
      continue;
    }
    if (d === 123 || d === 91) depth += 1;
    else if (d === 125 || d === 93) {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
    i += 1;
  }
  return i;
}

class Found extends Error {}

/**
 * Finds where JSON pointers sit in a JSON text with one scan, without building a document: subtrees
 * that hold none of the wanted pointers are skipped with a tight bracket/string loop. An object
 * member's position is its key (that is the line people look for); an array element's is its value.
 * Pointers that do not exist resolve to their nearest existing ancestor.
 */
export function jsonPositions(text: string, pointers: Iterable<string>): Map<string, Position> {
  const wanted = new Set(pointers);
  const onPath = prefixesOf(wanted);
  const offsets = new Map<string, number>();
  let remaining = wanted.size;
  let i = 0;
  const n = text.length;

  // The skipping loops run over most of the file: they are module-level functions taking and
  // returning the offset, so V8 keeps it in a register instead of a closure slot.
  const ws = (): void => {
    i = skipWs(text, i);
  };
  const skipString = (): void => {
    i = stringEnd(text, i);
  };
  const skipValue = (): void => {
    i = valueEnd(text, i);
  };
  const record = (pointer: string, offset: number): void => {
    if (offsets.has(pointer)) return;
    offsets.set(pointer, offset);
    if (wanted.has(pointer)) {
      remaining -= 1;
      if (remaining === 0) throw new Found();
    }
  };
  const value = (pointer: string): void => {
    ws();
    const c = text.charCodeAt(i);
    if (c === 123) {
      i += 1;
      for (;;) {
        ws();
        if (text.charCodeAt(i) === 125) {
          i += 1;
          return;
        }
        if (text.charCodeAt(i) !== 34) throw new Found(); // not JSON we understand: stop quietly
        const keyStart = i;
        skipString();
        const raw = text.slice(keyStart + 1, i - 1);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(keyStart, i)) as string) : raw;
        const child = `${pointer}/${pointerToken(key)}`;
        ws();
        i += 1; // ':'
        ws();
        if (onPath.has(child)) {
          record(child, keyStart);
          value(child);
        } else {
          skipValue();
        }
        ws();
        if (text.charCodeAt(i) === 44) i += 1;
      }
    }
    if (c === 91) {
      i += 1;
      for (let index = 0; ; index += 1) {
        ws();
        if (text.charCodeAt(i) === 93) {
          i += 1;
          return;
        }
        const child = `${pointer}/${index}`;
        if (onPath.has(child)) {
          record(child, i);
          value(child);
        } else {
          skipValue();
        }
        ws();
        if (text.charCodeAt(i) === 44) i += 1;
        if (i >= n) return;
      }
    }
    skipValue();
  };

  try {
    ws();
    record('', i);
    value('');
  } catch (error) {
    if (!(error instanceof Found)) throw error;
  }
  return resolveWanted(text, wanted, offsets);
}

function resolveWanted(text: string, wanted: Set<string>, offsets: Map<string, number>): Map<string, Position> {
  const positions = toPositions(text, offsets);
  const out = new Map<string, Position>();
  for (const pointer of wanted) {
    let at = pointer;
    while (!positions.has(at) && at !== '') at = at.slice(0, at.lastIndexOf('/'));
    const position = positions.get(at);
    if (position) out.set(pointer, position);
  }
  return out;
}

interface Frame {
  readonly kind: 'map' | 'seq';
  readonly pointer: string;
  index: number;
  /** In a mapping: the pending key pointer once the key scalar was read. */
  key: string | undefined;
}

/**
 * The same for YAML (Kubernetes manifests, CloudFormation YAML templates), from js-yaml's event
 * stream, which carries source offsets. In a file with several documents the first pointer token is
 * the document index (`/1/spec/template`); a single-document file also answers pointers without it.
 */
export function yamlPositions(text: string, pointers: Iterable<string>): Map<string, Position> {
  const wanted = new Set(pointers);
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch {
    return new Map();
  }
  const offsets = new Map<string, number>();
  const stack: Frame[] = [];
  let documents = -1;
  let docRoot: string | undefined;
  const place = (offset: number): string | undefined => {
    // where the value that starts now lives
    const top = stack[stack.length - 1];
    if (!top) return docRoot;
    if (top.kind === 'seq') {
      const pointer = `${top.pointer}/${top.index}`;
      top.index += 1;
      if (!offsets.has(pointer)) offsets.set(pointer, offset);
      return pointer;
    }
    const pointer = top.key;
    top.key = undefined;
    return pointer;
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        documents += 1;
        docRoot = `/${documents}`;
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const pointer = place(event.start) ?? '';
        if (!offsets.has(pointer)) offsets.set(pointer, event.start);
        stack.push({ kind: event.type === EVENT_ID.MAPPING ? 'map' : 'seq', pointer, index: 0, key: undefined });
        break;
      }
      case EVENT_ID.SCALAR: {
        const top = stack[stack.length - 1];
        if (top?.kind === 'map' && top.key === undefined) {
          const raw = getScalarValue(text, event);
          const pointer = `${top.pointer}/${pointerToken(raw)}`;
          if (!offsets.has(pointer)) offsets.set(pointer, event.valueStart);
          top.key = pointer;
        } else {
          const pointer = place(event.valueStart);
          if (pointer !== undefined && !offsets.has(pointer)) offsets.set(pointer, event.valueStart);
        }
        break;
      }
      case EVENT_ID.ALIAS:
        place(event.anchorStart);
        break;
      case EVENT_ID.POP:
        if (stack.length > 0) stack.pop();
        break;
      default:
        break;
    }
  }
  const single = documents === 0;
  const lookup = new Set<string>();
  const alias = new Map<string, string>();
  for (const pointer of wanted) {
    const direct = offsets.has(pointer) || !single ? pointer : `/0${pointer}`;
    alias.set(pointer, direct);
    lookup.add(direct);
  }
  const resolved = resolveWanted(text, lookup, offsets);
  const out = new Map<string, Position>();
  for (const [pointer, direct] of alias) {
    const position = resolved.get(direct);
    if (position) out.set(pointer, position);
  }
  return out;
}

/** JSON or YAML, told apart by the first character. */
export function positionsIn(text: string, pointers: Iterable<string>): Map<string, Position> {
  const first = text.trimStart()[0];
  return first === '{' || first === '[' ? jsonPositions(text, pointers) : yamlPositions(text, pointers);
}

/**
 * Adds line and column to the locations of findings, unverified entries and their related locations.
 * Reads each file that has entries once (through `readText`) and scans it once for all its pointers;
 * files without entries are never touched, so a clean run costs nothing.
 */
export function withPositions(result: LintResult, readText: (file: string) => string | undefined): LintResult {
  const byFile = new Map<string, Set<string>>();
  const want = (loc: Location): void => {
    if (loc.line !== undefined) return;
    let set = byFile.get(loc.file);
    if (!set) byFile.set(loc.file, (set = new Set()));
    set.add(loc.pointer);
  };
  const entries: (Finding | Unverified)[] = [...result.findings, ...result.unverified];
  for (const e of entries) {
    want(e.location);
    for (const r of e.related) want(r.location);
  }
  if (byFile.size === 0) return result;
  const found = new Map<string, Map<string, Position>>();
  for (const [file, pointers] of byFile) {
    let text: string | undefined;
    try {
      text = readText(file);
    } catch {
      text = undefined;
    }
    if (text !== undefined) found.set(file, positionsIn(text, pointers));
  }
  const place = (loc: Location): Location => {
    if (loc.line !== undefined) return loc;
    const position = found.get(loc.file)?.get(loc.pointer);
    // Spelled out rather than spread: locations come in several shapes, and a spread of mixed shapes
    // is a slow generic copy paid for every finding and related location.
    return position ? { file: loc.file, pointer: loc.pointer, line: position.line, column: position.column } : loc;
  };
  const relate = (r: RelatedRef): RelatedRef => ({ ...r, location: place(r.location) });
  return {
    ...result,
    findings: result.findings.map((f) => ({ ...f, location: place(f.location), related: f.related.map(relate) })),
    unverified: result.unverified.map((u) => ({ ...u, location: place(u.location), related: u.related.map(relate) })),
  };
}

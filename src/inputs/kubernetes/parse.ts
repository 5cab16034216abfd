import { CORE_SCHEMA, EVENT_ID, constructFromEvents, parseEvents } from 'js-yaml';
import type { ResourceInit } from '../../graph/model.js';
import { InputError, type InputParser, type InputSource, type ParsedInput } from '../types.js';
import { isKubernetesObject, kindOfObject, objectAddress } from './objects.js';

/**
 * Kubernetes manifests: YAML streams (one or more `---`-separated documents, as written by hand,
 * by `kubectl … -o yaml` or by `helm template`), JSON objects, and `List` objects (`kubectl get -o
 * json`). Only documents that look like Kubernetes objects (`apiVersion` and `kind`) become
 * resources; other documents are ignored with a warning.
 *
 * Pointers: the first token is the document index in the file (0-based, counting every document of
 * the YAML stream, empty ones included; a JSON file is document 0), the rest is the RFC 6901 pointer
 * inside that document: `/2/spec/template/spec/containers/0/image` is the image of the first
 * container of the third document; `/0/items/3/spec/…` is an item of a `List`.
 *
 * YAML is read with the core schema only (no custom tags, nothing is ever executed), at most
 * MAX_ALIASES aliases per document and MAX_BYTES of text.
 */

const MAX_BYTES = 64 * 1024 * 1024;
const MAX_ALIASES = 100;
const YAML_EXTENSION = /\.ya?ml$/i;
const JSON_EXTENSION = /\.json$/i;

interface Document {
  readonly index: number;
  readonly value: unknown;
  /** `# Source: chart/templates/x.yaml` of `helm template` output. */
  readonly source?: string;
}

type Loaded = { readonly ok: true; readonly docs: readonly Document[] } | { readonly ok: false; readonly error: string };

const parsedCache = new WeakMap<InputSource, Loaded>();

function oneLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/** Reads a YAML stream with the limits above (also used for YAML embedded in other inputs: `kubectl_manifest.yaml_body`). */
export function loadYaml(text: string): Loaded {
  if (text.length > MAX_BYTES) return { ok: false, error: `YAML file larger than ${MAX_BYTES / 1024 / 1024} MB` };
  try {
    const events = parseEvents(text, { maxDepth: 100 });
    const values = constructFromEvents(events, { source: text, schema: CORE_SCHEMA, maxAliases: MAX_ALIASES });
    // Root offsets of each document (first collection or scalar after a DOCUMENT event), to find
    // the `# Source:` comment Helm writes at the top of each document.
    const starts: number[] = [];
    let afterDocument = false;
    for (const event of events) {
      if (event.type === EVENT_ID.DOCUMENT) {
        afterDocument = true;
      } else if (afterDocument) {
        starts.push('start' in event ? event.start : 'valueStart' in event ? event.valueStart : -1);
        afterDocument = false;
      }
    }
    const sources = [...text.matchAll(/^# Source: (.+)$/gm)].map((m) => ({ at: m.index ?? 0, path: m[1]!.trim() }));
    let previous = -1;
    const docs = values.map((value, index) => {
      const start = starts[index] ?? -1;
      const source = start >= 0 ? sources.filter((s) => s.at < start && s.at > previous).pop()?.path : undefined;
      if (start >= 0) previous = start;
      return source ? { index, value, source } : { index, value };
    });
    return { ok: true, docs };
  } catch (error) {
    return { ok: false, error: `invalid YAML: ${oneLine((error as Error).message)}` };
  }
}

function load(source: InputSource): Loaded {
  const cached = parsedCache.get(source);
  if (cached) return cached;
  let loaded: Loaded;
  if (source.json !== undefined) loaded = { ok: true, docs: [{ index: 0, value: source.json }] };
  else if (source.text !== undefined && !JSON_EXTENSION.test(source.path)) loaded = loadYaml(source.text);
  else loaded = { ok: false, error: 'not YAML or JSON' };
  parsedCache.set(source, loaded);
  return loaded;
}

function isList(value: unknown): value is { kind: string; items: unknown[] } {
  return isKubernetesObject(value) && /List$/.test(value.kind) && Array.isArray((value as { items?: unknown }).items);
}

/** Text that is meant to be a manifest even though it does not parse. */
function looksLikeManifest(text: string | undefined): boolean {
  return text !== undefined && /^apiVersion:\s*\S/m.test(text) && /^kind:\s*\S/m.test(text);
}

export const kubernetesManifestParser: InputParser = {
  format: 'kubernetes',
  expected: 'Kubernetes manifests (YAML or JSON objects with apiVersion and kind, `helm template` output)',
  accepts(source: InputSource): boolean {
    if (source.json === undefined && !YAML_EXTENSION.test(source.path)) {
      // Only YAML files (or already parsed JSON) are offered to the YAML reader.
      if (source.text === undefined || JSON_EXTENSION.test(source.path) || !looksLikeManifest(source.text)) return false;
    }
    const loaded = load(source);
    if (!loaded.ok) return source.json === undefined && looksLikeManifest(source.text);
    return loaded.docs.some((d) => isKubernetesObject(d.value));
  },
  parse(source: InputSource): ParsedInput {
    const loaded = load(source);
    if (!loaded.ok) throw new InputError(source.path, loaded.error);
    const resources: ResourceInit[] = [];
    const warnings: string[] = [];
    const used = new Map<string, number>();
    const add = (object: Record<string, unknown> & { kind: string }, pointer: string, fallback: string, displayPath?: string): void => {
      let address = objectAddress(object, fallback);
      const seen = used.get(address) ?? 0;
      used.set(address, seen + 1);
      if (seen > 0) address = `${address} #${seen + 1}`;
      resources.push({
        address,
        kind: kindOfObject(object.kind),
        nativeType: `${String(object.apiVersion)}/${object.kind}`,
        mode: 'managed',
        action: 'unknown',
        attrs: object,
        pointer,
        ...(displayPath ? { displayPath } : {}),
      });
    };
    for (const doc of loaded.docs) {
      if (doc.value === null || doc.value === undefined) continue;
      if (isList(doc.value)) {
        doc.value.items.forEach((item, i) => {
          if (isKubernetesObject(item)) add(item, `/${doc.index}/items/${i}`, `${doc.index}.${i}`, doc.source);
          else warnings.push(`${source.path}: item ${i} of document ${doc.index} is not a Kubernetes object (no apiVersion/kind); ignored`);
        });
      } else if (isKubernetesObject(doc.value)) {
        add(doc.value, `/${doc.index}`, String(doc.index), doc.source);
      } else {
        warnings.push(`${source.path}: document ${doc.index} is not a Kubernetes object (no apiVersion/kind); ignored`);
      }
    }
    return warnings.length > 0 ? { format: 'kubernetes', resources, warnings } : { format: 'kubernetes', resources };
  },
};

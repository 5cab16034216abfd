import { pointerToken } from '../../graph/resource.js';
import { InputError, type InputParser, type InputSource, type ParsedInput } from '../types.js';
import { DELETING_OPS, translateStates, type PulumiState } from './translate.js';

/**
 * Reads the three documents Pulumi writes about a stack (see the Pulumi documentation of these formats):
 * - `pulumi preview --json`: the PreviewDigest `{config, steps: [{op, urn, newState, oldState}], …}`;
 *   the post-deploy state is each step's `newState`, except for steps that delete;
 * - `pulumi stack export`: `{version: 3, deployment: {resources: [ResourceV3]}}` (state: everything known);
 * - engine events (`pulumi up --json`, streaming preview, `--event-log`): one JSON event per line;
 *   the last `resourcePreEvent`/`resOutputsEvent` of each URN gives its `metadata.new` state.
 * Addresses are URNs.
 */

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPreview(json: unknown): json is Json & { steps: unknown[] } {
  if (!isRecord(json) || !Array.isArray(json.steps)) return false;
  const first = json.steps[0];
  if (first === undefined) return 'changeSummary' in json || 'duration' in json;
  return isRecord(first) && typeof first.op === 'string' && typeof first.urn === 'string';
}

function isExport(json: unknown): json is Json & { deployment: Json & { resources?: unknown[] } } {
  return isRecord(json) && typeof json.version === 'number' && isRecord(json.deployment)
    && (Array.isArray(json.deployment.resources) || isRecord(json.deployment.manifest));
}

function isEvent(value: unknown): value is Json {
  return isRecord(value) && typeof value.sequence === 'number'
    && Object.keys(value).some((key) => key.endsWith('Event'));
}

function firstLine(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  for (const line of text.split('\n')) if (line.trim() !== '') return line.trim();
  return undefined;
}

function stateOf(raw: unknown, pointer: string, op?: string): PulumiState | undefined {
  if (!isRecord(raw) || typeof raw.urn !== 'string' || typeof raw.type !== 'string') return undefined;
  return {
    urn: raw.urn,
    type: raw.type,
    ...(typeof raw.custom === 'boolean' ? { custom: raw.custom } : {}),
    ...(raw.id !== undefined ? { id: raw.id } : {}),
    inputs: raw.inputs,
    outputs: raw.outputs,
    ...(typeof raw.parent === 'string' && raw.parent !== '' ? { parent: raw.parent } : {}),
    ...(typeof raw.provider === 'string' && raw.provider !== '' ? { provider: raw.provider } : {}),
    ...(isRecord(raw.propertyDependencies) ? { propertyDependencies: raw.propertyDependencies as Record<string, string[]> } : {}),
    ...(op !== undefined ? { op } : {}),
    pointer,
  };
}

function parsePreview(source: InputSource, json: Json & { steps: unknown[] }): ParsedInput {
  const byUrn = new Map<string, PulumiState>();
  const deleted = new Set<string>();
  json.steps.forEach((step, index) => {
    if (!isRecord(step) || typeof step.op !== 'string' || typeof step.urn !== 'string') {
      throw new InputError(source.path, `steps[${index}] is not a preview step (expected {op, urn, newState})`);
    }
    if (DELETING_OPS.has(step.op)) {
      if (!byUrn.has(step.urn)) deleted.add(step.urn);
      return;
    }
    const state = stateOf(step.newState, `/steps/${index}/newState`, step.op);
    if (state) {
      byUrn.set(state.urn, state);
      deleted.delete(state.urn);
    }
  });
  const config = isRecord(json.config) ? json.config : {};
  const warnings: string[] = [];
  if (json.maybeCorrupt === true) warnings.push('the preview says its output may be corrupt (maybeCorrupt: true)');
  return { format: 'pulumi', resources: translateStates([...byUrn.values()], { config }), warnings };
}

function parseExport(source: InputSource, json: Json & { deployment: Json & { resources?: unknown[] } }): ParsedInput {
  if (json.version !== 3 && json.version !== 4) {
    throw new InputError(source.path, `unsupported stack export version ${String(json.version)}; expected deployment version 3 (or 4)`);
  }
  const states: PulumiState[] = [];
  (json.deployment.resources ?? []).forEach((raw, index) => {
    if (isRecord(raw) && raw.delete === true) return; // pending deletion of a replaced resource
    const state = stateOf(raw, `/deployment/resources/${index}`);
    if (state) states.push(state);
  });
  return { format: 'pulumi', resources: translateStates(states) };
}

function parseEvents(events: { event: Json; line: number }[]): ParsedInput {
  const byUrn = new Map<string, PulumiState>();
  let config: Json = {};
  for (const { event, line } of events) {
    if (isRecord(event.preludeEvent) && isRecord(event.preludeEvent.config)) config = event.preludeEvent.config;
    const which = isRecord(event.resOutputsEvent) ? 'resOutputsEvent' : isRecord(event.resourcePreEvent) ? 'resourcePreEvent' : undefined;
    if (!which) continue;
    const metadata = (event[which] as Json).metadata;
    if (!isRecord(metadata) || typeof metadata.urn !== 'string' || typeof metadata.op !== 'string') continue;
    if (DELETING_OPS.has(metadata.op)) {
      byUrn.delete(metadata.urn);
      continue;
    }
    // The outputs event of a create carries the real outputs: read it as the state after the step.
    const op = which === 'resOutputsEvent' && metadata.op === 'create' ? 'same' : metadata.op;
    const state = stateOf(metadata.new, `/${line}/${pointerToken(which)}/metadata/new`, op);
    if (state) byUrn.set(state.urn, state);
  }
  return { format: 'pulumi', resources: translateStates([...byUrn.values()], { config }) };
}

function readEvents(source: InputSource): { event: Json; line: number }[] {
  if (isEvent(source.json)) return [{ event: source.json, line: 0 }];
  const out: { event: Json; line: number }[] = [];
  const lines = (source.text ?? '').split('\n');
  lines.forEach((text, index) => {
    if (text.trim() === '') return;
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch (error) {
      // A stream cut short while Pulumi was still writing ends with a partial line: keep what came before.
      if (index >= lines.length - 2) return;
      throw new InputError(source.path, `line ${index + 1} is not JSON (${(error as Error).message}); expected one Pulumi engine event per line`);
    }
    if (isRecord(event)) out.push({ event, line: index });
  });
  return out;
}

export const pulumiParser: InputParser = {
  format: 'pulumi',
  expected: 'a Pulumi document (`pulumi preview --json`, `pulumi stack export`, or engine events from `pulumi up --json`)',
  accepts(source: InputSource): boolean {
    if (source.json !== undefined) return isPreview(source.json) || isExport(source.json) || isEvent(source.json);
    const line = firstLine(source.text);
    if (!line?.startsWith('{')) return false;
    try {
      return isEvent(JSON.parse(line));
    } catch {
      return false;
    }
  },
  parse(source: InputSource): ParsedInput {
    const json = source.json;
    if (isPreview(json)) return parsePreview(source, json);
    if (isExport(json)) return parseExport(source, json);
    return parseEvents(readEvents(source));
  },
};

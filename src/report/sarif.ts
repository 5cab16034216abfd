import type { Finding, LintResult, RelatedRef, RunNote } from '../engine/result.js';
import type { Location } from '../graph/model.js';
import type { RuleMeta } from '../rules/define-rule.js';
import { REPOSITORY_URL, ruleDocUrl } from './links.js';

export interface SarifOptions {
  /** Metadata of the rules that ran; becomes tool.driver.rules. */
  readonly rules: readonly { readonly meta: RuleMeta<string> }[];
  readonly version: string;
}

type Json = Record<string, unknown>;

/** Relative paths stay relative to the checkout root (GitHub resolves them against the repository). */
export function artifactLocation(file: string): Json {
  const posix = file.replace(/\\/g, '/');
  if (posix.startsWith('/')) return { uri: `file://${encodeURI(posix)}` };
  if (/^[A-Za-z]:\//.test(posix)) return { uri: `file:///${encodeURI(posix)}` };
  return { uri: encodeURI(posix.replace(/^\.\//, '')), uriBaseId: '%SRCROOT%' };
}

function physical(loc: Location): Json {
  const out: Json = { artifactLocation: artifactLocation(loc.file) };
  if (loc.line !== undefined) out.region = { startLine: loc.line, ...(loc.column !== undefined ? { startColumn: loc.column } : {}) };
  return out;
}

function ruleDescriptor(meta: RuleMeta<string>): Json {
  const references = meta.references.map((r) => `- ${r}`).join('\n');
  return {
    id: meta.id,
    name: meta.name,
    shortDescription: { text: meta.title },
    fullDescription: { text: `${meta.title}. Pods then fail with: ${meta.pullError}` },
    help: {
      text: `${meta.remediation}\n\nPull error prevented: ${meta.pullError}${references ? `\n\nReferences:\n${references}` : ''}`,
      markdown: `**How to fix:** ${meta.remediation}\n\n**Pull error prevented:** \`${meta.pullError}\`${references ? `\n\n**References:**\n${references}` : ''}\n\n[Documentation](${ruleDocUrl(meta.name)})`,
    },
    helpUri: ruleDocUrl(meta.name),
    defaultConfiguration: { level: meta.severity },
    properties: { tags: [meta.category, ...meta.providers], precision: 'high' },
  };
}

function related(r: RelatedRef, id: number): Json {
  return {
    id,
    physicalLocation: physical(r.location),
    logicalLocations: [{ fullyQualifiedName: r.resource.address, kind: 'resource' }],
    message: { text: `${r.resource.address}: ${r.note}` },
  };
}

function result(f: Finding, ruleIndex: number | undefined): Json {
  const out: Json = {
    ruleId: f.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: f.severity,
    message: { text: f.message },
    locations: [{
      physicalLocation: physical(f.location),
      logicalLocations: [{ fullyQualifiedName: f.resource.address, kind: 'resource', ...(f.resource.displayPath ? { decoratedName: f.resource.displayPath } : {}) }],
    }],
  };
  if (f.related.length > 0) out.relatedLocations = f.related.map((r, i) => related(r, i + 1));
  if (f.fingerprint) out.partialFingerprints = { 'pullfix/v1': f.fingerprint };
  if (f.suppressed) {
    out.suppressions = [{
      kind: f.suppressed.source === 'config' ? 'external' : 'inSource',
      status: 'accepted',
      justification: f.suppressed.reason,
      properties: { source: f.suppressed.source, origin: f.suppressed.origin, ...(f.suppressed.expires ? { expires: f.suppressed.expires } : {}) },
    }];
  }
  out.properties = {
    resourceType: f.resource.type,
    attributePath: f.path.join('.'),
    pointer: f.location.pointer,
    pullError: f.pullError,
    remediation: f.remediation,
  };
  return out;
}

function noteLevel(note: RunNote): 'warning' | 'note' {
  return note.code === 'suppression-expired' || note.code === 'suppression-unused' ? 'warning' : 'note';
}

/**
 * SARIF 2.1.0 that GitHub code scanning accepts: rules from metadata, physical + logical + related
 * locations, stable partial fingerprints, suppressed findings kept with their justification, input
 * errors and run notes as tool execution notifications. A pure function of the result.
 */
export function formatSarif(lint: LintResult, options: SarifOptions): string {
  const rules = options.rules.map((r) => r.meta);
  const index = new Map<string, number>(rules.map((m, i) => [m.id, i]));
  const extra = new Map<string, Json>();
  for (const f of lint.findings) {
    if (!index.has(f.ruleId) && !extra.has(f.ruleId)) extra.set(f.ruleId, { id: f.ruleId, name: f.ruleName, defaultConfiguration: { level: f.severity } });
  }
  const descriptors = [...rules.map(ruleDescriptor), ...extra.values()];
  [...extra.keys()].forEach((id, i) => index.set(id, rules.length + i));
  const notifications: Json[] = [
    ...lint.errors.map((e) => ({
      level: 'error',
      message: { text: e.message },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(e.path) } }],
      descriptor: { id: 'input-error' },
    })),
    ...(lint.notes ?? []).map((n) => ({
      level: noteLevel(n),
      message: { text: n.message },
      ...(n.file ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(n.file) } }] } : {}),
      descriptor: { id: n.code },
    })),
  ];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'pullfix',
          semanticVersion: options.version,
          version: options.version,
          informationUri: REPOSITORY_URL,
          rules: descriptors,
        },
      },
      invocations: [{ executionSuccessful: lint.errors.length === 0, toolExecutionNotifications: notifications }],
      artifacts: lint.inputs.map((i) => ({ location: artifactLocation(i.path), properties: { format: i.format, resources: i.resources } })),
      columnKind: 'utf16CodeUnits',
      results: lint.findings.map((f) => result(f, index.get(f.ruleId))),
      properties: { unverified: lint.unverified.length },
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

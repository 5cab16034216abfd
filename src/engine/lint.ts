import { ResourceGraph } from '../graph/graph.js';
import { Resource } from '../graph/resource.js';
import { rules as allRules } from '../rules/index.js';
import type { AnyRule } from '../rules/define-rule.js';
import { applyBaseline, fingerprint, type Baseline } from './baseline.js';
import { loadInputs, type LoadedInput, type LoadOptions } from './load.js';
import {
  RESULT_VERSION, type Finding, type InputFailure, type InputSummary, type LintResult, type RunNote, type Unverified,
} from './result.js';
import { runRules, sortEntries, type RuleSettings } from './run-rules.js';
import { applySuppressions, suppressionsFromResources, type Suppression } from './suppressions.js';

export interface LintOptions extends RuleSettings, LoadOptions {
  /** The rules to run; all registered rules by default. */
  readonly rules?: readonly AnyRule[];
  /**
   * Suppressions from the config file or from an integration (CDK acknowledgements use source 'cdk').
   * Tags on resources (`pullfix:suppress`) and suppressions handed over with the inputs are added.
   */
  readonly suppressions?: readonly Suppression[];
  /** Report only findings the baseline does not hold. */
  readonly baseline?: { readonly baseline: Baseline; readonly file: string };
  /** Report only findings involving a resource the deploy creates, updates or replaces. */
  readonly changedOnly?: boolean;
}

const CHANGING = new Set(['create', 'update', 'replace']);

function involvesChange(entry: Finding | Unverified): boolean {
  if (entry.resource.action !== undefined && CHANGING.has(entry.resource.action)) return true;
  return entry.related.some((r) => r.resource.action !== undefined && CHANGING.has(r.resource.action));
}

/** Builds one graph from already parsed inputs; each input keeps its own address space. */
export function buildGraph(inputs: readonly LoadedInput[]): ResourceGraph {
  const graph = new ResourceGraph();
  inputs.forEach((input, index) => {
    const ref = { index, path: input.path, format: input.parsed.format };
    for (const init of input.parsed.resources) graph.add(new Resource(init, ref));
  });
  return graph;
}

/** Lints already loaded inputs (used by the CDK and Pulumi integrations, which parse in memory). */
export function lintLoaded(inputs: readonly LoadedInput[], errors: readonly InputFailure[], options: LintOptions = {}): LintResult {
  const graph = buildGraph(inputs);
  const raw = runRules(graph, options.rules ?? allRules, options);
  const notes: RunNote[] = [];
  for (const input of inputs) {
    for (const warning of input.parsed.warnings ?? []) notes.push({ code: 'input-warning', message: warning, file: input.path });
  }
  // Findings of one rule on one resource attribute share a fingerprint: hash each identity once.
  const prints = new Map<string, string>();
  const printOf = (f: Finding): string => {
    const key = `${f.ruleId}\u0000${f.resource.address}\u0000${f.path.join('/')}`;
    let print = prints.get(key);
    if (print === undefined) prints.set(key, (print = fingerprint(f.ruleId, f.resource.address, f.path)));
    return print;
  };
  let findings: Finding[] = raw.findings.map((f) => ({ ...f, fingerprint: printOf(f) }));
  let unverified = raw.unverified;
  const tagged = suppressionsFromResources(graph);
  notes.push(...tagged.notes);
  const suppressions = [
    ...(options.suppressions ?? []),
    ...inputs.flatMap((input) => input.suppressions ?? []),
    ...tagged.suppressions,
  ];
  const suppressed = applySuppressions(findings, unverified, suppressions, options.now ?? new Date());
  findings = suppressed.findings;
  notes.push(...suppressed.notes);
  if (options.changedOnly) {
    findings = findings.filter(involvesChange);
    unverified = unverified.filter(involvesChange);
  }
  if (options.baseline) {
    const kept = applyBaseline(findings, options.baseline.baseline, options.baseline.file);
    findings = kept.findings;
    notes.push(...kept.notes);
  }
  const summaries: InputSummary[] = inputs.map((input) => ({
    path: input.path,
    format: input.parsed.format,
    resources: input.parsed.resources.length,
  }));
  return {
    version: RESULT_VERSION,
    inputs: summaries,
    findings: sortEntries(findings, (f) => f.message),
    unverified: sortEntries(unverified, (u) => u.reason),
    errors: [...errors].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    notes,
  };
}

/**
 * Lints files and folders: Terraform plans, CDK cloud assemblies and templates, Pulumi documents,
 * Kubernetes manifests. Inputs that cannot be read become `errors`; the others are still linted.
 */
export function lint(paths: readonly string[], options: LintOptions = {}): LintResult {
  const { loaded, errors } = loadInputs(paths, undefined, options);
  return lintLoaded(loaded, errors, options);
}

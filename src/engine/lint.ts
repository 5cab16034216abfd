import { ResourceGraph } from '../graph/graph.js';
import { Resource } from '../graph/resource.js';
import { rules as allRules } from '../rules/index.js';
import type { AnyRule } from '../rules/define-rule.js';
import { loadInputs, type LoadedInput } from './load.js';
import { RESULT_VERSION, type InputFailure, type InputSummary, type LintResult } from './result.js';
import { runRules, sortEntries, type RuleSettings } from './run-rules.js';

export interface LintOptions extends RuleSettings {
  /** The rules to run; all registered rules by default. */
  readonly rules?: readonly AnyRule[];
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
  const { findings, unverified } = runRules(graph, options.rules ?? allRules, options);
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
  };
}

/**
 * Lints files and folders: Terraform plans, CDK cloud assemblies and templates, Pulumi documents,
 * Kubernetes manifests. Inputs that cannot be read become `errors`; the others are still linted.
 */
export function lint(paths: readonly string[], options: LintOptions = {}): LintResult {
  const { loaded, errors } = loadInputs(paths);
  return lintLoaded(loaded, errors, options);
}

import { buildGraph, lintLoaded } from '../../src/engine/lint.js';
import type { LintResult } from '../../src/engine/result.js';
import type { ResourceGraph } from '../../src/graph/graph.js';
import type { Link, ResourceInit } from '../../src/graph/model.js';
import { kindOfTerraformType } from '../../src/inputs/terraform-plan/kinds.js';
import type { AnyRule } from '../../src/rules/define-rule.js';

/** Options of a hand-built resource: its unknown mirror and its links, keyed like Resource.links. */
export interface FakeResourceOptions {
  readonly unknown?: unknown;
  readonly links?: Record<string, Link[]>;
  readonly action?: ResourceInit['action'];
  readonly mode?: ResourceInit['mode'];
}

/** A resource in the normalized vocabulary (Terraform schema names), for analysis and inline rule tests. */
export function res(address: string, attrs: Record<string, unknown>, options: FakeResourceOptions = {}): ResourceInit {
  const type = address.replace(/^(module\.[^.]+(\[[^\]]+\])?\.)*(data\.)?/, '').split('.')[0]!;
  return {
    address,
    kind: kindOfTerraformType(type),
    nativeType: type,
    mode: options.mode ?? (address.includes('data.') ? 'data' : 'managed'),
    action: options.action ?? 'create',
    attrs,
    unknown: options.unknown,
    pointer: `/test/${address}`,
    links: new Map(Object.entries(options.links ?? {})),
  };
}

/** A link as the Terraform parser records it. */
export function ref(address: string, ...attribute: (string | number)[]): Link {
  return { address, attribute, ambiguous: false };
}

export function graphOf(resources: readonly ResourceInit[]): ResourceGraph {
  return buildGraph([{ path: 'test.json', parsed: { format: 'terraform-plan', resources } }]);
}

/** Runs the given rules over hand-built resources. */
export function lintResources(resources: readonly ResourceInit[], rules: readonly AnyRule[], now?: Date): LintResult {
  return lintLoaded([{ path: 'test.json', parsed: { format: 'terraform-plan', resources } }], [], now ? { rules, now } : { rules });
}

/** The exact-assertion shape used across tests: rule id + resource address (+ severity). */
export function verdicts(result: LintResult): { findings: string[]; unverified: string[] } {
  return {
    findings: result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.resource.address}`),
    unverified: result.unverified.map((u) => `${u.ruleId} ${u.resource.address}`),
  };
}

import { fileURLToPath } from 'node:url';
import { lint, lintLoaded } from '../../../src/engine/lint.js';
import type { ResourceInit } from '../../../src/graph/model.js';
import type { AnyRule } from '../../../src/rules/define-rule.js';
import { verdicts } from '../../helpers/graph.js';
import workloadOsSelectorMissing from '../../../src/rules/k8s/workload-os-selector-missing.js';
import windowsImageVersionMismatch from '../../../src/rules/k8s/windows-image-version-mismatch.js';
import workloadArchSelectorMissing from '../../../src/rules/k8s/workload-arch-selector-missing.js';
import imageReferenceInvalid from '../../../src/rules/k8s/image-reference-invalid.js';

export const k8sRules: readonly AnyRule[] = [workloadOsSelectorMissing, windowsImageVersionMismatch, workloadArchSelectorMissing, imageReferenceInvalid];

export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/k8s/${name}`, import.meta.url));
}

/** Lints committed fixtures (files or folders, relative to test/fixtures/k8s) with the workload rules. */
export function lintFixtures(...names: string[]): { findings: string[]; unverified: string[] } {
  const result = lint(names.map(fixture), { rules: k8sRules });
  if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors));
  return verdicts(result);
}

/** Lints hand-built inputs: each array is one input file (Terraform-shaped or manifest-shaped resources). */
export function lintInputs(...inputs: { format?: 'terraform-plan' | 'kubernetes'; resources: ResourceInit[] }[]): { findings: string[]; unverified: string[] } {
  return verdicts(lintLoaded(inputs.map((input, i) => ({ path: `input${i}.json`, parsed: { format: input.format ?? 'terraform-plan', resources: input.resources } })), [], { rules: k8sRules }));
}

/** A Kubernetes object as the manifest reader hands it over. */
export function obj(address: string, attrs: Record<string, unknown>, options: { unknown?: unknown } = {}): ResourceInit {
  const kind = String(attrs.kind);
  return {
    address,
    kind: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'].includes(kind) ? 'k8s.workload' : kind === 'Secret' ? 'k8s.secret' : 'k8s.manifest',
    nativeType: `${String(attrs.apiVersion)}/${kind}`,
    mode: 'managed',
    action: 'unknown',
    attrs,
    unknown: options.unknown,
    pointer: `/0`,
  };
}

/** A Deployment with one container and an optional pod-spec patch. */
export function deployment(name: string, image: string, spec: Record<string, unknown> = {}): ResourceInit {
  return obj(`default/Deployment/${name}`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { template: { spec: { containers: [{ name, image }], ...spec } } },
  });
}

/**
 * `pullfix/pulumi`: a Pulumi CrossGuard policy pack that runs pullfix over a stack during
 * `pulumi preview --policy-pack` / `pulumi up --policy-pack`, so a stack whose nodes would end in
 * ErrImagePull / ImagePullBackOff is stopped before it deploys.
 *
 * A stack policy (validateStack) receives every resource of the stack; they are translated into the
 * common model by the same translators as the `pulumi preview --json` input, and the rules run once
 * per stack. Findings are reported as violations on the resource's URN, through three policies, one
 * per pullfix severity, because CrossGuard fixes the enforcement level per policy:
 *
 * | pullfix severity | policy             | enforcement level                                    |
 * |------------------|--------------------|------------------------------------------------------|
 * | error            | `pullfix-error`    | mandatory: the preview/update fails                   |
 * | warning          | `pullfix-warning`  | advisory: printed, the update proceeds                |
 * | note             | `pullfix-note`     | advisory by default; `notes: 'disabled'` hides them   |
 *
 * Values still unknown at preview time make a rule "unverified", never a violation. Levels can be
 * overridden per policy with Pulumi's policy configuration (`pulumi policy enable … --config`).
 *
 * Usage (a policy pack project's index.ts):
 *
 * ```ts
 * import { PolicyPack } from '@pulumi/policy';
 * import { pullfixPolicyPackArgs } from 'pullfix/pulumi';
 * new PolicyPack('pullfix', pullfixPolicyPackArgs());
 * ```
 */
import type {
  EnforcementLevel, PolicyPackArgs, PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy,
} from '@pulumi/policy';
import { lintLoaded, type LintOptions } from '../engine/lint.js';
import type { LintResult } from '../engine/result.js';
import { translateStates, type PulumiState } from '../inputs/pulumi/translate.js';
import type { Severity } from '../rules/define-rule.js';

export interface PullfixPolicyOptions extends LintOptions {
  /** Enforcement of `note` findings: advisory (default) or disabled. */
  readonly notes?: 'advisory' | 'disabled';
  /** Name shown as the input of findings (default `pulumi-stack`). */
  readonly inputName?: string;
}

/** pullfix severity → CrossGuard enforcement level (see the module comment). */
export function enforcementLevelOf(severity: Severity, notes: 'advisory' | 'disabled' = 'advisory'): EnforcementLevel {
  switch (severity) {
    case 'error': return 'mandatory';
    case 'warning': return 'advisory';
    case 'note': return notes;
  }
}

const SPECIAL_PROXY = '__isSpecialProxy';
const PROXY_TARGET = '__getSpecialProxyTarget';

/**
 * The plain properties behind the policy SDK's unknown-checking proxy: reading an unknown through
 * the proxy throws, while the target keeps the unknown sentinels the translators understand.
 */
function rawProps(props: unknown): unknown {
  if (typeof props !== 'object' || props === null) return props;
  const record = props as Record<string, unknown>;
  return record[SPECIAL_PROXY] === true ? record[PROXY_TARGET] : props;
}

/** PolicyResource[] (the stack as CrossGuard hands it over) → the states the Pulumi translators read. */
export function statesFromPolicyResources(resources: readonly PolicyResource[]): PulumiState[] {
  const states: PulumiState[] = [];
  const providers = new Map<string, PulumiState>();
  resources.forEach((resource, index) => {
    const dependencies: Record<string, string[]> = {};
    for (const [key, list] of Object.entries(resource.propertyDependencies ?? {})) {
      dependencies[key] = (list ?? []).map((d) => d.urn);
    }
    const provider = resource.provider;
    if (provider && !providers.has(provider.urn)) {
      providers.set(provider.urn, {
        urn: provider.urn, type: provider.type, custom: true, inputs: rawProps(provider.props), pointer: `/providers/${providers.size}`,
      });
    }
    states.push({
      urn: resource.urn,
      type: resource.type,
      // The stack's props are its outputs: inputs plus what the providers computed (unknown during preview).
      outputs: rawProps(resource.props),
      ...(resource.parent ? { parent: resource.parent.urn } : {}),
      ...(provider ? { provider: `${provider.urn}::policy` } : {}),
      propertyDependencies: dependencies,
      pointer: `/resources/${index}`,
    });
  });
  return [...providers.values(), ...states];
}

/** Lints the stack's resources with pullfix. */
export function lintPolicyResources(resources: readonly PolicyResource[], options: PullfixPolicyOptions = {}): LintResult {
  const path = options.inputName ?? 'pulumi-stack';
  const parsed = { format: 'pulumi' as const, resources: translateStates(statesFromPolicyResources(resources)) };
  return lintLoaded([{ path, parsed }], [], options);
}

const DESCRIPTIONS: Record<Severity, string> = {
  error: 'pullfix: misconfigurations that make image pulls fail (ErrImagePull / ImagePullBackOff) once deployed',
  warning: 'pullfix: configurations that likely make image pulls fail',
  note: 'pullfix: advice about image pulls',
};

/** The three stack policies (one per severity), sharing one lint run per stack. */
export function pullfixPolicies(options: PullfixPolicyOptions = {}): StackValidationPolicy[] {
  const results = new WeakMap<readonly PolicyResource[], LintResult>();
  const resultFor = (args: StackValidationArgs): LintResult => {
    let result = results.get(args.resources);
    if (!result) {
      result = lintPolicyResources(args.resources, options);
      results.set(args.resources, result);
    }
    return result;
  };
  return (['error', 'warning', 'note'] as const).map((severity) => ({
    name: `pullfix-${severity}`,
    description: DESCRIPTIONS[severity],
    enforcementLevel: enforcementLevelOf(severity, options.notes),
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
      for (const finding of resultFor(args).findings) {
        if (finding.severity !== severity || finding.suppressed) continue;
        reportViolation(`[${finding.ruleId} ${finding.ruleName}] ${finding.message} Fix: ${finding.remediation}`, finding.resource.address.split('#')[0]);
      }
    },
  }));
}

/** Arguments for `new PolicyPack(name, …)` from `@pulumi/policy`. */
export function pullfixPolicyPackArgs(options: PullfixPolicyOptions = {}): PolicyPackArgs {
  return { policies: pullfixPolicies(options) };
}

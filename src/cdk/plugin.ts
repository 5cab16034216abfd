import { dirname, resolve } from 'node:path';
import type {
  IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation,
} from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { lintLoaded } from '../engine/lint.js';
import type { Finding, LintResult } from '../engine/result.js';
import { readAssembly } from '../inputs/cloudformation/assembly.js';
import { parseStacks } from '../inputs/cloudformation/stacks.js';
import { unescapePointerToken } from '../graph/json.js';
import type { AnyRule, Severity } from '../rules/define-rule.js';
import { acceptedRules, isAccepted } from './acknowledgements.js';

declare const PULLFIX_VERSION: string | undefined;

export interface PullfixChecksProps {
  /** Rules to run; all pullfix rules by default. */
  readonly rules?: readonly AnyRule[];
  /** Rule ids or names switched off. */
  readonly disabled?: readonly string[];
  /** Lowest severity that fails synthesis (default `error`); `never` only reports. */
  readonly failOn?: Severity | 'never';
  /** Clock for rules that compare dates. */
  readonly now?: Date;
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, note: 1 };

/** Runs pullfix over the synthesized templates of the given stacks (folders of the assembly). */
export function lintTemplates(templatePaths: readonly string[], props: PullfixChecksProps = {}): LintResult {
  const byDir = new Map<string, Set<string>>();
  for (const path of templatePaths) {
    const full = resolve(path);
    const dir = dirname(full);
    let set = byDir.get(dir);
    if (!set) byDir.set(dir, (set = new Set()));
    set.add(full);
  }
  const inputs = [...byDir].map(([dir, wanted]) => {
    const stacks = readAssembly(dir).filter((s) => wanted.has(resolve(s.file)));
    const parsed = parseStacks(stacks);
    return { path: dir, parsed: { format: 'cloudformation' as const, resources: parsed.resources, files: parsed.files, warnings: parsed.warnings } };
  });
  return lintLoaded(inputs, [], {
    ...(props.rules ? { rules: props.rules } : {}),
    ...(props.disabled ? { disabled: new Set(props.disabled) } : {}),
    ...(props.now ? { now: props.now } : {}),
  });
}

/** `/Resources/<LogicalId>/Properties/NodeRole` → logical id and `Properties/NodeRole`. */
function templateLocation(pointer: string): { logicalId?: string; location: string } {
  const steps = pointer.split('/').slice(1).map(unescapePointerToken);
  if (steps[0] !== 'Resources' || steps[1] === undefined) return { location: steps.join('/') };
  return { logicalId: steps[1], location: steps.slice(2).join('/') || 'Properties' };
}

/** Findings as CDK policy violations, one per finding, with the construct path of the resource. */
export function toViolations(findings: readonly Finding[]): PolicyViolation[] {
  return findings.map((f) => {
    const { logicalId, location } = templateLocation(f.location.pointer);
    const resource = f.resource.displayPath !== undefined
      ? { constructPath: f.resource.displayPath, locations: [location] }
      : { ...(logicalId ? { resourceLogicalId: logicalId } : {}), templatePath: f.location.file, locations: [location] };
    return {
      ruleName: f.ruleId,
      description: f.message,
      fix: f.remediation,
      severity: f.severity,
      ruleMetadata: { name: f.ruleName, address: f.resource.address, pullError: f.pullError },
      violatingResources: [resource],
    };
  });
}

/**
 * pullfix as a CDK policy-validation plugin, the mechanism cdk-nag v3 uses:
 *
 * ```ts
 * Validations.of(app).addPlugins(new PullfixChecks());
 * Validations.of(nodeGroup).acknowledge({ id: 'PF-AWS-001', reason: 'nodes pull through a proxy role' });
 * ```
 *
 * It lints the templates CDK has just written, with nested stacks and Stage sub-assemblies, exactly
 * as `pullfix lint cdk.out` does, so both give the same findings. Acknowledged rules (by id with or
 * without the `Annotation::`/`pullfix::` prefix, on the construct or a parent) and
 * `PullfixSuppressions` are honoured.
 */
export class PullfixChecks implements IPolicyValidationPlugin {
  readonly name = 'pullfix';
  readonly version = typeof PULLFIX_VERSION === 'string' ? PULLFIX_VERSION : '0.1.0';
  readonly ruleIds?: string[];
  readonly #props: PullfixChecksProps;
  /** Findings of the last run, for tests and tooling. */
  lastResult: LintResult | undefined;

  constructor(props: PullfixChecksProps = {}) {
    this.#props = props;
    if (props.rules) this.ruleIds = props.rules.map((r) => r.meta.id);
  }

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const paths = context.stackTemplates?.map((s) => s.templatePath) ?? context.templatePaths;
    return this.validateTemplates(paths, context.appConstruct);
  }

  /** Lints templates directly (tests, tools); `root` supplies acknowledgements. */
  validateTemplates(templatePaths: readonly string[], root?: IConstruct): PolicyValidationPluginReport {
    const result = lintTemplates(templatePaths, this.#props);
    const accepted = root ? acceptedRules(root) : new Map<string, Map<string, string>>();
    const findings = result.findings.filter((f) => !isAccepted(f, accepted));
    this.lastResult = { ...result, findings };
    const failOn = this.#props.failOn ?? 'error';
    const success = failOn === 'never' || !findings.some((f) => RANK[f.severity] >= RANK[failOn]);
    return { success, violations: toViolations(findings) };
  }
}

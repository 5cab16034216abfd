import { Annotations, CfnElement, NestedStack, Stack, Token, type IAspect } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { lintLoaded } from '../engine/lint.js';
import type { Finding, LintResult } from '../engine/result.js';
import type { StackEnvironment } from '../inputs/cloudformation/evaluate.js';
import { parseStacks, type NestedResolver, type StackTemplate } from '../inputs/cloudformation/stacks.js';
import type { AnyRule } from '../rules/define-rule.js';
import { acceptedRules, isAccepted } from './acknowledgements.js';

export interface PullfixAspectProps {
  readonly rules?: readonly AnyRule[];
  readonly disabled?: readonly string[];
  readonly now?: Date;
}

type Renderable = { _toCloudFormation(): Record<string, unknown> };

/** The template CDK will write for a stack (Stack#_toCloudFormation, the method synthesis calls). */
function templateOf(stack: Stack): Record<string, unknown> {
  const render = (stack as unknown as Renderable)._toCloudFormation;
  if (typeof render !== 'function') throw new Error('pullfix: this aws-cdk-lib version does not expose Stack#_toCloudFormation; use PullfixChecks instead');
  return render.call(stack);
}

function envOf(stack: Stack): StackEnvironment {
  const account = Token.isUnresolved(stack.account) ? undefined : stack.account;
  const region = Token.isUnresolved(stack.region) ? undefined : stack.region;
  return { ...(account ? { account } : {}), ...(region ? { region } : {}) };
}

/** CfnElements of a stack (not of its nested stacks), with their logical ids. */
function elementsOf(stack: Stack): Map<string, CfnElement> {
  const out = new Map<string, CfnElement>();
  const visit = (c: IConstruct): void => {
    if (c !== stack && Stack.isStack(c)) return;
    if (CfnElement.isCfnElement(c)) out.set(stack.resolve(c.logicalId) as string, c);
    for (const child of c.node.children) visit(child);
  };
  visit(stack);
  return out;
}

interface InMemoryStack {
  readonly source: StackTemplate;
  /** Address of each resource → its construct. */
  readonly constructs: Map<string, IConstruct>;
}

/**
 * The stack and its nested stacks as templates in memory, addressed like the cloud assembly.
 * `rendered` is the root stack's template when synthesis has just rendered it.
 */
function inMemory(stack: Stack, rendered?: Record<string, unknown>): InMemoryStack {
  const constructs = new Map<string, IConstruct>();
  const describe = (s: Stack, prefix: string): Omit<StackTemplate, 'prefix' | 'env'> => {
    const elements = elementsOf(s);
    const paths = new Map<string, string>();
    const nestedByLogicalId = new Map<string, NestedStack>();
    for (const [logicalId, element] of elements) {
      paths.set(logicalId, element.node.path);
      constructs.set(`${prefix}${logicalId}`, element);
    }
    for (const child of s.node.findAll()) {
      if (child instanceof NestedStack && child.nestedStackParent === s && child.nestedStackResource) {
        nestedByLogicalId.set(s.resolve(child.nestedStackResource.logicalId) as string, child);
      }
    }
    const nested: NestedResolver = (logicalId) => {
      const child = nestedByLogicalId.get(logicalId);
      return child ? describe(child, `${prefix}${logicalId}/`) : undefined;
    };
    const template = s === stack && rendered ? rendered : templateOf(s);
    return { file: `${s.artifactId}.template.json`, template, paths, nested };
  };
  const prefix = `${stack.node.path}/`;
  const source: StackTemplate = { ...describe(stack, prefix), prefix, env: envOf(stack), stackName: stack.stackName };
  return { source, constructs };
}

/** The construct a finding's address belongs to (parts of a resource map to the resource). */
function constructOf(address: string, constructs: Map<string, IConstruct>): IConstruct | undefined {
  for (let a = address; a !== ''; a = a.slice(0, Math.max(0, a.lastIndexOf('/')))) {
    const found = constructs.get(a);
    if (found) return found;
    if (!a.includes('/')) break;
  }
  return undefined;
}

/**
 * pullfix as an Aspect: `Aspects.of(stack).add(new PullfixAspect())`.
 *
 * pullfix rules are cross-resource (a node group, its role and that role's policies), so the Aspect
 * never judges one construct alone: when it reaches a Stack it waits until CDK has prepared and
 * validated the app (references and nested-stack parameters resolved), takes the stack's template as
 * synthesis renders it (and its nested stacks' templates), runs the whole rule set over them, and
 * annotates the offending constructs before the stack's artifact is written:
 * `error` → `Annotations.addError`, `warning` → `addWarningV2`, `note` → `addInfo`, each prefixed with
 * the rule id. Findings accepted with `PullfixSuppressions` or `Validations.acknowledge` are skipped.
 */
export class PullfixAspect implements IAspect {
  readonly #props: PullfixAspectProps;
  readonly #seen = new WeakSet<Stack>();
  /** Results by stack path, for tests and tooling. */
  readonly results = new Map<string, LintResult>();

  constructor(props: PullfixAspectProps = {}) {
    this.#props = props;
  }

  visit(node: IConstruct): void {
    if (!Stack.isStack(node) || node.nested || this.#seen.has(node)) return;
    const stack = node;
    this.#seen.add(stack);
    // Rendering a template resolves every token of every resource, as costly as the checks on a large
    // stack. Synthesis renders the root template right after validation and collects the stack's
    // annotations only after that (synthesizeTemplate, then emitArtifact): the check runs on that very
    // rendering, so the template is rendered once and the template checked is the template written
    // (bootstrap version rule included). Validation only marks the tree as final, so a rendering before
    // it (by another Aspect, say) is not checked.
    let validated = false;
    let checked = false;
    const check = (rendered?: Record<string, unknown>): void => {
      if (!validated || checked) return;
      checked = true;
      this.#check(stack, rendered);
    };
    stack.node.addValidation({
      validate: () => {
        validated = true;
        return [];
      },
    });
    const renderable = stack as unknown as Renderable;
    const render = renderable._toCloudFormation;
    if (typeof render !== 'function') throw new Error('pullfix: this aws-cdk-lib version does not expose Stack#_toCloudFormation; use PullfixChecks instead');
    Object.defineProperty(stack, '_toCloudFormation', {
      configurable: true,
      writable: true,
      value: function renderAndCheck(this: Renderable): Record<string, unknown> {
        const template = render.call(this);
        check(template);
        return template;
      },
    });
  }

  #check(stack: Stack, rendered?: Record<string, unknown>): void {
    const { source, constructs } = inMemory(stack, rendered);
    const parsed = parseStacks([source]);
    const result = lintLoaded([{ path: stack.node.path, parsed: { format: 'cloudformation', resources: parsed.resources } }], [], {
      ...(this.#props.rules ? { rules: this.#props.rules } : {}),
      ...(this.#props.disabled ? { disabled: new Set(this.#props.disabled) } : {}),
      ...(this.#props.now ? { now: this.#props.now } : {}),
    });
    const accepted = acceptedRules(stack);
    const findings = result.findings.filter((f) => !isAccepted(f, accepted));
    this.results.set(stack.node.path, { ...result, findings });
    for (const finding of findings) annotate(finding, constructOf(finding.resource.address, constructs) ?? stack);
  }
}

function annotate(finding: Finding, construct: IConstruct): void {
  const text = `[${finding.ruleId}] ${finding.message}`;
  const annotations = Annotations.of(construct);
  if (finding.severity === 'error') annotations.addError(text);
  else if (finding.severity === 'warning') annotations.addWarningV2(`pullfix:${finding.ruleId}`, text);
  else annotations.addInfo(text);
}

import type { AttrPath, Link } from '../../graph/model.js';
import { attributePath, moduleSegments, parseTraversal } from './address.js';
import { outermost, type ConfigModule, type ConfigResource, type Expression } from './config.js';
import { isRecord } from '../../graph/json.js';

/**
 * Turns `configuration` references into links between resource instances (input-formats.md §1.5):
 * a reference is qualified with the referrer's module instance, `var.X` is followed into the module
 * call's expression in the parent scope, `module.M.out` into the output's expression in M, across
 * any depth, with memoization (each variable and output is resolved once per module instance, so the
 * whole pass is O(resources + references)) and a guard against cycles. A reference to a resource or
 * module that fans out (count/for_each) without naming an instance links every instance and is
 * flagged ambiguous. `local.*`, `count.*`, `each.key`, `path.*`, `self.*` and function calls are opaque.
 *
 * Format 0.1 plans (Terraform ≤ 1.0.0) name only the subject (`aws_iam_role.node`), so their links
 * carry an empty attribute path: the target is known, the attribute is not.
 */

/** Where an expression is evaluated: a module instance, its configuration, and `each.value`'s source. */
interface Scope {
  readonly instance: string;
  readonly module: ConfigModule;
  readonly forEach: Expression | undefined;
}

const OPAQUE_ROOTS = new Set(['local', 'count', 'path', 'terraform', 'self']);
const NONE: readonly Link[] = [];

function prefixed(instance: string, rest: string): string {
  return instance === '' ? rest : `${instance}.${rest}`;
}

function withRest(links: readonly Link[], rest: AttrPath, ambiguous: boolean): readonly Link[] {
  if (rest.length === 0 && !ambiguous) return links;
  return links.map((l) => ({
    address: l.address,
    attribute: rest.length === 0 ? l.attribute : [...l.attribute, ...rest],
    ambiguous: l.ambiguous || ambiguous,
  }));
}

function pushUnique(out: Link[], seen: Set<string>, links: readonly Link[]): void {
  for (const link of links) {
    const key = `${link.address}\u0000${link.attribute.join('\u0001')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(link);
  }
}

export class ReferenceResolver {
  /** `${moduleInstance}\0${configAddress}` → instance addresses in plan order. */
  readonly #instances: ReadonlyMap<string, readonly string[]>;
  /** Every instance address. */
  readonly #addresses: ReadonlySet<string>;
  /** `${parentInstance}\0${callName}` → child module instances seen in the plan. */
  readonly #moduleInstances = new Map<string, string[]>();
  readonly #parentOf = new Map<string, string>();
  readonly #memo = new Map<string, readonly Link[]>();
  readonly #inProgress = new Set<string>();
  readonly #linksMemo = new Map<string, ReadonlyMap<string, readonly Link[]>>();

  constructor(instances: ReadonlyMap<string, readonly string[]>, addresses: ReadonlySet<string>, moduleInstances: Iterable<string>) {
    this.#instances = instances;
    this.#addresses = addresses;
    for (const instance of moduleInstances) this.#registerModuleInstance(instance);
  }

  #registerModuleInstance(instance: string): void {
    if (instance === '' || this.#parentOf.has(instance)) return;
    let parent = '';
    for (const { call, key } of moduleSegments(instance)) {
      const child = prefixed(parent, `module.${call}${key}`);
      if (!this.#parentOf.has(child)) {
        this.#parentOf.set(child, parent);
        const listKey = `${parent}\u0000${call}`;
        const list = this.#moduleInstances.get(listKey);
        if (list) list.push(child);
        else this.#moduleInstances.set(listKey, [child]);
      }
      parent = child;
    }
  }

  #parent(instance: string): string {
    let parent = this.#parentOf.get(instance);
    if (parent === undefined) {
      this.#registerModuleInstance(instance);
      parent = this.#parentOf.get(instance) ?? '';
    }
    return parent;
  }

  /** Links of one resource instance, keyed by link key; shared by instances of the same module instance. */
  linksOf(moduleInstance: string, resource: ConfigResource): ReadonlyMap<string, readonly Link[]> {
    const memoKey = `${moduleInstance}\u0000${resource.module.path}\u0000${resource.json.address ?? ''}`;
    const cached = this.#linksMemo.get(memoKey);
    if (cached) return cached;
    const scope: Scope = { instance: moduleInstance, module: resource.module, forEach: resource.json.for_each_expression };
    const links = new Map<string, readonly Link[]>();
    for (const [key, refs] of resource.refs) {
      const resolved = this.#resolveAll(refs, scope);
      if (resolved.length > 0) links.set(key, resolved);
    }
    this.#linksMemo.set(memoKey, links);
    return links;
  }

  #resolveAll(refs: readonly string[], scope: Scope): readonly Link[] {
    if (refs.length === 1) return this.#resolve(refs[0]!, scope);
    const out: Link[] = [];
    const seen = new Set<string>();
    for (const ref of refs) pushUnique(out, seen, this.#resolve(ref, scope));
    return out;
  }

  #resolveExpression(expression: unknown, scope: Scope): readonly Link[] {
    if (!isRecord(expression) || !Array.isArray(expression.references)) return NONE;
    return this.#resolveAll(outermost(expression.references), scope);
  }

  #resolve(ref: string, scope: Scope): readonly Link[] {
    const steps = parseTraversal(ref);
    const root = steps?.[0]?.name;
    if (!steps || root === undefined || OPAQUE_ROOTS.has(root)) return NONE;
    switch (root) {
      case 'var': {
        const name = steps[1]?.name;
        if (name === undefined) return NONE;
        return withRest(this.#variable(scope.instance, scope.module, name), attributePath(steps.slice(2)), false);
      }
      case 'module': {
        const call = steps[1]?.name;
        if (call === undefined) return NONE;
        let i = 2;
        let key: string | undefined;
        if (steps[2] && steps[2].name === undefined) {
          key = steps[2].text;
          i = 3;
        }
        const output = steps[i]?.name;
        if (output === undefined) return NONE; // the whole module object: which output is meant is unknown
        return withRest(this.#output(scope, call, key, output), attributePath(steps.slice(i + 1)), false);
      }
      case 'each': {
        // `each.value` stands for an element of the for_each collection: every element may be meant.
        if (steps[1]?.name !== 'value' || !scope.forEach) return NONE;
        const rest = attributePath(steps.slice(2));
        const targets = this.#resolveExpression(scope.forEach, { ...scope, forEach: undefined });
        return targets.map((l) => ({
          address: l.address,
          attribute: l.attribute.length === 0 ? rest : l.attribute,
          ambiguous: true,
        }));
      }
      case 'data': {
        const type = steps[1]?.name;
        const name = steps[2]?.name;
        if (type === undefined || name === undefined) return NONE;
        return this.#resource(scope.instance, `data.${type}.${name}`, steps, 3);
      }
      default: {
        const name = steps[1]?.name;
        if (name === undefined) return NONE;
        return this.#resource(scope.instance, `${root}.${name}`, steps, 2);
      }
    }
  }

  #resource(instance: string, configAddress: string, steps: ReturnType<typeof parseTraversal> & object, at: number): readonly Link[] {
    const keyStep = steps[at];
    if (keyStep && keyStep.name === undefined) {
      const address = prefixed(instance, `${configAddress}${keyStep.text}`);
      if (!this.#addresses.has(address)) return NONE;
      return [{ address, attribute: attributePath(steps.slice(at + 1)), ambiguous: false }];
    }
    const addresses = this.#instances.get(`${instance}\u0000${configAddress}`);
    if (!addresses || addresses.length === 0) return NONE;
    const attribute = attributePath(steps.slice(at));
    const ambiguous = addresses.length > 1;
    return addresses.map((address) => ({ address, attribute, ambiguous }));
  }

  /** `var.name` inside a module instance: the call's expression, evaluated in the parent instance. */
  #variable(instance: string, module: ConfigModule, name: string): readonly Link[] {
    if (instance === '' || !module.parent || !module.call) return NONE; // root variables are values, not links
    const memoKey = `v\u0000${instance}\u0000${name}`;
    const cached = this.#memo.get(memoKey);
    if (cached) return cached;
    if (this.#inProgress.has(memoKey)) return NONE;
    this.#inProgress.add(memoKey);
    const scope: Scope = { instance: this.#parent(instance), module: module.parent, forEach: module.call.for_each_expression };
    const result = this.#resolveExpression(module.call.expressions?.[name], scope);
    this.#inProgress.delete(memoKey);
    this.#memo.set(memoKey, result);
    return result;
  }

  /** `module.call[key].output` from a scope: the output's expression, evaluated in the child instance(s). */
  #output(scope: Scope, call: string, key: string | undefined, output: string): readonly Link[] {
    const child = scope.module.children.get(call);
    if (!child) return NONE;
    let instances: readonly string[];
    const fansOut = child.call?.count_expression !== undefined || child.call?.for_each_expression !== undefined;
    if (key !== undefined) instances = [prefixed(scope.instance, `module.${call}${key}`)];
    else if (fansOut) instances = this.#moduleInstances.get(`${scope.instance}\u0000${call}`) ?? [];
    else instances = [prefixed(scope.instance, `module.${call}`)];
    const expression = child.json.outputs?.[output]?.expression;
    const ambiguous = instances.length > 1;
    const out: Link[] = [];
    const seen = new Set<string>();
    for (const instance of instances) {
      const memoKey = `o\u0000${instance}\u0000${output}`;
      let result = this.#memo.get(memoKey);
      if (!result) {
        if (this.#inProgress.has(memoKey)) continue;
        this.#inProgress.add(memoKey);
        result = this.#resolveExpression(expression, { instance, module: child, forEach: undefined });
        this.#inProgress.delete(memoKey);
        this.#memo.set(memoKey, result);
      }
      pushUnique(out, seen, ambiguous ? withRest(result, [], true) : result);
    }
    return out;
  }
}

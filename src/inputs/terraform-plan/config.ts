import { pointerToken } from '../../graph/resource.js';
import { isRecord } from '../../graph/json.js';

/**
 * Index of a plan's `configuration` block (jsonconfig): modules by configuration path, their
 * resources, outputs, variables and module calls, and each resource's reference expressions
 * flattened to link keys. Built once per plan, in one walk.
 */

export interface Expression {
  readonly references?: readonly string[];
  readonly constant_value?: unknown;
}

interface ModuleCallJson {
  readonly expressions?: Record<string, Expression>;
  readonly count_expression?: Expression;
  readonly for_each_expression?: Expression;
  readonly module?: ModuleJson;
}

interface ModuleJson {
  readonly outputs?: Record<string, { expression?: Expression }>;
  readonly resources?: ConfigResourceJson[];
  readonly module_calls?: Record<string, ModuleCallJson>;
  readonly variables?: Record<string, { default?: unknown }>;
}

export interface ConfigResourceJson {
  readonly address?: string;
  readonly mode?: string;
  readonly type?: string;
  readonly provider_config_key?: string;
  readonly expressions?: Record<string, unknown>;
  readonly count_expression?: Expression;
  readonly for_each_expression?: Expression;
}

/** A configuration resource with its references flattened: link key → outermost references. */
export interface ConfigResource {
  readonly json: ConfigResourceJson;
  readonly module: ConfigModule;
  /** Link key ("kubelet_identity.object_id") → references, each kept only in its longest form. */
  readonly refs: ReadonlyMap<string, readonly string[]>;
  readonly providerKey: string | undefined;
  /** RFC 6901 pointer of the resource in the plan (`/configuration/root_module/resources/3`). */
  readonly pointer: string;
}

export interface ConfigModule {
  /** `""` for the root, `module.a.module.b` below. */
  readonly path: string;
  readonly parent: ConfigModule | undefined;
  /** Name of the call in the parent that instantiates this module. */
  readonly callName: string | undefined;
  /** That call (its `expressions` are evaluated in the parent's scope). */
  readonly call: ModuleCallJson | undefined;
  readonly json: ModuleJson;
  readonly resources: Map<string, ConfigResource>;
  readonly children: Map<string, ConfigModule>;
}

/**
 * Keeps the references that are not a prefix of another one in the list. Terraform ≥ 1.0.1 lists
 * every reference followed by its shorter prefixes down to the subject (`a.b.c`, `a.b`, `a`); the
 * longest form says the most, and distinct references (a template `"${a.x}-${b.y}"`) all stay.
 */
export function outermost(references: readonly unknown[]): string[] {
  const refs = references.filter((r): r is string => typeof r === 'string');
  if (refs.length <= 1) return refs;
  const out: string[] = [];
  for (const candidate of refs) {
    let isPrefix = false;
    for (const other of refs) {
      if (other.length > candidate.length && other.startsWith(candidate)) {
        const next = other.charCodeAt(candidate.length);
        if (next === 46 /* . */ || next === 91 /* [ */) {
          isPrefix = true;
          break;
        }
      }
    }
    if (!isPrefix && !out.includes(candidate)) out.push(candidate);
  }
  return out;
}

function addRefs(out: Map<string, string[]>, key: string, references: readonly unknown[]): void {
  const refs = outermost(references);
  if (refs.length === 0) return;
  const existing = out.get(key);
  if (!existing) {
    out.set(key, refs);
    return;
  }
  for (const ref of refs) if (!existing.includes(ref)) existing.push(ref);
}

/**
 * Walks an expression tree: `{references}` / `{constant_value}` / `{}` are expressions; a list of
 * objects is a list/set of nested blocks and an other object a single block, whose keys are the
 * block's attributes. `dynamic` blocks do not appear in the JSON (Terraform drops them).
 */
function collect(value: unknown, key: string, out: Map<string, string[]>): void {
  if (Array.isArray(value)) {
    for (const element of value) if (isRecord(element)) collectBlock(element, key, out);
    return;
  }
  if (!isRecord(value)) return;
  if (Array.isArray(value.references)) {
    addRefs(out, key, value.references);
    return;
  }
  if ('constant_value' in value) return;
  collectBlock(value, key, out);
}

function collectBlock(block: Record<string, unknown>, prefix: string, out: Map<string, string[]>): void {
  for (const key in block) collect(block[key], prefix ? `${prefix}.${key}` : key, out);
}

/** Every module of the configuration, by configuration path. */
export function indexConfiguration(configuration: unknown): Map<string, ConfigModule> {
  const modules = new Map<string, ConfigModule>();
  if (!isRecord(configuration) || !isRecord(configuration.root_module)) return modules;
  const visit = (
    json: ModuleJson, path: string, parent: ConfigModule | undefined, callName: string | undefined, call: ModuleCallJson | undefined,
    pointer: string,
  ): ConfigModule => {
    const module: ConfigModule = { path, parent, callName, call, json, resources: new Map(), children: new Map() };
    modules.set(path, module);
    const list = Array.isArray(json.resources) ? json.resources : [];
    for (let i = 0; i < list.length; i += 1) {
      const resource = list[i];
      if (!isRecord(resource) || typeof resource.address !== 'string') continue;
      const refs = new Map<string, string[]>();
      if (isRecord(resource.expressions)) collectBlock(resource.expressions, '', refs);
      module.resources.set(resource.address, {
        json: resource,
        module,
        refs,
        providerKey: typeof resource.provider_config_key === 'string' ? resource.provider_config_key : undefined,
        pointer: `${pointer}/resources/${i}`,
      });
    }
    const calls = isRecord(json.module_calls) ? json.module_calls : {};
    for (const name in calls) {
      const childCall = calls[name];
      if (!isRecord(childCall)) continue;
      const childJson = isRecord(childCall.module) ? childCall.module : {};
      const childPath = `${path ? `${path}.` : ''}module.${name}`;
      module.children.set(name, visit(childJson, childPath, module, name, childCall, `${pointer}/module_calls/${pointerToken(name)}/module`));
    }
    return module;
  };
  visit(configuration.root_module as ModuleJson, '', undefined, undefined, undefined, '/configuration/root_module');
  return modules;
}

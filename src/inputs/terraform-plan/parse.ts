import type { AttrPath, PlannedAction, ResourceInit, UnknownReason } from '../../graph/model.js';
import { pointerToken } from '../../graph/resource.js';
import { InputError, type InputParser, type InputSource, type ParsedInput } from '../types.js';
import { configModuleOf, splitAddress } from './address.js';
import { indexConfiguration, type ConfigModule, type ConfigResource } from './config.js';
import { isConfigured, rebuildBlocks } from './configured.js';
import { ContextResolver } from './context.js';
import { kindOfTerraformType } from './kinds.js';
import { withKubernetesShape } from './kubernetes.js';
import { ReferenceResolver } from './references.js';
import { isRecord } from '../../graph/json.js';

interface PlanChange {
  actions?: string[];
  after?: unknown;
  after_unknown?: unknown;
  after_sensitive?: unknown;
}

interface PlanResourceChange {
  address?: string;
  module_address?: string;
  mode?: string;
  type?: string;
  name?: string;
  deposed?: string;
  change?: PlanChange;
}

interface StateResource {
  address?: string;
  mode?: string;
  type?: string;
  name?: string;
  values?: Record<string, unknown>;
  sensitive_values?: unknown;
}

interface StateModule {
  address?: string;
  resources?: StateResource[];
  child_modules?: StateModule[];
}

/** A resource instance found in the plan, before links and context are attached. */
interface Entry {
  readonly address: string;
  readonly moduleInstance: string;
  readonly configModule: string;
  readonly configAddress: string;
  readonly type: string;
  readonly mode: 'managed' | 'data';
  readonly action: PlannedAction;
  readonly attrs: Record<string, unknown>;
  readonly unknown?: unknown;
  readonly unknownReason: UnknownReason;
  readonly sensitive?: unknown;
  readonly pointer: string;
  readonly valuesPointer: string;
}

const SUPPORTED_MAJORS = new Set([0, 1]);
const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/** A plan is recognized by `format_version` plus one of the keys only plans carry. */
function isPlan(json: unknown): json is Record<string, unknown> {
  return isRecord(json)
    && typeof json.format_version === 'string'
    && ('resource_changes' in json || 'planned_values' in json || 'configuration' in json);
}

function plannedAction(actions: readonly string[] | undefined): PlannedAction | 'delete' {
  if (actions?.length === 1) {
    const only = actions[0];
    if (only === 'no-op' || only === 'create' || only === 'update' || only === 'read') return only;
  }
  const joined = (actions ?? []).join(',');
  switch (joined) {
    case 'create': return 'create';
    case 'update': return 'update';
    case 'no-op': return 'no-op';
    case 'read': return 'read';
    case 'delete,create':
    case 'create,delete': return 'replace';
    case 'delete':
    case 'forget': return 'delete';
    case 'create,forget': return 'create';
    default: return 'unknown';
  }
}

function* stateResources(module: StateModule | undefined, pointer: string): Generator<[StateResource, string, string]> {
  if (!isRecord(module)) return;
  const moduleInstance = typeof module.address === 'string' ? module.address : '';
  const resources = Array.isArray(module.resources) ? module.resources : [];
  for (let i = 0; i < resources.length; i += 1) yield [resources[i]!, `${pointer}/resources/${i}`, moduleInstance];
  const children = Array.isArray(module.child_modules) ? module.child_modules : [];
  for (let i = 0; i < children.length; i += 1) yield* stateResources(children[i], `${pointer}/child_modules/${i}`);
}

function pointerFn(base: string): (path: AttrPath) => string {
  return (path) => {
    let out = base;
    for (const step of path) out += `/${pointerToken(step)}`;
    return out;
  };
}

/** Attributes and unknown mirror with the rebuilt nested blocks (see withRebuiltBlocks). */
interface RebuiltAttrs {
  readonly attrs: Record<string, unknown>;
  readonly unknown: Record<string, unknown>;
  /** Top-level keys whose value now comes from the configuration. */
  readonly keys: ReadonlySet<string>;
}

/**
 * Nested blocks a provider planned wholly unknown although the configuration writes them out
 * (legacy SDK sets turn unknown as soon as one element holds an unknown value): rebuilt from the
 * configuration, literal leaves known, referencing leaves unknown (their links stay recorded).
 * Attributes the configuration does not set are left as planned.
 */
function withRebuiltBlocks(attrs: Record<string, unknown>, unknown: unknown, expressions: Record<string, unknown> | undefined): RebuiltAttrs | undefined {
  if (!expressions || !isRecord(unknown)) return undefined;
  let out: RebuiltAttrs | undefined;
  for (const key in unknown) {
    if (unknown[key] !== true || expressions[key] === undefined) continue;
    const rebuilt = rebuildBlocks(expressions[key]);
    if (!rebuilt) continue;
    out ??= { attrs: { ...attrs }, unknown: { ...unknown }, keys: new Set() };
    out.attrs[key] = rebuilt.value;
    out.unknown[key] = rebuilt.unknown;
    (out.keys as Set<string>).add(key);
  }
  return out;
}

/** Address parts from the fields Terraform writes, falling back to parsing the address. */
function locate(address: string, mode: string | undefined, type: string | undefined, name: string | undefined, moduleInstance: string | undefined): Pick<Entry, 'moduleInstance' | 'configModule' | 'configAddress'> | undefined {
  if (typeof type === 'string' && typeof name === 'string' && typeof moduleInstance === 'string') {
    return {
      moduleInstance,
      configModule: configModuleOf(moduleInstance),
      configAddress: `${mode === 'data' ? 'data.' : ''}${type}.${name}`,
    };
  }
  return splitAddress(address);
}

/**
 * Reads `terraform show -json` plans, format_version 0.1 through 1.x.
 *
 * - Managed resources come from `resource_changes` (`after` is the post-deploy state and
 *   `after_unknown` marks values known only after apply); deletes, forgets and deposed objects are
 *   dropped; `planned_values` supplies resources that have no change entry.
 * - Data sources read at plan time come from `prior_state`; reads deferred to apply (`read`
 *   changes) keep their unknown attributes, with reason `external`.
 * - Links come from `configuration` references (see ReferenceResolver); provider context (region,
 *   account, subscription) from provider configurations and account data sources (ContextResolver).
 * - `after_sensitive` is handed over as the resource's sensitivity mirror; values are not copied.
 */
export const terraformPlanParser: InputParser = {
  format: 'terraform-plan',
  expected: 'a Terraform plan (`terraform show -json tfplan`)',
  accepts(source: InputSource): boolean {
    return isPlan(source.json);
  },
  parse(source: InputSource): ParsedInput {
    const plan = source.json;
    if (!isPlan(plan)) {
      throw new InputError(source.path, 'not a Terraform plan: expected format_version and resource_changes/planned_values (`terraform show -json tfplan`)');
    }
    const version = String(plan.format_version);
    const major = Number(version.split('.')[0]);
    if (!SUPPORTED_MAJORS.has(major)) {
      throw new InputError(source.path, `Terraform plan format_version ${version} is not supported (expected 0.x or 1.x)`);
    }

    const entries: Entry[] = [];
    const seen = new Set<string>();
    const add = (entry: Entry): void => {
      seen.add(entry.address);
      entries.push(entry);
    };

    const changes = Array.isArray(plan.resource_changes) ? (plan.resource_changes as PlanResourceChange[]) : [];
    for (let i = 0; i < changes.length; i += 1) {
      const rc = changes[i];
      if (typeof rc !== 'object' || rc === null || typeof rc.address !== 'string' || typeof rc.type !== 'string') continue;
      if (rc.deposed !== undefined) continue; // a deposed object is the old half of a replacement: it goes away
      const change: PlanChange = isRecord(rc.change) ? rc.change : {};
      const action = plannedAction(change.actions);
      if (action === 'delete' || seen.has(rc.address)) continue;
      const where = locate(rc.address, rc.mode, rc.type, rc.name, rc.module_address ?? (rc.address.startsWith('module.') ? undefined : ''));
      if (!where) continue;
      const mode = rc.mode === 'data' ? 'data' : 'managed';
      add({
        address: rc.address,
        ...where,
        type: rc.type,
        mode,
        action,
        attrs: isRecord(change.after) ? change.after : EMPTY,
        unknown: change.after_unknown,
        // Data sources that Terraform defers to apply are read from infrastructure outside the plan.
        unknownReason: mode === 'data' ? 'external' : 'computed',
        sensitive: change.after_sensitive,
        pointer: `/resource_changes/${i}`,
        valuesPointer: `/resource_changes/${i}/change/after`,
      });
    }

    const prior = isRecord(plan.prior_state) && isRecord(plan.prior_state.values) ? plan.prior_state.values : undefined;
    for (const [resource, pointer, moduleInstance] of stateResources(prior?.root_module as StateModule | undefined, '/prior_state/values/root_module')) {
      if (typeof resource !== 'object' || resource === null || resource.mode !== 'data' || typeof resource.address !== 'string' || typeof resource.type !== 'string') continue;
      if (seen.has(resource.address)) continue;
      const where = locate(resource.address, resource.mode, resource.type, resource.name, moduleInstance);
      if (!where) continue;
      add({
        address: resource.address,
        ...where,
        type: resource.type,
        mode: 'data',
        action: 'read',
        attrs: isRecord(resource.values) ? resource.values : EMPTY,
        unknownReason: 'external',
        sensitive: resource.sensitive_values,
        pointer,
        valuesPointer: `${pointer}/values`,
      });
    }

    // Resources without a change entry (older or trimmed plans): planned_values, where unknown values
    // are simply absent.
    const planned = isRecord(plan.planned_values) ? plan.planned_values : undefined;
    for (const [resource, pointer, moduleInstance] of stateResources(planned?.root_module as StateModule | undefined, '/planned_values/root_module')) {
      if (typeof resource !== 'object' || resource === null || typeof resource.address !== 'string' || typeof resource.type !== 'string') continue;
      if (seen.has(resource.address)) continue;
      const where = locate(resource.address, resource.mode, resource.type, resource.name, moduleInstance);
      if (!where) continue;
      const mode = resource.mode === 'data' ? 'data' : 'managed';
      add({
        address: resource.address,
        ...where,
        type: resource.type,
        mode,
        action: mode === 'data' ? 'read' : 'unknown',
        attrs: isRecord(resource.values) ? resource.values : EMPTY,
        unknownReason: mode === 'data' ? 'external' : 'computed',
        sensitive: resource.sensitive_values,
        pointer,
        valuesPointer: `${pointer}/values`,
      });
    }

    // Indexes for link resolution: instances by (module instance, config address), module instances.
    const modules = indexConfiguration(plan.configuration);
    const byConfig = new Map<string, string[]>();
    const moduleInstances = new Set<string>();
    const configOf: (ConfigResource | undefined)[] = new Array(entries.length);
    const context = new ContextResolver(plan.configuration, modules, plan.variables);
    for (let i = 0; i < entries.length; i += 1) {
      const entry = entries[i]!;
      const key = `${entry.moduleInstance}\u0000${entry.configAddress}`;
      const list = byConfig.get(key);
      if (list) list.push(entry.address);
      else byConfig.set(key, [entry.address]);
      if (entry.moduleInstance !== '') moduleInstances.add(entry.moduleInstance);
      const module: ConfigModule | undefined = modules.get(entry.configModule);
      const config = module?.resources.get(entry.configAddress);
      configOf[i] = config;
      if (entry.mode === 'data') context.noteDataSource(entry.type, config?.providerKey, entry.attrs);
    }
    const references = new ReferenceResolver(byConfig, seen, moduleInstances);

    const resources: ResourceInit[] = new Array(entries.length);
    for (let i = 0; i < entries.length; i += 1) {
      const entry = entries[i]!;
      const config = configOf[i];
      const resourceContext = context.contextOf(entry.type, config?.providerKey, entry.attrs);
      const expressions = config && isRecord(config.json.expressions) ? config.json.expressions : undefined;
      const rebuilt = entry.mode === 'managed' ? withRebuiltBlocks(entry.attrs, entry.unknown, expressions) : undefined;
      let pointerOf = pointerFn(entry.valuesPointer);
      if (rebuilt && config) {
        // Rebuilt values live in the configuration: point there.
        const fromValues = pointerOf;
        const fromConfig = pointerFn(`${config.pointer}/expressions`);
        pointerOf = (path) => (typeof path[0] === 'string' && rebuilt.keys.has(path[0]) ? fromConfig(path) : fromValues(path));
      }
      resources[i] = {
        address: entry.address,
        kind: kindOfTerraformType(entry.type),
        nativeType: entry.type,
        mode: entry.mode,
        action: entry.action,
        attrs: rebuilt ? rebuilt.attrs : entry.attrs,
        unknown: rebuilt ? rebuilt.unknown : entry.unknown,
        unknownReason: entry.unknownReason,
        pointer: entry.pointer,
        pointerOf,
        ...(expressions ? { configured: (path: AttrPath) => isConfigured(expressions, path) } : {}),
        ...(config && config.refs.size > 0 ? { links: references.linksOf(entry.moduleInstance, config) } : {}),
        ...(resourceContext ? { context: resourceContext } : {}),
        ...(entry.sensitive !== undefined && entry.sensitive !== false ? { sensitive: entry.sensitive } : {}),
      };
    }
    const warnings = plan.errored === true
      ? ['the plan is marked errored: Terraform could not complete it, so resources may be missing']
      : undefined;
    // Kubernetes resources are reshaped into API objects whose paths the configuration does not use.
    const shaped = resources.map((r): ResourceInit => {
      const out = withKubernetesShape(r, plan);
      if (out === r || out.configured === undefined) return out;
      const { configured: _terraformPaths, ...rest } = out;
      return rest;
    });
    return { format: 'terraform-plan', resources: shaped, ...(warnings ? { warnings } : {}) };
  },
};

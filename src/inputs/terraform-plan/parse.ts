import type { PlannedAction, ResourceInit } from '../../graph/model.js';
import { pointerToken } from '../../graph/resource.js';
import { InputError, type InputParser, type InputSource, type ParsedInput } from '../types.js';
import { kindOfTerraformType } from './kinds.js';

interface PlanChange {
  actions?: string[];
  after?: unknown;
  after_unknown?: unknown;
}

interface PlanResourceChange {
  address?: string;
  mode?: string;
  type?: string;
  change?: PlanChange;
}

interface StateResource {
  address?: string;
  mode?: string;
  type?: string;
  values?: Record<string, unknown>;
}

interface StateModule {
  resources?: StateResource[];
  child_modules?: StateModule[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A plan is recognized by `format_version` plus one of the keys only plans carry. */
function isPlan(json: unknown): json is Record<string, unknown> {
  return isRecord(json)
    && typeof json.format_version === 'string'
    && ('resource_changes' in json || 'planned_values' in json || 'configuration' in json);
}

function plannedAction(actions: readonly string[] | undefined): PlannedAction | 'delete' {
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

function* stateResources(module: StateModule | undefined, pointer: string): Generator<[StateResource, string]> {
  if (!module) return;
  const resources = module.resources ?? [];
  for (let i = 0; i < resources.length; i += 1) yield [resources[i]!, `${pointer}/resources/${i}`];
  const children = module.child_modules ?? [];
  for (let i = 0; i < children.length; i += 1) yield* stateResources(children[i], `${pointer}/child_modules/${i}`);
}

/**
 * Reads `terraform show -json` plans (format_version 0.x and 1.x). Managed resources come from
 * `resource_changes` (their `after` is the post-deploy state; deletes are dropped); data sources read
 * at plan time come from `prior_state`, and data reads deferred to apply stay unknown.
 */
export const terraformPlanParser: InputParser = {
  format: 'terraform-plan',
  expected: 'a Terraform plan (`terraform show -json tfplan`)',
  accepts(source: InputSource): boolean {
    return isPlan(source.json);
  },
  parse(source: InputSource): ParsedInput {
    const plan = source.json;
    if (!isPlan(plan)) throw new InputError(source.path, 'not a Terraform plan: no format_version/resource_changes');
    const major = Number(String(plan.format_version).split('.')[0]);
    if (!(major === 0 || major === 1)) {
      throw new InputError(source.path, `Terraform plan format_version ${String(plan.format_version)} is not supported (expected 0.x or 1.x)`);
    }
    const resources: ResourceInit[] = [];
    const seen = new Set<string>();
    const changes = Array.isArray(plan.resource_changes) ? (plan.resource_changes as PlanResourceChange[]) : [];
    changes.forEach((rc, i) => {
      if (typeof rc?.address !== 'string' || typeof rc.type !== 'string') return;
      const change: PlanChange = isRecord(rc.change) ? rc.change : {};
      const action = plannedAction(change.actions);
      if (action === 'delete') return;
      const after = isRecord(change.after) ? change.after : {};
      resources.push({
        address: rc.address,
        kind: kindOfTerraformType(rc.type),
        nativeType: rc.type,
        mode: rc.mode === 'data' ? 'data' : 'managed',
        action,
        attrs: after,
        unknown: change.after_unknown,
        // Data sources that Terraform defers to apply are read from infrastructure outside the plan.
        unknownReason: rc.mode === 'data' ? 'external' : 'computed',
        pointer: `/resource_changes/${i}`,
        pointerOf: (path) => `/resource_changes/${i}/change/after${path.map((s) => `/${pointerToken(s)}`).join('')}`,
      });
      seen.add(rc.address);
    });
    const prior = isRecord(plan.prior_state) && isRecord(plan.prior_state.values) ? plan.prior_state.values : undefined;
    for (const [resource, pointer] of stateResources(prior?.root_module as StateModule | undefined, '/prior_state/values/root_module')) {
      if (resource.mode !== 'data' || typeof resource.address !== 'string' || typeof resource.type !== 'string') continue;
      if (seen.has(resource.address)) continue;
      seen.add(resource.address);
      resources.push({
        address: resource.address,
        kind: kindOfTerraformType(resource.type),
        nativeType: resource.type,
        mode: 'data',
        action: 'read',
        attrs: isRecord(resource.values) ? resource.values : {},
        pointer,
        pointerOf: (path) => `${pointer}/values${path.map((s) => `/${pointerToken(s)}`).join('')}`,
      });
    }
    return { format: 'terraform-plan', resources };
  },
};

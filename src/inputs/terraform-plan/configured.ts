import { isRecord } from '../../graph/json.js';

/**
 * What a resource's `configuration` block says about its attributes beyond references:
 * whether an attribute is set at all, and the literal parts of nested blocks Terraform plans
 * wholly unknown.
 *
 * Expression encoding (input-formats.md §1.4): `{constant_value}`, `{references}` or `{}` (a function
 * call) for an attribute; an array of objects for a list/set of nested blocks; an object for a single
 * block. Two limits of the encoding shape what can be told:
 * - `dynamic` blocks are dropped from the JSON, so a block produced only by `dynamic` looks unset;
 * - attributes-as-blocks (legacy SDK `ConfigMode: SchemaConfigModeAttr`: `aws_route_table.route`,
 *   `aws_security_group.ingress/egress`, `aws_network_acl.ingress/egress`, `azurerm_route_table.route`,
 *   `azurerm_network_security_group.security_rule`) are ONE attribute expression: when any block
 *   refers to something, the JSON holds only `{references}`, with no literal field and no block count.
 *   Nothing in the plan can rebuild those; they stay unknown and keep their links.
 */

/** An attribute expression (as opposed to a nested block): `{references}`, `{constant_value}` or `{}`. */
function isExpression(value: Record<string, unknown>): boolean {
  if ('references' in value || 'constant_value' in value) return true;
  for (const _ in value) return false;
  return true;
}

/**
 * Whether the configuration sets the attribute at `path` (`["private_dns_enabled"]`,
 * `["route", 0, "cidr_block"]`, `["ingress", "security_groups"]`). A name applied to a block list
 * looks into every block (any block setting it counts); a position picks one block. `null` literals
 * count as unset. `undefined` when the configuration cannot tell: below an attribute expression
 * (an attributes-as-blocks set written with references, a map, a function call). Blocks written with
 * `dynamic` are not in the configuration JSON and read as unset.
 */
export function isConfigured(expressions: Readonly<Record<string, unknown>>, path: readonly (string | number)[]): boolean | undefined {
  let nodes: unknown[] = [expressions];
  for (let i = 0; i < path.length; i += 1) {
    const step = path[i]!;
    const next: unknown[] = [];
    for (const node of nodes) {
      if (Array.isArray(node)) {
        if (typeof step === 'number') {
          if (node[step] !== undefined) next.push(node[step]);
        } else {
          for (const element of node) if (isRecord(element) && element[step] !== undefined) next.push(element[step]);
        }
        continue;
      }
      if (!isRecord(node)) continue;
      if (node !== expressions && isExpression(node)) {
        // Below an attribute expression: a literal can be looked into, anything else cannot.
        if (!('constant_value' in node)) return undefined;
        const inner = literalAt(node.constant_value, path.slice(i));
        return inner !== undefined && inner !== null;
      }
      if (typeof step === 'string' && node[step] !== undefined) next.push(node[step]);
    }
    if (next.length === 0) return false;
    nodes = next;
  }
  for (const node of nodes) {
    if (!isRecord(node) || node === expressions || !isExpression(node)) return true; // a block is set
    if (!('constant_value' in node) || node.constant_value !== null) return true;
  }
  return false;
}

function literalAt(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number') current = Array.isArray(current) ? current[step] : undefined;
    else if (Array.isArray(current)) current = current.length === 1 && isRecord(current[0]) ? current[0][step] : undefined;
    else current = isRecord(current) ? current[step] : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

/** A partially known value rebuilt from block expressions, with its `after_unknown`-shaped mirror. */
export interface Rebuilt {
  readonly value: unknown;
  /** `true` for an unknown leaf; objects omit known keys; lists keep positions (`{}` for a known block). */
  readonly unknown: unknown;
}

/**
 * Rebuilds a nested-block attribute Terraform planned wholly unknown from its configuration: literal
 * leaves from `constant_value`, leaves with references or function calls unknown, unset fields absent
 * (never a provider default). Only for nested blocks written out statically (a block list or a single
 * block); an attribute expression returns undefined. A `dynamic` block next to static ones is invisible
 * here, which the configuration JSON cannot reveal.
 */
export function rebuildBlocks(expression: unknown): Rebuilt | undefined {
  if (Array.isArray(expression)) {
    if (expression.length === 0 || !expression.every(isRecord)) return undefined;
    const value: unknown[] = [];
    const unknown: unknown[] = [];
    for (const block of expression as Record<string, unknown>[]) {
      const rebuilt = rebuildBlock(block);
      value.push(rebuilt.value);
      unknown.push(rebuilt.unknown);
    }
    return { value, unknown };
  }
  if (isRecord(expression) && !isExpression(expression)) return rebuildBlock(expression);
  return undefined;
}

function rebuildBlock(block: Record<string, unknown>): { value: Record<string, unknown>; unknown: Record<string, unknown> } {
  const value: Record<string, unknown> = {};
  const unknown: Record<string, unknown> = {};
  for (const key in block) {
    const child = block[key];
    if (isRecord(child) && isExpression(child)) {
      if ('constant_value' in child) {
        if (child.constant_value !== null) value[key] = child.constant_value;
      } else {
        unknown[key] = true;
      }
      continue;
    }
    const nested = rebuildBlocks(child);
    if (nested) {
      value[key] = nested.value;
      unknown[key] = nested.unknown;
    } else if (Array.isArray(child) && child.length === 0) {
      value[key] = [];
    }
  }
  return { value, unknown };
}

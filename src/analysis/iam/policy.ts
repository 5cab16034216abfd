import { isRecord } from '../../graph/json.js';

/**
 * IAM policy documents as AWS evaluates them: statements with Action/NotAction, Resource/NotResource,
 * Principal/NotPrincipal and Condition blocks; `*` and `?` wildcards; explicit Deny.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */

/** Tri-state answer: a statement matches, does not match, or cannot be decided from the inputs. */
export type Tri = 'yes' | 'no' | 'unknown';

export interface Principals {
  readonly any: boolean;
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly federated: readonly string[];
}

/** Condition block: operator → key → values. */
export type Conditions = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

export interface Statement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
  readonly principal?: Principals;
  readonly notPrincipal?: Principals;
  readonly conditions?: Conditions;
}

export interface PolicyDocument {
  readonly statements: readonly Statement[];
}

function strings(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) return value.flatMap((v) => strings(v) ?? []);
  return undefined;
}

function principals(value: unknown): Principals | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === '*') return { any: true, aws: [], service: [], federated: [] };
  if (!isRecord(value)) return { any: false, aws: [], service: [], federated: [] };
  const aws = strings(value.AWS) ?? [];
  return {
    any: aws.includes('*'),
    aws,
    service: strings(value.Service) ?? [],
    federated: strings(value.Federated) ?? [],
  };
}

function conditions(value: unknown): Conditions | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, Record<string, string[]>> = {};
  for (const [operator, block] of Object.entries(value)) {
    if (!isRecord(block)) continue;
    const keys: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(block)) keys[key] = strings(values) ?? [];
    out[operator] = keys;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Parses a policy document given as JSON text (Terraform's normalized form) or as an object.
 * Returns undefined when the text is not a policy document.
 */
export function parsePolicy(input: unknown): PolicyDocument | undefined {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch {
      return undefined;
    }
  }
  if (!isRecord(doc)) return undefined;
  const raw = doc.Statement;
  const list = Array.isArray(raw) ? raw : isRecord(raw) ? [raw] : [];
  const statements: Statement[] = [];
  list.forEach((s: unknown, index) => {
    if (!isRecord(s)) return;
    const effect = s.Effect === 'Deny' ? 'Deny' : s.Effect === 'Allow' ? 'Allow' : undefined;
    if (!effect) return;
    const actions = strings(s.Action);
    const notActions = strings(s.NotAction);
    const resources = strings(s.Resource);
    const notResources = strings(s.NotResource);
    const principal = principals(s.Principal);
    const notPrincipal = principals(s.NotPrincipal);
    const cond = conditions(s.Condition);
    statements.push({
      index,
      ...(typeof s.Sid === 'string' ? { sid: s.Sid } : {}),
      effect,
      ...(actions ? { actions } : {}),
      ...(notActions ? { notActions } : {}),
      ...(resources ? { resources } : {}),
      ...(notResources ? { notResources } : {}),
      ...(principal ? { principal } : {}),
      ...(notPrincipal ? { notPrincipal } : {}),
      ...(cond ? { conditions: cond } : {}),
    });
  });
  return { statements };
}

const patternCache = new Map<string, RegExp>();

/** IAM wildcard match: `*` any run of characters, `?` one character; everything else literal. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let re = patternCache.get(key);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
    patternCache.set(key, re);
  }
  return re.test(value);
}

/** Action names are case-insensitive in IAM. */
export function actionMatches(statement: Statement, action: string): boolean {
  if (statement.actions) return statement.actions.some((p) => wildcardMatch(p, action, true));
  if (statement.notActions) return !statement.notActions.some((p) => wildcardMatch(p, action, true));
  return false;
}

/**
 * ARN matching as `ArnLike`/`ArnEquals` and the Resource element do it: each of the first five
 * colon-separated segments is matched separately, the resource part (which may contain colons) as a
 * whole. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 */
export function arnMatch(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const p = splitArn(pattern);
  const a = splitArn(arn);
  if (!a) return wildcardMatch(pattern, arn);
  // A pattern with fewer than six segments never matches a well-formed ARN.
  if (!p) return false;
  for (let i = 0; i < 6; i += 1) if (!wildcardMatch(p[i]!, a[i]!)) return false;
  return true;
}

function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** Resource element: ARN patterns (or `*`); NotResource inverts. */
export function resourceMatches(statement: Statement, resource: string): boolean {
  if (statement.resources) return statement.resources.some((p) => p === resource || arnMatch(p, resource));
  if (statement.notResources) return !statement.notResources.some((p) => p === resource || arnMatch(p, resource));
  // Resource-based policies (repository, trust) have no Resource element: the resource is implied.
  return true;
}

/**
 * Values of the request context a condition may test:
 * - an array of strings: the key is present with these values;
 * - `null`: the key is absent from the request (e.g. aws:SourceVpce when the call does not go through an endpoint);
 * - missing key or `'unknown'`: pullfix cannot tell.
 */
export type RequestContext = Readonly<Record<string, readonly string[] | null | 'unknown'>>;

function contextValue(context: RequestContext, key: string): readonly string[] | null | 'unknown' {
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(context)) if (k.toLowerCase() === lower) return v;
  return 'unknown';
}

type Compare = (pattern: string, value: string) => boolean;

const COMPARATORS: Readonly<Record<string, { compare: Compare; negated: boolean }>> = {
  stringequals: { compare: (p, v) => p === v, negated: false },
  stringnotequals: { compare: (p, v) => p === v, negated: true },
  stringequalsignorecase: { compare: (p, v) => p.toLowerCase() === v.toLowerCase(), negated: false },
  stringnotequalsignorecase: { compare: (p, v) => p.toLowerCase() === v.toLowerCase(), negated: true },
  stringlike: { compare: (p, v) => wildcardMatch(p, v), negated: false },
  stringnotlike: { compare: (p, v) => wildcardMatch(p, v), negated: true },
  arnequals: { compare: arnMatch, negated: false },
  arnlike: { compare: arnMatch, negated: false },
  arnnotequals: { compare: arnMatch, negated: true },
  arnnotlike: { compare: arnMatch, negated: true },
};

/** Evaluates one operator/key pair. */
function evaluateCondition(operatorRaw: string, key: string, patterns: readonly string[], context: RequestContext): Tri {
  let operator = operatorRaw.toLowerCase();
  if (operator.startsWith('forallvalues:') || operator.startsWith('foranyvalue:')) return 'unknown';
  const ifExists = operator.endsWith('ifexists');
  if (ifExists) operator = operator.slice(0, -'ifexists'.length);
  const value = contextValue(context, key);
  if (operator === 'null') {
    if (value === 'unknown') return 'unknown';
    const wantAbsent = patterns.some((p) => p.toLowerCase() === 'true');
    return (value === null) === wantAbsent ? 'yes' : 'no';
  }
  const comparator = COMPARATORS[operator];
  if (!comparator) return 'unknown';
  // Whether ArnEquals expands `*`/`?` like ArnLike is described differently by AWS sources (the IAM
  // guide lists them together, SDK references call ArnEquals exact matching): undecided, not guessed.
  if ((operator === 'arnequals' || operator === 'arnnotequals') && patterns.some((p) => /[*?]/.test(p))) return 'unknown';
  if (value === 'unknown') return 'unknown';
  if (value === null) {
    // A missing key never satisfies a positive operator and always satisfies a negated one; IfExists passes.
    if (ifExists) return 'yes';
    return comparator.negated ? 'yes' : 'no';
  }
  const any = value.some((v) => patterns.some((p) => comparator.compare(p, v)));
  return (comparator.negated ? !any : any) ? 'yes' : 'no';
}

/** All condition blocks of a statement must hold (AND across operators and keys). */
export function conditionsHold(statement: Statement, context: RequestContext): Tri {
  if (!statement.conditions) return 'yes';
  let result: Tri = 'yes';
  for (const [operator, keys] of Object.entries(statement.conditions)) {
    for (const [key, patterns] of Object.entries(keys)) {
      const r = evaluateCondition(operator, key, patterns, context);
      if (r === 'no') return 'no';
      if (r === 'unknown') result = 'unknown';
    }
  }
  return result;
}

/** Condition keys a statement tests, for messages. */
export function conditionKeys(statement: Statement): string[] {
  return Object.values(statement.conditions ?? {}).flatMap((keys) => Object.keys(keys));
}

export interface Request {
  readonly action: string;
  /** Resource ARN, or `*` for actions without resource-level permissions. */
  readonly resource: string;
  readonly context?: RequestContext;
}

/** Whether an identity-policy statement applies to the request (ignoring its effect). */
export function statementApplies(statement: Statement, request: Request): Tri {
  if (!actionMatches(statement, request.action)) return 'no';
  if (!resourceMatches(statement, request.resource)) return 'no';
  return conditionsHold(statement, request.context ?? {});
}

/** Tri-state OR. */
export function triOr(a: Tri, b: Tri): Tri {
  if (a === 'yes' || b === 'yes') return 'yes';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'no';
}

/** Tri-state AND. */
export function triAnd(a: Tri, b: Tri): Tri {
  if (a === 'no' || b === 'no') return 'no';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'yes';
}

import type { AttrPath, Link } from '../../graph/model.js';
import { Linked, Unknown, combine, hasUnknown, isRecord, linksIn, plain, unknownReasonIn } from './values.js';

/**
 * Symbolic evaluation of CloudFormation intrinsic functions
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html).
 *
 * Nothing is deployed, so a value is computed when the templates and the stack environment decide it
 * (literals, parameters with defaults, pseudo parameters of a stack with a known environment, joins
 * and substitutions of those, decidable conditions, nested-stack parameters and outputs, exports of
 * another stack of the same assembly). Everything else is `Unknown`, carrying the Ref/GetAtt links it
 * was computed from so that rules still reach the resource it names.
 */

export interface StackEnvironment {
  readonly account?: string;
  readonly region?: string;
}

/** What the evaluator needs to know about resources of a stack (implemented by the parser). */
export interface ResourceOracle {
  /** Address of a logical id of this stack, if it is a resource. */
  address(logicalId: string): string | undefined;
  /** CloudFormation type of a logical id. */
  type(logicalId: string): string | undefined;
  /** Normalized attribute a `Ref` to this resource stands for (see refAttribute). */
  refValue(logicalId: string): unknown;
  /** Value of `Fn::GetAtt [logicalId, attribute]` (Unknown with a link unless the templates decide it). */
  getAtt(logicalId: string, attribute: string): unknown;
}

/** A stack being evaluated: its template, environment, parameter values and how to reach other stacks. */
export interface StackScope {
  readonly template: Record<string, unknown>;
  readonly env: StackEnvironment;
  readonly stackName: string | undefined;
  /** Parameter values handed over by a parent stack (nested stacks). */
  readonly parameters: ReadonlyMap<string, unknown>;
  readonly resources: ResourceOracle;
  /** `Fn::ImportValue`: the value exported under this name by a stack of the same assembly. */
  importValue(name: string): unknown;
}

export function partitionOfRegion(region: string | undefined): string | undefined {
  if (region === undefined) return undefined;
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

function urlSuffixOf(partition: string | undefined): string | undefined {
  if (partition === undefined) return undefined;
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

const INTRINSICS = new Set([
  'Ref', 'Fn::GetAtt', 'Fn::Join', 'Fn::Sub', 'Fn::Select', 'Fn::Split', 'Fn::If', 'Fn::ImportValue',
  'Fn::FindInMap', 'Fn::Base64', 'Fn::Cidr', 'Fn::GetAZs', 'Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or',
  'Condition', 'Fn::Length', 'Fn::ToJsonString', 'Fn::Transform',
]);

/** Marker for `AWS::NoValue`: the property is removed. */
export const NO_VALUE = undefined;

/**
 * AWS-managed policy ARNs are written `arn:${AWS::Partition}:iam::aws:policy/…` by CDK. When the
 * partition is not decided (an environment-agnostic stack), the ARN still names the same managed
 * policy, so it is read with the commercial partition rather than dropped as unknown.
 */
const MANAGED_POLICY = /^arn:\u0000P\u0000:iam::aws:policy\//;

export class Evaluator {
  readonly #scope: StackScope;
  readonly #conditions = new Map<string, boolean | undefined>();
  readonly #evaluatingConditions = new Set<string>();

  constructor(scope: StackScope) {
    this.#scope = scope;
  }

  get scope(): StackScope {
    return this.#scope;
  }

  get partition(): string | undefined {
    return partitionOfRegion(this.#scope.env.region);
  }

  /** Evaluates any template value; `undefined` stands for AWS::NoValue (the property is dropped). */
  value(node: unknown): unknown {
    if (Array.isArray(node)) {
      const out: unknown[] = [];
      for (const item of node) {
        const v = this.value(item);
        if (v !== undefined) out.push(v);
      }
      return out;
    }
    if (isRecord(node)) {
      const keys = Object.keys(node);
      const only = keys.length === 1 ? keys[0]! : undefined;
      // `{"Condition": "Name"}` is an intrinsic only with a string argument (IAM statements have a Condition block).
      if (only !== undefined && INTRINSICS.has(only) && (only !== 'Condition' || typeof node[only] === 'string')) {
        return this.#intrinsic(only, node[only]);
      }
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        const v = this.value(node[key]);
        if (v !== undefined) out[key] = v;
      }
      return out;
    }
    if (typeof node === 'string' && node.includes('{{resolve:')) {
      // Dynamic references (SSM, Secrets Manager) are read by CloudFormation at deploy time.
      return new Unknown('external', []);
    }
    return node;
  }

  /** Evaluates a condition by name (Conditions section); `undefined` when undecidable. */
  condition(name: string): boolean | undefined {
    if (this.#conditions.has(name)) return this.#conditions.get(name);
    if (this.#evaluatingConditions.has(name)) return undefined;
    this.#evaluatingConditions.add(name);
    const conditions = isRecord(this.#scope.template.Conditions) ? this.#scope.template.Conditions : {};
    const result = name in conditions ? this.#conditionValue(conditions[name]) : undefined;
    this.#evaluatingConditions.delete(name);
    this.#conditions.set(name, result);
    return result;
  }

  #conditionValue(node: unknown): boolean | undefined {
    const v = this.value(node);
    const p = plain(v);
    if (typeof p === 'boolean') return p;
    if (p === 'true') return true;
    if (p === 'false') return false;
    return undefined;
  }

  #intrinsic(name: string, arg: unknown): unknown {
    switch (name) {
      case 'Ref': return this.#ref(arg);
      case 'Fn::GetAtt': return this.#getAtt(arg);
      case 'Fn::Join': return this.#join(arg);
      case 'Fn::Sub': return this.#sub(arg);
      case 'Fn::Select': return this.#select(arg);
      case 'Fn::Split': return this.#split(arg);
      case 'Fn::If': return this.#if(arg);
      case 'Fn::ImportValue': return this.#import(arg);
      case 'Fn::FindInMap': return this.#findInMap(arg);
      case 'Fn::Base64': {
        const v = this.value(arg);
        return combine([v], ([s]) => (typeof s === 'string' ? Buffer.from(s, 'utf8').toString('base64') : s));
      }
      case 'Fn::Equals': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('intrinsic', []);
        const a = this.value(arg[0]);
        const b = this.value(arg[1]);
        if (hasUnknown(a) || hasUnknown(b)) return new Unknown('intrinsic', linksIn([a, b]));
        return JSON.stringify(plain(a)) === JSON.stringify(plain(b));
      }
      case 'Fn::Not': {
        const inner = Array.isArray(arg) ? this.#conditionValue(arg[0]) : undefined;
        return inner === undefined ? new Unknown('intrinsic', []) : !inner;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const values = Array.isArray(arg) ? arg.map((a) => this.#conditionValue(a)) : [];
        const decisive = name === 'Fn::And' ? false : true;
        if (values.includes(decisive)) return decisive;
        if (values.includes(undefined) || values.length === 0) return new Unknown('intrinsic', []);
        return !decisive;
      }
      case 'Condition': {
        const c = typeof arg === 'string' ? this.condition(arg) : undefined;
        return c === undefined ? new Unknown('intrinsic', []) : c;
      }
      case 'Fn::ToJsonString': {
        const v = this.value(arg);
        return combine([v], ([d]) => JSON.stringify(d));
      }
      case 'Fn::Length': {
        const v = this.value(arg);
        return combine([v], ([d]) => (Array.isArray(d) ? d.length : undefined));
      }
      default: {
        // Fn::Cidr, Fn::GetAZs, Fn::Transform: values CloudFormation computes at deploy time.
        const v = this.value(arg);
        return new Unknown('intrinsic', linksIn(v));
      }
    }
  }

  #pseudo(name: string): unknown {
    const { env } = this.#scope;
    switch (name) {
      case 'AWS::NoValue': return NO_VALUE;
      case 'AWS::Region': return env.region ?? new Unknown('intrinsic', [], name);
      case 'AWS::AccountId': return env.account ?? new Unknown('intrinsic', [], name);
      case 'AWS::Partition': return this.partition ?? new Unknown('intrinsic', [], name);
      case 'AWS::URLSuffix': return urlSuffixOf(this.partition) ?? new Unknown('intrinsic', [], name);
      case 'AWS::StackName': return this.#scope.stackName ?? new Unknown('intrinsic', [], name);
      default: return new Unknown('intrinsic', [], name); // AWS::StackId, AWS::NotificationARNs
    }
  }

  #ref(arg: unknown): unknown {
    const name = typeof arg === 'string' ? arg : plain(this.value(arg));
    if (typeof name !== 'string') return new Unknown('intrinsic', []);
    if (name.startsWith('AWS::')) return this.#pseudo(name);
    const parameters = isRecord(this.#scope.template.Parameters) ? this.#scope.template.Parameters : {};
    if (this.#scope.parameters.has(name)) return this.#scope.parameters.get(name);
    if (name in parameters) return this.#parameter(parameters[name]);
    if (this.#scope.resources.address(name) !== undefined) return this.#scope.resources.refValue(name);
    return new Unknown('intrinsic', []);
  }

  #parameter(definition: unknown): unknown {
    if (!isRecord(definition)) return new Unknown('intrinsic', []);
    const type = typeof definition.Type === 'string' ? definition.Type : 'String';
    // SSM parameter types hold the parameter *name* as default; the value is read at deploy time.
    if (type.startsWith('AWS::SSM::Parameter::')) return new Unknown('external', []);
    if (!('Default' in definition)) return new Unknown('intrinsic', []);
    const value = definition.Default;
    if (typeof value === 'string' && (type === 'CommaDelimitedList' || type.startsWith('List<'))) return value.split(',').map((s) => s.trim());
    return value;
  }

  #getAtt(arg: unknown): unknown {
    let logicalId: unknown;
    let attribute: unknown;
    if (typeof arg === 'string') {
      const dot = arg.indexOf('.');
      logicalId = dot < 0 ? arg : arg.slice(0, dot);
      attribute = dot < 0 ? '' : arg.slice(dot + 1);
    } else if (Array.isArray(arg)) {
      logicalId = arg[0];
      attribute = plain(this.value(arg[1]));
      if (Array.isArray(attribute)) attribute = attribute.join('.');
    }
    if (typeof logicalId !== 'string' || typeof attribute !== 'string') return new Unknown('intrinsic', []);
    if (this.#scope.resources.address(logicalId) === undefined) return new Unknown('intrinsic', []);
    return this.#scope.resources.getAtt(logicalId, attribute);
  }

  /** Joins string parts; an unknown partition in an AWS-managed policy ARN is read as `aws`. */
  #concat(parts: unknown[]): unknown {
    if (!parts.some(hasUnknown)) return combine(parts, (values) => values.map((v) => (v === undefined ? '' : String(v))).join(''));
    const onlyPartition = parts.every((p) => !hasUnknown(p) || (p instanceof Unknown && p.pseudo === 'AWS::Partition'));
    if (onlyPartition) {
      const text = parts.map((p) => (p instanceof Unknown ? '\u0000P\u0000' : String(plain(p) ?? ''))).join('');
      if (MANAGED_POLICY.test(text)) {
        const links = linksIn(parts);
        const value = text.replace(/\u0000P\u0000/g, 'aws');
        return links.length > 0 ? new Linked(value, links) : value;
      }
    }
    return new Unknown(unknownReasonIn(parts) ?? 'intrinsic', linksIn(parts));
  }

  #join(arg: unknown): unknown {
    if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('intrinsic', []);
    const delimiter = plain(this.value(arg[0]));
    const list = this.value(arg[1]);
    if (typeof delimiter !== 'string') return new Unknown('intrinsic', linksIn(list));
    if (!Array.isArray(list)) {
      const whole = plain(list);
      if (Array.isArray(whole)) return combine([list], () => whole.join(delimiter));
      return new Unknown(unknownReasonIn(list) ?? 'intrinsic', linksIn(list));
    }
    const parts: unknown[] = [];
    list.forEach((item, i) => {
      if (i > 0 && delimiter !== '') parts.push(delimiter);
      parts.push(item);
    });
    return this.#concat(parts);
  }

  #sub(arg: unknown): unknown {
    let text: unknown;
    let variables: Record<string, unknown> = {};
    if (typeof arg === 'string') text = arg;
    else if (Array.isArray(arg)) {
      text = arg[0];
      if (isRecord(arg[1])) variables = arg[1];
    }
    if (typeof text !== 'string') return new Unknown('intrinsic', []);
    const parts: unknown[] = [];
    const pattern = /\$\{([^}]*)\}/g;
    let last = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      parts.push(text.slice(last, m.index));
      last = m.index + m[0].length;
      const expression = m[1]!.trim();
      if (expression.startsWith('!')) {
        parts.push(`\${${expression.slice(1)}}`); // ${!Literal} is written as ${Literal}
        continue;
      }
      if (expression in variables) parts.push(this.value(variables[expression]));
      else if (expression.startsWith('AWS::')) parts.push(this.#pseudo(expression));
      else if (expression.includes('.')) {
        const dot = expression.indexOf('.');
        parts.push(this.#getAtt([expression.slice(0, dot), expression.slice(dot + 1)]));
      } else parts.push(this.#ref(expression));
    }
    parts.push(text.slice(last));
    return this.#concat(parts);
  }

  #select(arg: unknown): unknown {
    if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('intrinsic', []);
    const index = Number(plain(this.value(arg[0])));
    const list = this.value(arg[1]);
    if (Array.isArray(list) && Number.isInteger(index)) return list[index] ?? new Unknown('intrinsic', linksIn(list));
    const whole = plain(list);
    if (Array.isArray(whole) && Number.isInteger(index)) return combine([list], () => whole[index]);
    return new Unknown(unknownReasonIn(list) ?? 'intrinsic', linksIn(list));
  }

  #split(arg: unknown): unknown {
    if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('intrinsic', []);
    const delimiter = plain(this.value(arg[0]));
    const source = this.value(arg[1]);
    const text = plain(source);
    if (typeof delimiter === 'string' && typeof text === 'string') return combine([source], () => text.split(delimiter));
    return new Unknown(unknownReasonIn(source) ?? 'intrinsic', linksIn(source));
  }

  #if(arg: unknown): unknown {
    if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') return new Unknown('intrinsic', []);
    const decided = this.condition(arg[0]);
    if (decided === true) return this.value(arg[1]);
    if (decided === false) return this.value(arg[2]);
    const a = this.value(arg[1]);
    const b = this.value(arg[2]);
    if (!hasUnknown(a) && !hasUnknown(b) && JSON.stringify(plain(a)) === JSON.stringify(plain(b))) return a;
    return new Unknown('intrinsic', linksIn([a, b]));
  }

  #import(arg: unknown): unknown {
    const nameValue = this.value(arg);
    const name = plain(nameValue);
    if (typeof name !== 'string') return new Unknown('external', linksIn(nameValue));
    return this.#scope.importValue(name);
  }

  #findInMap(arg: unknown): unknown {
    if (!Array.isArray(arg) || arg.length < 3) return new Unknown('intrinsic', []);
    const keys = arg.slice(0, 3).map((k) => plain(this.value(k)));
    const mappings = isRecord(this.#scope.template.Mappings) ? this.#scope.template.Mappings : {};
    if (keys.some((k) => typeof k !== 'string')) return new Unknown('intrinsic', []);
    const top = mappings[keys[0] as string];
    const second = isRecord(top) ? top[keys[1] as string] : undefined;
    const found = isRecord(second) ? second[keys[2] as string] : undefined;
    if (found !== undefined) return this.value(found);
    // Fn::FindInMap DefaultValue (AWS::LanguageExtensions)
    const options = arg[3];
    if (isRecord(options) && 'DefaultValue' in options) return this.value(options.DefaultValue);
    return new Unknown('intrinsic', []);
  }
}

/** A link to a resource attribute. */
export function linkTo(address: string, attribute: AttrPath): Link {
  return { address, attribute, ambiguous: false };
}

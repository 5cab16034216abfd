import type { ResourceContext } from '../../graph/model.js';
import { outermost, type ConfigModule, type Expression } from './config.js';
import { isRecord } from '../../graph/json.js';

/**
 * Provider context of plan resources: the AWS region and account, the Azure subscription.
 *
 * Sources, most specific first:
 * - AWS provider v6 puts a `region` argument on every regional resource (known in `after`);
 * - the provider configuration the resource uses (`configuration.provider_config[key].expressions`):
 *   a literal `region` / `subscription_id`, or a variable whose value the plan holds;
 * - data sources read through that same provider configuration: `data.aws_region` (`name`, or
 *   `region` in v6), `data.aws_caller_identity.account_id`, `data.azurerm_client_config` /
 *   `data.azurerm_subscription` `subscription_id`;
 * - when the plan has exactly one distinct value of such a data source, that value.
 * Anything else stays unset: rules must treat a missing field as "not stated".
 */

interface ProviderConfigJson {
  readonly name?: string;
  readonly alias?: string;
  readonly module_address?: string;
  readonly expressions?: Record<string, unknown>;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Provider local name of a provider_config_key: `module.eks:aws.west` → `aws`. */
export function providerName(key: string): string {
  const local = key.slice(key.lastIndexOf(':') + 1);
  const dot = local.indexOf('.');
  return dot < 0 ? local : local.slice(0, dot);
}

type Field = 'awsRegion' | 'awsAccountId' | 'azureSubscriptionId';

export class ContextResolver {
  readonly #providerConfig: Record<string, ProviderConfigJson>;
  readonly #modules: ReadonlyMap<string, ConfigModule>;
  readonly #rootVariables: Record<string, unknown>;
  /** Values read from data sources, by provider key and field. */
  readonly #fromData = new Map<string, Map<Field, string>>();
  readonly #distinct = new Map<Field, Set<string>>();
  readonly #memo = new Map<string, ResourceContext>();

  constructor(configuration: unknown, modules: ReadonlyMap<string, ConfigModule>, variables: unknown) {
    const config = isRecord(configuration) ? configuration : {};
    this.#providerConfig = isRecord(config.provider_config) ? (config.provider_config as Record<string, ProviderConfigJson>) : {};
    this.#modules = modules;
    this.#rootVariables = isRecord(variables) ? variables : {};
  }

  /** Records what a data source read says about its provider's account or region. */
  noteDataSource(type: string, providerKey: string | undefined, values: Record<string, unknown>): void {
    const key = providerKey ?? providerName(type.split('_')[0] ?? '');
    switch (type) {
      case 'aws_region':
        this.#note(key, 'awsRegion', nonEmptyString(values.region) ?? nonEmptyString(values.name));
        break;
      case 'aws_caller_identity':
        this.#note(key, 'awsAccountId', nonEmptyString(values.account_id));
        break;
      case 'azurerm_client_config':
      case 'azurerm_subscription':
        this.#note(key, 'azureSubscriptionId', nonEmptyString(values.subscription_id));
        break;
      default:
    }
  }

  #note(key: string, field: Field, value: string | undefined): void {
    if (value === undefined) return;
    let fields = this.#fromData.get(key);
    if (!fields) this.#fromData.set(key, (fields = new Map()));
    if (!fields.has(field)) fields.set(field, value);
    let values = this.#distinct.get(field);
    if (!values) this.#distinct.set(field, (values = new Set()));
    values.add(value);
  }

  /** Context of a resource of `type` created through provider configuration `providerKey`. */
  contextOf(type: string, providerKey: string | undefined, attrs: Record<string, unknown>): ResourceContext | undefined {
    const key = providerKey ?? type.slice(0, Math.max(0, type.indexOf('_')));
    const provider = providerName(key);
    if (provider !== 'aws' && provider !== 'azurerm' && provider !== 'azuread') return undefined;
    let base = this.#memo.get(key);
    if (!base) {
      base = this.#compute(key, provider);
      this.#memo.set(key, base);
    }
    // AWS provider v6: every regional resource carries its own `region` argument.
    const ownRegion = provider === 'aws' && type !== 'aws_region' ? nonEmptyString(attrs.region) : undefined;
    if (ownRegion && ownRegion !== base.awsRegion) return { ...base, awsRegion: ownRegion };
    return base;
  }

  #compute(key: string, provider: string): ResourceContext {
    const config = this.#providerConfig[key] ?? this.#providerConfig[key.slice(key.lastIndexOf(':') + 1)];
    const module = this.#modules.get(config?.module_address ?? '');
    const expressions = isRecord(config?.expressions) ? config.expressions : {};
    const fromData = this.#fromData.get(key) ?? this.#fromData.get(key.slice(key.lastIndexOf(':') + 1));
    const pick = (field: Field, configured: string | undefined): string | undefined => {
      if (configured) return configured;
      const read = fromData?.get(field);
      if (read) return read;
      const all = this.#distinct.get(field);
      return all?.size === 1 ? [...all][0] : undefined;
    };
    const out: { -readonly [K in Field]?: string } = {};
    if (provider === 'aws') {
      const region = pick('awsRegion', this.#constant(expressions.region, module));
      const allowed = this.#constantValue(expressions.allowed_account_ids, module);
      const account = pick('awsAccountId', Array.isArray(allowed) && allowed.length === 1 ? nonEmptyString(allowed[0]) : undefined);
      if (region) out.awsRegion = region;
      if (account) out.awsAccountId = account;
    } else {
      const subscription = pick('azureSubscriptionId', this.#constant(expressions.subscription_id, module));
      if (subscription) out.azureSubscriptionId = subscription;
    }
    return out;
  }

  #constant(expression: unknown, module: ConfigModule | undefined): string | undefined {
    return nonEmptyString(this.#constantValue(expression, module));
  }

  /** A literal, or a variable chain ending in a literal or a root variable's value. */
  #constantValue(expression: unknown, module: ConfigModule | undefined, depth = 0): unknown {
    if (!isRecord(expression) || depth > 32) return undefined;
    if ('constant_value' in expression) return expression.constant_value;
    const refs = Array.isArray(expression.references) ? outermost(expression.references) : [];
    if (refs.length !== 1) return undefined;
    const match = /^var\.([A-Za-z0-9_-]+)$/.exec(refs[0]!);
    if (!match) return undefined;
    const name = match[1]!;
    if (!module || module.path === '') {
      const variable = this.#rootVariables[name];
      return isRecord(variable) ? variable.value : undefined;
    }
    const callExpression = module.call?.expressions?.[name] as Expression | undefined;
    if (callExpression !== undefined) return this.#constantValue(callExpression, module.parent, depth + 1);
    return module.json.variables?.[name]?.default ?? undefined;
  }
}

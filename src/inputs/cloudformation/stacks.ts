import type { Acknowledgement } from './acknowledgements.js';
import type { AttrPath, Link, ResourceContext, ResourceInit } from '../../graph/model.js';
import { pointerToken } from '../../graph/resource.js';
import { Evaluator, linkTo, partitionOfRegion, type ResourceOracle, type StackEnvironment } from './evaluate.js';
import { getAttAttribute, refAttribute, translate, translates, type AwsContext, type Translated } from './translate.js';
import { Linked, Unknown, hasUnknown, isRecord, linksIn, materialize, plain } from './values.js';

/**
 * One CloudFormation template to read, with what the cloud assembly says about it.
 *
 * Addresses: `<prefix><LogicalId>`. In a cloud assembly the prefix is the stack's display name
 * (its construct path, e.g. `EksStack/` or `Pipeline/Beta/App/`), and a nested stack adds the logical
 * id of its `AWS::CloudFormation::Stack` resource (`EksStack/KubectlProviderNestedStackResourceA7AE/`),
 * so addresses stay unique across stacks of one assembly. A lone template has no prefix.
 * Parts of one resource get a suffix: `/RepositoryPolicyText`, `/Roles/<i>`, `/<namespace>/<Kind>/<name>`.
 */
export interface StackTemplate {
  readonly prefix: string;
  /** The template file, as reported in findings. */
  readonly file: string;
  readonly template: Record<string, unknown>;
  readonly env: StackEnvironment;
  readonly stackName?: string;
  /** Construct path of each logical id (from `aws:cdk:logicalId` metadata), without leading slash. */
  readonly paths?: ReadonlyMap<string, string>;
  /** The template of a nested stack resource of this template, when the assembly holds it. */
  readonly nested?: NestedResolver;
  /** CDK acknowledgements recorded in the stack artifact's metadata (its nested stacks included). */
  readonly acknowledgements?: readonly Acknowledgement[];
}

/** Finds the template of a nested stack resource (`AWS::CloudFormation::Stack`) of a template. */
export type NestedResolver = (
  logicalId: string,
  resource: Record<string, unknown>,
  paths: ReadonlyMap<string, string> | undefined,
) => Omit<StackTemplate, 'prefix' | 'env'> | undefined;

export interface ParsedStacks {
  readonly resources: ResourceInit[];
  readonly files: string[];
  readonly warnings: string[];
}

interface Pending {
  readonly model: StackModel;
  readonly logicalId: string;
  readonly type: string;
  readonly address: string;
  readonly translated: Translated;
}

/** Every stack of one input, for `Fn::ImportValue` across stacks. */
class Assembly {
  readonly models: StackModel[] = [];
  #exports: Map<string, { model: StackModel; output: string }> | undefined;

  importValue(name: string): unknown {
    if (!this.#exports) {
      this.#exports = new Map();
      for (const model of this.models) {
        for (const [output, exportName] of model.exportNames()) {
          if (!this.#exports.has(exportName)) this.#exports.set(exportName, { model, output });
        }
      }
    }
    const found = this.#exports.get(name);
    // An export of a stack outside this assembly is read from the account at deploy time.
    if (!found) return new Unknown('external', []);
    return found.model.output(found.output);
  }
}

class StackModel implements ResourceOracle {
  readonly source: StackTemplate;
  readonly evaluator: Evaluator;
  readonly resources: Record<string, Record<string, unknown>>;
  readonly #assembly: Assembly;
  readonly #props = new Map<string, Record<string, unknown>>();
  readonly #translations = new Map<string, readonly Translated[]>();
  #resourceContext: ResourceContext | undefined;
  readonly #evaluating = new Set<string>();
  readonly #children = new Map<string, StackModel | null>();
  readonly #outputs = new Map<string, unknown>();

  constructor(source: StackTemplate, assembly: Assembly, parameters: Map<string, unknown> = new Map()) {
    this.source = source;
    this.#assembly = assembly;
    const resources = isRecord(source.template.Resources) ? source.template.Resources : {};
    this.resources = {};
    for (const [id, resource] of Object.entries(resources)) if (isRecord(resource)) this.resources[id] = resource;
    this.evaluator = new Evaluator({
      template: source.template,
      env: source.env,
      stackName: source.stackName,
      parameters,
      resources: this,
      importValue: (name) => assembly.importValue(name),
    });
    assembly.models.push(this);
  }

  /** Provider context of the stack's resources (its environment), shared by all of them. */
  get resourceContext(): ResourceContext {
    const env = this.source.env;
    this.#resourceContext ??= {
      ...(env.region ? { awsRegion: env.region } : {}),
      ...(env.account ? { awsAccountId: env.account } : {}),
    };
    return this.#resourceContext;
  }

  get context(): AwsContext {
    return { partition: partitionOfRegion(this.source.env.region), account: this.source.env.account, region: this.source.env.region };
  }

  address(logicalId: string): string | undefined {
    return this.resources[logicalId] ? `${this.source.prefix}${logicalId}` : undefined;
  }

  type(logicalId: string): string | undefined {
    const type = this.resources[logicalId]?.Type;
    return typeof type === 'string' ? type : undefined;
  }

  /** Evaluated properties of a resource, once. */
  props(logicalId: string): Record<string, unknown> {
    const cached = this.#props.get(logicalId);
    if (cached) return cached;
    if (this.#evaluating.has(logicalId)) return {}; // a reference cycle: CloudFormation would reject it
    this.#evaluating.add(logicalId);
    const raw = this.resources[logicalId]?.Properties;
    const value = raw === undefined ? {} : this.evaluator.value(raw);
    this.#evaluating.delete(logicalId);
    const props = isRecord(value) ? value : {};
    this.#props.set(logicalId, props);
    return props;
  }

  /**
   * Value of an attribute of a resource when the templates decide it: identifiers built from given
   * names (see translate.identity) and input properties read back (`Fn::GetAtt [Vpc, CidrBlock]`).
   * Otherwise Unknown (computed at deploy). Always carries the link.
   */
  #known(logicalId: string, attribute: AttrPath): unknown {
    const address = this.address(logicalId)!;
    const link = linkTo(address, attribute);
    let value: unknown = this.#translated(logicalId);
    for (const step of attribute) {
      if (value instanceof Linked) value = value.value;
      if (Array.isArray(value) && typeof step === 'number') value = value[step];
      else if (isRecord(value) && typeof step === 'string') value = value[step];
      else { value = undefined; break; }
    }
    if (value !== undefined && !hasUnknown(value)) return new Linked(plain(value), [link, ...linksIn(value)]);
    return new Unknown('computed', [link]);
  }

  #translated(logicalId: string): Record<string, unknown> {
    return this.translations(logicalId).find((t) => t.suffix === '')?.attrs ?? {};
  }

  /** The normalized resources of a logical id, translated once (for the graph and for Ref/GetAtt). */
  translations(logicalId: string): readonly Translated[] {
    const cached = this.#translations.get(logicalId);
    if (cached) return cached;
    const type = this.type(logicalId) ?? '';
    const parts = type === 'Custom::AWSCDK-EKS-KubernetesResource' ? manifestParts(this, logicalId) : undefined;
    // Types no translator reads (buckets, functions, state machines…) keep their properties unevaluated.
    const props = translates(type) ? this.props(logicalId) : {};
    const translated = translate(type, this.address(logicalId)!, props, this.context, parts);
    this.#translations.set(logicalId, translated);
    return translated;
  }

  refValue(logicalId: string): unknown {
    return this.#known(logicalId, refAttribute(this.type(logicalId) ?? ''));
  }

  getAtt(logicalId: string, attribute: string): unknown {
    if (this.type(logicalId) === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
      const child = this.child(logicalId);
      if (child) return child.output(attribute.slice('Outputs.'.length));
      return new Unknown('computed', [linkTo(this.address(logicalId)!, ['outputs', attribute.slice('Outputs.'.length)])]);
    }
    return this.#known(logicalId, getAttAttribute(attribute));
  }

  /** The nested stack behind an `AWS::CloudFormation::Stack` resource, with its parameters threaded. */
  child(logicalId: string): StackModel | undefined {
    if (this.#children.has(logicalId)) return this.#children.get(logicalId) ?? undefined;
    this.#children.set(logicalId, null);
    const resource = this.resources[logicalId]!;
    const found = this.source.nested?.(logicalId, resource, this.source.paths);
    if (!found) return undefined;
    const props = this.props(logicalId);
    const parameters = new Map<string, unknown>();
    const given = isRecord(props.Parameters) ? props.Parameters : {};
    for (const [name, value] of Object.entries(given)) parameters.set(name, value);
    const source: StackTemplate = {
      ...found,
      prefix: `${this.source.prefix}${logicalId}/`,
      env: this.source.env,
    };
    const model = new StackModel(source, this.#assembly, parameters);
    this.#children.set(logicalId, model);
    return model;
  }

  output(name: string): unknown {
    if (this.#outputs.has(name)) return this.#outputs.get(name);
    this.#outputs.set(name, new Unknown('intrinsic', []));
    const outputs = isRecord(this.source.template.Outputs) ? this.source.template.Outputs : {};
    const output = outputs[name];
    const value = isRecord(output) ? this.evaluator.value(output.Value) : new Unknown('intrinsic', []);
    this.#outputs.set(name, value);
    return value;
  }

  /** Outputs with an export name this stack decides. */
  *exportNames(): Generator<[string, string]> {
    const outputs = isRecord(this.source.template.Outputs) ? this.source.template.Outputs : {};
    for (const [name, output] of Object.entries(outputs)) {
      if (!isRecord(output) || !isRecord(output.Export)) continue;
      const exportName = this.evaluator.value(output.Export.Name);
      const text = exportName instanceof Linked ? exportName.value : exportName;
      if (typeof text === 'string') yield [name, text];
    }
  }

  /** Whether the resource's `Condition` lets CloudFormation create it (undecidable counts as yes). */
  created(logicalId: string): boolean {
    const condition = this.resources[logicalId]?.Condition;
    return typeof condition !== 'string' || this.evaluator.condition(condition) !== false;
  }
}

function displayPathOf(model: StackModel, logicalId: string): string | undefined {
  const metadata = model.resources[logicalId]?.Metadata;
  const path = isRecord(metadata) ? metadata['aws:cdk:path'] : undefined;
  if (typeof path === 'string' && path !== '') return path.replace(/^\//, '');
  return model.source.paths?.get(logicalId);
}

/** Evaluated parts of a CDK manifest written as `Fn::Join ["", [...]]`, to place tokens inside the JSON. */
function manifestParts(model: StackModel, logicalId: string): unknown[] | undefined {
  const raw = model.resources[logicalId]?.Properties;
  const manifest = isRecord(raw) ? raw.Manifest : undefined;
  if (!isRecord(manifest) || !Array.isArray(manifest['Fn::Join'])) return undefined;
  const [delimiter, parts] = manifest['Fn::Join'] as unknown[];
  if (delimiter !== '' || !Array.isArray(parts)) return undefined;
  return parts.map((part) => model.evaluator.value(part));
}

/**
 * An internet gateway's VPC comes from a separate VPCGatewayAttachment in CloudFormation; Terraform
 * users may set `aws_internet_gateway.vpc_id` instead, so the attachment's VPC is also put on the gateway.
 */
function attachGateways(pending: Pending[]): void {
  const byAddress = new Map(pending.filter((p) => p.translated.suffix === '').map((p) => [p.address, p]));
  for (const p of pending) {
    if (p.translated.kind !== 'aws.ec2.internetgatewayattachment') continue;
    const gateway = p.translated.attrs.internet_gateway_id;
    const links: readonly Link[] = gateway instanceof Unknown || gateway instanceof Linked ? gateway.links : [];
    for (const link of links) {
      const target = byAddress.get(link.address);
      if (target && target.translated.kind === 'aws.ec2.internetgateway') {
        (target.translated.attrs as Record<string, unknown>).vpc_id = p.translated.attrs.vpc_id;
      }
    }
  }
}

/**
 * Reads CloudFormation templates (the stacks of one cloud assembly, or one template) into resources
 * of the common model. Nested stacks are read through `StackTemplate.nested`.
 */
export function parseStacks(stacks: readonly StackTemplate[]): ParsedStacks {
  const assembly = new Assembly();
  const roots = stacks.map((s) => new StackModel(s, assembly));
  const pending: Pending[] = [];
  const files: string[] = [];
  const warnings: string[] = [];
  const visit = (model: StackModel): void => {
    files.push(model.source.file);
    for (const [logicalId, resource] of Object.entries(model.resources)) {
      const type = typeof resource.Type === 'string' ? resource.Type : '';
      if (!model.created(logicalId)) continue;
      const address = model.address(logicalId)!;
      for (const translated of model.translations(logicalId)) {
        pending.push({ model, logicalId, type, address, translated });
      }
      if (type === 'AWS::CloudFormation::Stack') {
        const child = model.child(logicalId);
        if (child) visit(child);
        else warnings.push(`${model.source.file}: nested stack ${logicalId}: its template is not in the assembly; its resources are not analysed`);
      }
    }
  };
  roots.forEach(visit);
  attachGateways(pending);
  const resources = pending.map((p): ResourceInit => {
    const { attrs, unknown, links } = materialize(p.translated.attrs);
    const base = `/Resources/${pointerToken(p.logicalId)}`;
    const pointer = `${base}${p.translated.pointer ?? ''}`;
    const sources = p.translated.sources;
    const displayPath = displayPathOf(p.model, p.logicalId);
    return {
      address: `${p.address}${p.translated.suffix}`,
      kind: p.translated.kind,
      nativeType: p.type,
      mode: 'managed',
      // A template states the desired state: every resource is what the deploy will hold.
      action: 'create',
      attrs,
      unknown,
      unknownReason: 'computed',
      pointer,
      pointerOf: (path) => {
        const first = path[0];
        const source = typeof first === 'string' ? sources[first] : undefined;
        if (source === undefined) return p.translated.pointer === undefined ? `${base}/Properties` : pointer;
        return source === '' ? pointer : `${base}${source}`;
      },
      links,
      context: p.model.resourceContext,
      file: p.model.source.file,
      ...(displayPath === undefined ? {} : { displayPath }),
    };
  });
  return { resources, files: [...new Set(files)], warnings };
}

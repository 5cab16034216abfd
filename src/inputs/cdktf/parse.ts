import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KIND_SCHEMAS, type ResourceKind } from '../../graph/kinds.js';
import type { AttrPath, Link, ResourceContext, ResourceInit } from '../../graph/model.js';
import { pointerToken } from '../../graph/resource.js';
import { OPAQUE_MAPS } from '../pulumi/classic.js';
import { COMPUTED, isPlainObject, pointerIn, setOrigin, split, type Tree } from '../pulumi/values.js';
import { InputError, type InputParser, type InputSource, type ParsedInput } from '../types.js';

/**
 * cdktf synth output (input-formats §4): `cdktf.out/stacks/<stack>/cdk.tf.json`, Terraform JSON
 * configuration. Values are configuration, not a plan: literals are known, `${type.name.attr}` tokens
 * become unknown (`computed`) values with a link to the referenced attribute, and attributes a
 * provider computes (ids, the AKS kubelet identity, ACR login server, ARNs) are unknown, as in a plan
 * of a new stack. Single blocks written as objects become one-element block lists (plan shape); maps
 * of user data (tags, labels) stay maps. Construct paths from the `//` metadata are the display path.
 * Module blocks (cdktf `TerraformHclModule`) are not expanded: their sources are not in the output.
 */

const BY_TERRAFORM_TYPE: ReadonlyMap<string, ResourceKind> = new Map(
  (Object.entries(KIND_SCHEMAS) as [ResourceKind, readonly string[]][]).flatMap(
    ([kind, types]) => types.map((type) => [type, kind] as const),
  ),
);

/** What the provider computes at create time, unknown in configuration. */
const COMPUTED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  azurerm_container_registry: ['login_server'],
  azurerm_user_assigned_identity: ['principal_id', 'client_id', 'tenant_id'],
  azurerm_public_ip: ['ip_address'],
  aws_iam_role: ['arn', 'unique_id'],
  aws_iam_policy: ['arn'],
  aws_iam_instance_profile: ['arn'],
  aws_eks_cluster: ['arn'],
  aws_ecr_repository: ['arn', 'repository_url', 'registry_id'],
};

const NOT_RESOURCES = new Set(['var', 'local', 'each', 'count', 'self', 'path', 'terraform', 'module']);

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a traversal tail like `.kubelet_identity[0].object_id` into path steps. */
function traversal(tail: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\["([^"]*)"\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(tail)) !== null) out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]!));
  return out;
}

/** References inside the `${…}` interpolations of a string. */
export function tokenReferences(text: string): { address: string; attribute: (string | number)[] }[] {
  const out: { address: string; attribute: (string | number)[] }[] = [];
  const interpolation = /\$\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g;
  let m: RegExpExecArray | null;
  while ((m = interpolation.exec(text)) !== null) {
    const re = /(?<![\w.])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)((?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\]|\["[^"]*"\])*)/g;
    let r: RegExpExecArray | null;
    while ((r = re.exec(m[1]!)) !== null) {
      const head = r[1]!.split('.')[0]!;
      if (NOT_RESOURCES.has(head)) continue;
      if (/\($/.test(m[1]!.slice(0, r.index + r[0].length + 1))) continue; // a function name
      out.push({ address: r[1]!, attribute: traversal(r[2] ?? '') });
    }
  }
  return out;
}

function stripIndexes(path: readonly (string | number)[]): string {
  return path.filter((s) => typeof s === 'string').join('.');
}

interface Walk {
  readonly links: Map<string, Link[]>;
}

/** Configuration value → tree with unknown marks; records links under their attribute path. */
function walk(value: unknown, pointer: string, path: (string | number)[], ctx: Walk, opaque = false): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    const refs = tokenReferences(value);
    const key = stripIndexes(path);
    for (const ref of refs) {
      let list = ctx.links.get(key);
      if (!list) ctx.links.set(key, (list = []));
      if (!list.some((l) => l.address === ref.address && l.attribute.join('.') === ref.attribute.join('.'))) {
        list.push({ address: ref.address, attribute: ref.attribute, ambiguous: false });
      }
    }
    return COMPUTED;
  }
  if (Array.isArray(value)) {
    return setOrigin(value.map((v, i) => walk(v, `${pointer}/${i}`, [...path, i], ctx, opaque)), { pointer });
  }
  if (!isRecord(value)) return value;
  const out: Tree = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '//') continue;
    const childPointer = `${pointer}/${pointerToken(key)}`;
    let translated = walk(child, childPointer, [...path, key], ctx, opaque || OPAQUE_MAPS.has(key));
    if (!opaque && !OPAQUE_MAPS.has(key) && isPlainObject(translated)) {
      translated = setOrigin([translated], { pointer: childPointer, transparent: true });
    }
    out[key] = translated;
  }
  return setOrigin(out, { pointer });
}

function providerContext(config: Json): ResourceContext | undefined {
  const providers = isRecord(config.provider) ? config.provider : {};
  const first = (name: string): Json | undefined => {
    const p = providers[name];
    return Array.isArray(p) ? (p.find((x) => isRecord(x) && x.alias === undefined) as Json | undefined) : isRecord(p) ? p : undefined;
  };
  const context: { awsRegion?: string; azureSubscriptionId?: string } = {};
  const region = first('aws')?.region;
  if (typeof region === 'string' && !region.includes('${')) context.awsRegion = region;
  const subscription = first('azurerm')?.subscription_id;
  if (typeof subscription === 'string' && !subscription.includes('${')) context.azureSubscriptionId = subscription;
  return Object.keys(context).length > 0 ? context : undefined;
}

function resourcesOf(config: Json, prefix: string): ResourceInit[] {
  const out: ResourceInit[] = [];
  const context = providerContext(config);
  for (const mode of ['resource', 'data'] as const) {
    const blocks = config[mode];
    if (!isRecord(blocks)) continue;
    for (const [type, instances] of Object.entries(blocks)) {
      if (!isRecord(instances)) continue;
      for (const [name, body] of Object.entries(instances)) {
        if (!isRecord(body)) continue;
        const local = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
        const pointer = `/${mode}/${pointerToken(type)}/${pointerToken(name)}`;
        const ctx: Walk = { links: new Map() };
        const tree = walk(body, pointer, [], ctx) as Tree;
        for (const meta of ['depends_on', 'lifecycle', 'provider', 'count', 'for_each', 'provisioner', 'connection']) delete tree[meta];
        for (const meta of ['depends_on', 'lifecycle', 'provider', 'count', 'for_each', 'provisioner', 'connection']) {
          for (const key of [...ctx.links.keys()]) if (key === meta || key.startsWith(`${meta}.`)) ctx.links.delete(key);
        }
        if (mode === 'resource') {
          if (tree.id === undefined) tree.id = COMPUTED;
          for (const attr of COMPUTED_ATTRIBUTES[type] ?? []) if (tree[attr] === undefined) tree[attr] = COMPUTED;
          if (type === 'azurerm_kubernetes_cluster') {
            if (tree.kubelet_identity === undefined && tree.service_principal === undefined) tree.kubelet_identity = COMPUTED;
            const identity = Array.isArray(tree.identity) ? tree.identity[0] : undefined;
            if (isPlainObject(identity) && identity.principal_id === undefined) identity.principal_id = COMPUTED;
          }
        }
        const parts = split(tree);
        const attrs = (parts.value ?? {}) as Record<string, unknown>;
        const links = new Map<string, Link[]>();
        for (const [key, list] of ctx.links) {
          links.set(key, list.map((l) => ({ ...l, address: `${prefix}${l.address}` })));
        }
        const meta = isRecord(body['//']) && isRecord((body['//'] as Json).metadata) ? (body['//'] as { metadata: Json }).metadata : undefined;
        const displayPath = typeof meta?.path === 'string' ? meta.path : undefined;
        const count = body.count ?? body.for_each;
        out.push({
          address: `${prefix}${local}`,
          kind: BY_TERRAFORM_TYPE.get(type),
          nativeType: type,
          mode: mode === 'data' ? 'data' : 'managed',
          action: mode === 'data' ? 'read' : 'create',
          attrs,
          unknown: parts.unknown,
          pointer,
          pointerOf: (p: AttrPath) => pointerIn(attrs, pointer, p),
          links: count === undefined ? links : new Map([...links].map(([k, v]) => [k, v.map((l) => ({ ...l, ambiguous: true }))])),
          ...(displayPath ? { displayPath } : {}),
          ...(context ? { context } : {}),
        });
      }
    }
  }
  return out;
}

function isCdktfJson(json: unknown): json is Json {
  return isRecord(json) && !('format_version' in json) && isRecord(json.resource)
    && ('//' in json || isRecord(json.terraform));
}

function stackFiles(dir: string): { name: string; file: string }[] {
  const manifest = join(dir, 'manifest.json');
  if (existsSync(manifest)) {
    try {
      const json = JSON.parse(readFileSync(manifest, 'utf8')) as { stacks?: Record<string, { synthesizedStackPath?: string }> };
      if (isRecord(json.stacks)) {
        const out = Object.entries(json.stacks)
          .filter(([, s]) => typeof s.synthesizedStackPath === 'string' && s.synthesizedStackPath.endsWith('.json'))
          .map(([name, s]) => ({ name, file: join(dir, s.synthesizedStackPath!) }));
        if (out.length > 0) return out;
      }
    } catch {
      // not a cdktf manifest: fall back to the folder layout
    }
  }
  const stacks = join(dir, 'stacks');
  if (!existsSync(stacks) || !statSync(stacks).isDirectory()) return [];
  return readdirSync(stacks).sort()
    .filter((name) => existsSync(join(stacks, name, 'cdk.tf.json')))
    .map((name) => ({ name, file: join(stacks, name, 'cdk.tf.json') }));
}

export const cdktfParser: InputParser = {
  format: 'cdktf',
  expected: 'a cdktf synth output (`cdktf.out` or `stacks/<stack>/cdk.tf.json`)',
  accepts(source: InputSource): boolean {
    return isCdktfJson(source.json);
  },
  parse(source: InputSource): ParsedInput {
    if (!isCdktfJson(source.json)) throw new InputError(source.path, 'not a cdktf stack: expected Terraform JSON with `resource` and `//` metadata');
    const warnings = isRecord(source.json.module) ? [`module blocks are not expanded (${Object.keys(source.json.module).join(', ')}): their resources are not analysed`] : [];
    return { format: 'cdktf', resources: resourcesOf(source.json, ''), warnings };
  },
  acceptsDirectory(path: string): boolean {
    return stackFiles(path).length > 0;
  },
  parseDirectory(path: string): ParsedInput {
    const stacks = stackFiles(path);
    const resources: ResourceInit[] = [];
    const warnings: string[] = [];
    for (const { name, file } of stacks) {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new InputError(file, `invalid JSON: ${(error as Error).message}`);
      }
      if (!isCdktfJson(json)) throw new InputError(file, 'not a cdktf stack: expected Terraform JSON with `resource` and `//` metadata');
      if (isRecord(json.module)) warnings.push(`${file}: module blocks are not expanded: their resources are not analysed`);
      resources.push(...resourcesOf(json, stacks.length > 1 ? `${name}/` : ''));
    }
    return { format: 'cdktf', resources, files: stacks.map((s) => s.file), warnings };
  },
};

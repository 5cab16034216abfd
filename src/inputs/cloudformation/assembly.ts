import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../types.js';
import { acknowledgementsOf, type Acknowledgement } from './acknowledgements.js';
import type { StackEnvironment } from './evaluate.js';
import type { StackTemplate } from './stacks.js';
import { isRecord } from '../../graph/json.js';

/**
 * Reading a CDK cloud assembly (`cdk.out`): `manifest.json`, every `aws:cloudformation:stack`
 * artifact, Stage sub-assemblies (`cdk:cloud-assembly`), nested stack templates, and the construct
 * paths of logical ids (inline artifact metadata or the `<artifact>.metadata.json` side file).
 * Schema: https://github.com/cdklabs/cloud-assembly-schema (artifact-schema.ts, metadata-schema.ts).
 */

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'file named by the cloud assembly manifest is missing' : `cannot read file (${code ?? (error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(file, `invalid JSON in cloud assembly: ${(error as Error).message}`);
  }
}

/** Whether a parsed document is a cloud assembly manifest. */
export function isAssemblyManifest(json: unknown): json is Record<string, unknown> {
  return isRecord(json) && typeof json.version === 'string' && isRecord(json.artifacts);
}

/** Whether a folder is a cloud assembly (holds a manifest.json with artifacts). */
export function isAssemblyDirectory(dir: string): boolean {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) return false;
  try {
    return isAssemblyManifest(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return false;
  }
}

/** `aws://<account|unknown-account>/<region|unknown-region>` */
export function parseEnvironment(value: unknown): StackEnvironment {
  const match = typeof value === 'string' ? /^aws:\/\/([^/]+)\/(.+)$/.exec(value) : null;
  if (!match) return {};
  const account = /^\d{12}$/.test(match[1]!) ? match[1]! : undefined;
  const region = match[2] !== 'unknown-region' && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(match[2]!) ? match[2]! : undefined;
  return { ...(account ? { account } : {}), ...(region ? { region } : {}) };
}

interface PathEntry {
  readonly path: string;
  readonly logicalId: string;
}

/**
 * `aws:cdk:logicalId` entries of an artifact's metadata (inline and side file), and the CDK
 * acknowledgements recorded there (nested stacks' constructs included).
 */
function artifactMetadata(dir: string, artifact: Record<string, unknown>): { entries: PathEntry[]; acknowledgements: Acknowledgement[] } {
  const out: PathEntry[] = [];
  const acknowledgements: Acknowledgement[] = [];
  const read = (metadata: unknown): void => {
    if (!isRecord(metadata)) return;
    for (const [path, entries] of Object.entries(metadata)) {
      if (!Array.isArray(entries)) continue;
      acknowledgementsOf(path, entries, acknowledgements);
      for (const entry of entries) {
        if (isRecord(entry) && entry.type === 'aws:cdk:logicalId' && typeof entry.data === 'string') out.push({ path, logicalId: entry.data });
      }
    }
  };
  read(artifact.metadata);
  if (typeof artifact.additionalMetadataFile === 'string') {
    const file = join(dir, artifact.additionalMetadataFile);
    if (existsSync(file)) read(readJson(file));
  }
  return { entries: out, acknowledgements };
}

/**
 * Assigns logical ids to the template they belong to: the stack whose construct path is the longest
 * prefix of the entry's path (a nested stack `X` lives at `<parent>/X`, its resource at
 * `<parent>/X.NestedStack/X.NestedStackResource`).
 */
class PathIndex {
  readonly #entries: PathEntry[];
  readonly #stackPaths: string[];

  constructor(entries: PathEntry[], rootPath: string) {
    this.#entries = entries;
    const nested = new Set<string>([rootPath]);
    for (const e of entries) {
      const m = /^(.*)\/([^/]+)\.NestedStack\/[^/]+\.NestedStackResource$/.exec(e.path);
      if (m) nested.add(`${m[1]}/${m[2]}`);
    }
    this.#stackPaths = [...nested].sort((a, b) => b.length - a.length);
  }

  /** Path of the nested stack whose resource has this construct path. */
  static nestedStackPath(resourcePath: string): string | undefined {
    const m = /^(.*)\/([^/]+)\.NestedStack\/[^/]+\.NestedStackResource$/.exec(resourcePath);
    return m ? `${m[1]}/${m[2]}` : undefined;
  }

  /** logicalId → construct path (without leading slash) for the template at `stackPath`. */
  forStack(stackPath: string): Map<string, string> {
    const map = new Map<string, string>();
    for (const e of this.#entries) {
      const owner = this.#stackPaths.find((p) => e.path.startsWith(`${p}/`));
      if (owner === stackPath && !map.has(e.logicalId)) map.set(e.logicalId, e.path.replace(/^\//, ''));
    }
    return map;
  }
}

/** Asset manifests of an assembly folder: file asset hash → source path. */
function fileAssets(dir: string, manifest: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  for (const artifact of Object.values(manifest.artifacts as Record<string, unknown>)) {
    if (!isRecord(artifact) || artifact.type !== 'cdk:asset-manifest' || !isRecord(artifact.properties)) continue;
    const file = artifact.properties.file;
    if (typeof file !== 'string' || !existsSync(join(dir, file))) continue;
    const assets = readJson(join(dir, file));
    if (!isRecord(assets) || !isRecord(assets.files)) continue;
    for (const [hash, asset] of Object.entries(assets.files)) {
      if (isRecord(asset) && isRecord(asset.source) && typeof asset.source.path === 'string') out.set(hash, asset.source.path);
    }
  }
  return out;
}

/** Reads every stack of an assembly folder (and of its Stage sub-assemblies). */
export function readAssembly(dir: string): StackTemplate[] {
  const manifestFile = join(dir, 'manifest.json');
  const manifest = readJson(manifestFile);
  if (!isAssemblyManifest(manifest)) throw new InputError(manifestFile, 'not a cloud assembly manifest: expected "version" and "artifacts"');
  const stacks: StackTemplate[] = [];
  const assets = fileAssets(dir, manifest);
  for (const [id, artifact] of Object.entries(manifest.artifacts as Record<string, unknown>)) {
    if (!isRecord(artifact)) continue;
    const properties = isRecord(artifact.properties) ? artifact.properties : {};
    if (artifact.type === 'cdk:cloud-assembly') {
      if (typeof properties.directoryName === 'string') stacks.push(...readAssembly(join(dir, properties.directoryName)));
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack' || typeof properties.templateFile !== 'string') continue;
    const file = join(dir, properties.templateFile);
    const template = readJson(file);
    if (!isRecord(template)) throw new InputError(file, 'template is not a JSON object');
    const displayName = typeof artifact.displayName === 'string' ? artifact.displayName : id;
    const rootPath = `/${displayName}`;
    const metadata = artifactMetadata(dir, artifact);
    const index = new PathIndex(metadata.entries, rootPath);
    const nested = nestedResolver(dir, assets, index);
    stacks.push({
      prefix: `${displayName}/`,
      file,
      template,
      env: parseEnvironment(artifact.environment),
      stackName: typeof properties.stackName === 'string' ? properties.stackName : id,
      paths: index.forStack(rootPath),
      nested,
      ...(metadata.acknowledgements.length > 0 ? { acknowledgements: metadata.acknowledgements } : {}),
    });
  }
  return stacks;
}

type Resolver = NonNullable<StackTemplate['nested']>;

/**
 * Finds the template of a nested stack resource: `aws:asset:path` metadata when `cdk synth` wrote it,
 * else the `<hash>.json` of its TemplateURL looked up in the assembly's asset manifests.
 */
function nestedResolver(dir: string, assets: Map<string, string>, index: PathIndex): Resolver {
  const resolve: Resolver = (logicalId, resource, parentPaths) => {
    const metadata = isRecord(resource.Metadata) ? resource.Metadata : {};
    let file: string | undefined;
    if (typeof metadata['aws:asset:path'] === 'string') file = metadata['aws:asset:path'];
    if (!file) {
      const url = JSON.stringify(isRecord(resource.Properties) ? resource.Properties.TemplateURL ?? '' : '');
      const hash = /([0-9a-f]{64})\.json/.exec(url)?.[1];
      if (hash) file = assets.get(hash);
    }
    if (!file || !existsSync(join(dir, file))) return undefined;
    const path = join(dir, file);
    const template = readJson(path);
    if (!isRecord(template)) return undefined;
    const resourcePath = typeof metadata['aws:cdk:path'] === 'string' ? `/${metadata['aws:cdk:path']}` : parentPaths?.get(logicalId);
    const stackPath = resourcePath ? PathIndex.nestedStackPath(resourcePath.startsWith('/') ? resourcePath : `/${resourcePath}`) : undefined;
    return {
      file: path,
      template,
      ...(stackPath ? { paths: index.forStack(stackPath) } : {}),
      nested: resolve,
    };
  };
  return resolve;
}

/** The assembly folder a manifest.json belongs to. */
export function assemblyDirOf(manifestFile: string): string {
  return basename(manifestFile) === 'manifest.json' ? dirname(manifestFile) : manifestFile;
}

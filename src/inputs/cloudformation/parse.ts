import { InputError, type InputParser, type InputSource, type ParsedInput } from '../types.js';
import { acknowledgementSuppressions } from './acknowledgements.js';
import { assemblyDirOf, isAssemblyDirectory, isAssemblyManifest, readAssembly } from './assembly.js';
import { parseStacks, type StackTemplate } from './stacks.js';
import { loadYamlTemplate } from './yaml.js';
import { isRecord } from '../../graph/json.js';

/** A CloudFormation template: `Resources` whose entries have a `Type`, or the format version key. */
function isTemplate(json: unknown): json is Record<string, unknown> {
  if (!isRecord(json)) return false;
  if (typeof json.AWSTemplateFormatVersion === 'string' && isRecord(json.Resources)) return true;
  if (!isRecord(json.Resources)) return false;
  const resources = Object.values(json.Resources);
  return resources.length > 0 && resources.every((r) => isRecord(r) && typeof r.Type === 'string');
}

const YAML_HINT = /^(AWSTemplateFormatVersion:|Resources:\s*$)/m;
const YAML_TYPE = /^\s+Type:\s*['"]?(AWS|Custom)::/m;

/** Reads a cloud assembly folder. */
function parseAssembly(dir: string): ParsedInput {
  const stacks = readAssembly(dir);
  if (stacks.length === 0) throw new InputError(dir, 'cloud assembly has no CloudFormation stack (no aws:cloudformation:stack artifact)');
  const parsed = parseStacks(stacks);
  const acks = acknowledgementSuppressions(stacks.flatMap((s) => s.acknowledgements ?? []), parsed.resources);
  return {
    format: 'cloudformation',
    resources: parsed.resources,
    files: parsed.files,
    warnings: [...parsed.warnings, ...acks.warnings],
    ...(acks.suppressions.length > 0 ? { suppressions: acks.suppressions } : {}),
  };
}

/**
 * CloudFormation input: CDK cloud assemblies (`cdk.out`, or its `manifest.json`) and plain templates
 * in JSON or YAML (short-form tags included). A lone template has no stack environment, so pseudo
 * parameters other than the partition of an AWS-managed policy ARN stay unknown.
 */
export const cloudFormationParser: InputParser = {
  format: 'cloudformation',
  expected: 'a CDK cloud assembly folder (cdk.out) or a CloudFormation template (JSON or YAML)',
  accepts(source: InputSource): boolean {
    if (source.json !== undefined) return isTemplate(source.json) || isAssemblyManifest(source.json);
    if (source.text === undefined || !/\.(ya?ml|template)$/i.test(source.path)) return false;
    return YAML_HINT.test(source.text) && YAML_TYPE.test(source.text);
  },
  parse(source: InputSource): ParsedInput {
    if (isAssemblyManifest(source.json)) return parseAssembly(assemblyDirOf(source.path));
    let template: unknown = source.json;
    if (template === undefined) {
      try {
        template = loadYamlTemplate(source.text ?? '', source.path);
      } catch (error) {
        throw new InputError(source.path, `invalid YAML CloudFormation template: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    if (!isTemplate(template)) throw new InputError(source.path, 'not a CloudFormation template: expected a Resources map of {Type, Properties}');
    const stack: StackTemplate = { prefix: '', file: source.path, template, env: {} };
    const parsed = parseStacks([stack]);
    return { format: 'cloudformation', resources: parsed.resources, warnings: parsed.warnings };
  },
  acceptsDirectory(path: string): boolean {
    return isAssemblyDirectory(path);
  },
  parseDirectory(path: string): ParsedInput {
    return parseAssembly(path);
  },
};

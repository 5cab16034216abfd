import {
  CORE_SCHEMA, defineMappingTag, defineScalarTag, defineSequenceTag, load, type Schema, type TagDefinition,
} from 'js-yaml';

/**
 * CloudFormation YAML short forms (`!Ref X`, `!GetAtt X.Arn`, `!Sub "…"`, `!If [c, a, b]`, …) turned
 * into their long JSON forms, so that YAML and JSON templates evaluate alike
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html).
 */
const FUNCTIONS: Readonly<Record<string, string>> = {
  Ref: 'Ref',
  Condition: 'Condition',
  GetAtt: 'Fn::GetAtt',
  Sub: 'Fn::Sub',
  Join: 'Fn::Join',
  If: 'Fn::If',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  ImportValue: 'Fn::ImportValue',
  Equals: 'Fn::Equals',
  Not: 'Fn::Not',
  And: 'Fn::And',
  Or: 'Fn::Or',
  FindInMap: 'Fn::FindInMap',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  GetAZs: 'Fn::GetAZs',
  Transform: 'Fn::Transform',
  Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
};

function tagsFor(short: string, long: string): TagDefinition[] {
  const tag = `!${short}`;
  const scalar = defineScalarTag(tag, {
    resolve: (source) => {
      // `!GetAtt Resource.Attribute` is the only scalar form with structure.
      if (long === 'Fn::GetAtt') {
        const dot = source.indexOf('.');
        return { [long]: dot < 0 ? [source] : [source.slice(0, dot), source.slice(dot + 1)] };
      }
      return { [long]: source };
    },
    identify: () => false,
  });
  const sequence = defineSequenceTag<unknown[], unknown>(tag, {
    create: () => [],
    addItem: (carrier, item) => {
      carrier.push(item);
    },
    finalize: (carrier) => ({ [long]: carrier }),
    identify: () => false,
  });
  const mapping = defineMappingTag<Record<string, unknown>, unknown>(tag, {
    create: () => ({}),
    addPair: (carrier, key, value) => {
      carrier[String(key)] = value;
      return '';
    },
    has: (carrier, key) => Object.hasOwn(carrier, String(key)),
    keys: (result) => Object.keys((result as Record<string, Record<string, unknown>>)[long] ?? {}),
    get: (result, key) => (result as Record<string, Record<string, unknown>>)[long]?.[String(key)],
    finalize: (carrier) => ({ [long]: carrier }),
    identify: () => false,
  });
  return [scalar, sequence, mapping];
}

let schema: Schema | undefined;

function cloudFormationSchema(): Schema {
  schema ??= CORE_SCHEMA.withTags(...Object.entries(FUNCTIONS).flatMap(([short, long]) => tagsFor(short, long)));
  return schema;
}

/** Parses a YAML CloudFormation template; throws js-yaml's error on bad YAML. */
export function loadYamlTemplate(text: string, file: string): unknown {
  return load(text, { schema: cloudFormationSchema(), filename: file });
}

import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';

const schema = JSON.parse(readFileSync(new URL('../../schemas/result.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

/** Errors of a JSON result against schemas/result.schema.json (empty when valid). */
export function resultErrors(doc: unknown): unknown[] {
  return validate(doc) ? [] : [...(validate.errors ?? [])];
}

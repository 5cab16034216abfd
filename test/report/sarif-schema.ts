import { createRequire } from 'node:module';

/**
 * The official SARIF 2.1.0 JSON Schema (draft-04), as shipped by @microsoft/jest-sarif, compiled with
 * the ajv 6 that package depends on (ajv 8 no longer reads draft-04) — the same setup jest-sarif uses.
 */
const require = createRequire(import.meta.url);
const jestSarifDir = require.resolve('@microsoft/jest-sarif/package.json').replace(/package\.json$/, '');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Ajv6 = require(`${jestSarifDir}node_modules/ajv`) as new (options: object) => {
  addMetaSchema(schema: object): void;
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null };
};
const ajv = new Ajv6({ schemaId: 'auto', allErrors: true, validateSchema: false });
ajv.addMetaSchema(require(`${jestSarifDir}node_modules/ajv/lib/refs/json-schema-draft-04.json`) as object);
const validate = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object);

/** Schema errors of a SARIF log (empty when valid). */
export function sarifErrors(log: unknown): unknown[] {
  return validate(log) ? [] : [...(validate.errors ?? [])];
}

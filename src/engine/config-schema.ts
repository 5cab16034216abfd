/**
 * JSON Schema of `.pullfix.yml` / `.pullfix.yaml` / `.pullfix.json`. This object is the source; the
 * shipped copy `schemas/config.schema.json` is written by `npm run docs` and checked by the tests.
 * `description`s are used in error messages ("expected …"), so they say what a value must look like.
 */
export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/pullfix/pullfix/blob/main/schemas/config.schema.json',
  title: 'pullfix configuration',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'a URL or path of this JSON Schema' },
    rules: {
      description: 'a map from rule id or name to off, on, error, warning or note',
      type: 'object',
      additionalProperties: {
        description: 'off, on, error, warning or note',
        enum: ['off', 'on', 'error', 'warning', 'note'],
      },
    },
    options: {
      description: 'a map from rule id or name ("*" for every rule) to an object of rule options',
      type: 'object',
      additionalProperties: {
        description: 'an object of rule options, e.g. { expiryWindowDays: 30 }',
        type: 'object',
      },
    },
    failOn: {
      description: 'error, warning, note or never',
      enum: ['error', 'warning', 'note', 'never'],
    },
    include: {
      description: 'a list of path globs of files to read inside folders, e.g. ["**/plan.json"]',
      type: 'array',
      items: { type: 'string', minLength: 1, description: 'a non-empty path glob' },
    },
    exclude: {
      description: 'a list of path globs of files to skip inside folders, e.g. ["**/fixtures/**"]',
      type: 'array',
      items: { type: 'string', minLength: 1, description: 'a non-empty path glob' },
    },
    suppressions: {
      description: 'a list of suppressions, each { rule, address?, file?, reason, expires? }',
      type: 'array',
      items: {
        description: 'a suppression { rule, address?, file?, reason, expires? }',
        type: 'object',
        additionalProperties: false,
        required: ['rule', 'reason'],
        properties: {
          rule: { type: 'string', minLength: 1, description: 'a rule id or name, globs allowed (e.g. PF-AWS-001 or PF-AWS-*)' },
          address: { type: 'string', minLength: 1, description: 'a resource address glob, e.g. module.eks.*' },
          file: { type: 'string', minLength: 1, description: 'an input path glob' },
          reason: { type: 'string', minLength: 1, pattern: '\\S', description: 'a non-empty reason saying why the finding is accepted' },
          expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a date YYYY-MM-DD (the last day the suppression applies)' },
        },
      },
    },
  },
} as const;

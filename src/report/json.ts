import type { LintResult } from '../engine/result.js';

/** The versioned JSON document (schemas/result.schema.json): the result itself, keys in a stable order. */
export function formatJson(result: LintResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

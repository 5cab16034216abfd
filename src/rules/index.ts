import type { AnyRule } from './define-rule.js';

/** Every rule, sorted by id. One line per rule; test/meta.test.ts checks files, docs and this list agree. */
export const rules: readonly AnyRule[] = [
];

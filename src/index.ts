export { lint, lintLoaded, buildGraph, type LintOptions } from './engine/lint.js';
export type {
  Finding, Unverified, LintResult, InputSummary, InputFailure, ResourceRef, RelatedRef,
} from './engine/result.js';
export { RESULT_VERSION } from './engine/result.js';
export { rules } from './rules/index.js';
export { defineRule } from './rules/define-rule.js';
export type {
  Rule, RuleMeta, RuleContext, Severity, Category, Provider, AnyRule,
} from './rules/define-rule.js';
export { ResourceGraph } from './graph/graph.js';
export { Resource } from './graph/resource.js';
export type { ResourceKind } from './graph/kinds.js';
export type {
  Value, KnownValue, UnknownValue, Location, AttrPath, InputFormat, Link, ResourceInit,
} from './graph/model.js';
export { formatText, type TextOptions } from './report/text.js';
export { formatJson } from './report/json.js';
export { formatSarif, type SarifOptions } from './report/sarif.js';
export { formatJunit, type JunitOptions } from './report/junit.js';
export { formatGithub, type GithubOptions } from './report/github.js';
export { formatMarkdown, type MarkdownOptions } from './report/markdown.js';
export { withPositions, type Position } from './report/positions.js';
export { loadConfig, findConfig, ConfigError, type PullfixConfig } from './engine/config.js';
export type { Suppression } from './engine/suppressions.js';
export { createBaseline, formatBaseline, type Baseline } from './engine/baseline.js';

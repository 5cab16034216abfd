import type { ResourceGraph } from '../graph/graph.js';
import type { AttrPath, UnknownReason } from '../graph/model.js';
import type { Resource } from '../graph/resource.js';

/** SARIF's vocabulary: error = pulls will fail; warning = fail under some conditions; note = advice. */
export type Severity = 'error' | 'warning' | 'note';
export type Category = 'iam' | 'network' | 'registry' | 'encryption' | 'image-ref' | 'platform';
export type Provider = 'aws' | 'azure' | 'kubernetes';

export interface RuleMeta<MessageId extends string> {
  /** The catalog id (rules-catalog.md), e.g. "PF-AWS-001". Never reused. */
  readonly id: `PF-${'AWS' | 'AZ' | 'K8S'}-${number}`;
  /** kebab-case slug naming the misconfiguration; equals the file name and the doc name. */
  readonly name: string;
  /** One line, states the problem, no trailing period. */
  readonly title: string;
  /** Default severity; a report may lower or raise it where the catalog says so. */
  readonly severity: Severity;
  readonly category: Category;
  readonly providers: readonly Provider[];
  /**
   * Message templates with {{placeholders}}: what is wrong and the pull error it causes, quoting the
   * kubelet message of the seed articles. The only text a rule may emit.
   */
  readonly messages: Readonly<Record<MessageId, string>>;
  /** How to fix, in the user's IaC terms. */
  readonly remediation: string;
  /** The exact runtime error this rule prevents (kubelet / containerd event text). */
  readonly pullError: string;
  /** Vendor documentation explaining the failure mechanism. */
  readonly references: readonly string[];
}

export interface RelatedLocation {
  readonly resource: Resource;
  readonly path?: AttrPath;
  readonly note: string;
}

export interface ReportDescriptor<MessageId extends string> {
  readonly resource: Resource;
  /** Attribute to blame, in the normalized model, e.g. ["node_role_arn"]. */
  readonly path?: AttrPath;
  readonly messageId: MessageId;
  readonly data?: Readonly<Record<string, string | number>>;
  /** The other sides of a cross-resource problem. */
  readonly related?: readonly RelatedLocation[];
  /** Only where the catalog gives the rule a second severity (e.g. conditional deny → warning). */
  readonly severity?: Severity;
}

export interface CannotVerifyDescriptor {
  readonly resource: Resource;
  readonly path?: AttrPath;
  /** What could not be decided and why, in one sentence (plain text, no template). */
  readonly reason: string;
  readonly why?: UnknownReason;
  readonly related?: readonly RelatedLocation[];
}

export interface RuleContext<Options, MessageId extends string> {
  readonly graph: ResourceGraph;
  readonly options: Options;
  /** Current time, injectable for tests (secret expiry). */
  readonly now: Date;
  report(descriptor: ReportDescriptor<MessageId>): void;
  /** The rule could not decide because an input value is unknown or outside the inputs. */
  cannotVerify(descriptor: CannotVerifyDescriptor): void;
}

export interface Rule<Options = Record<string, never>, MessageId extends string = string> {
  readonly meta: RuleMeta<MessageId>;
  readonly defaultOptions?: Options;
  check(context: RuleContext<Options, MessageId>): void;
}

/** The registry holds rules of different option types; `any` erases them (typescript-eslint does the same). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any, string>;

/** Identity function whose job is type inference (typescript-eslint's createRule). */
export function defineRule<const MessageId extends string, Options = Record<string, never>>(
  rule: Rule<Options, MessageId>,
): Rule<Options, MessageId> {
  return rule;
}

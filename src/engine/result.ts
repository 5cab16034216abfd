import type { AttrPath, InputFormat, Location, PlannedAction } from '../graph/model.js';
import type { Severity } from '../rules/define-rule.js';

/** Version of the JSON result document (schemas/result.schema.json). */
export const RESULT_VERSION = 1;

export interface ResourceRef {
  /** Full address: Terraform address with module path and instance key, logical id, URN, or manifest object. */
  readonly address: string;
  /** The input's own type name, e.g. "aws_eks_node_group". */
  readonly type: string;
  /** Normalized kind, e.g. "aws.eks.nodegroup". */
  readonly kind: string | null;
  readonly file: string;
  /** Construct path / parent, when the input has one. */
  readonly displayPath?: string;
  /** What the deploy does to the resource (Terraform/Pulumi); used by --changed-only. */
  readonly action?: PlannedAction;
}

export interface RelatedRef {
  readonly resource: ResourceRef;
  readonly path: AttrPath;
  readonly location: Location;
  readonly note: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: Severity;
  readonly message: string;
  /** The kubelet / containerd error this misconfiguration leads to. */
  readonly pullError: string;
  readonly remediation: string;
  readonly resource: ResourceRef;
  readonly path: AttrPath;
  readonly location: Location;
  readonly related: readonly RelatedRef[];
  /**
   * Stable identity of the finding across runs (baselines, SARIF partialFingerprints): a hash of the
   * rule id, the resource address within its input and the attribute path. Never depends on the message
   * or on the input file's location on disk.
   */
  readonly fingerprint?: string;
  /** Present when a suppression with a reason applies: the finding stays visible but does not fail the run. */
  readonly suppressed?: AppliedSuppression;
}

/** Where a suppression came from: the config file, a Terraform tag/label, a CDK acknowledgement. */
export type SuppressionSource = 'config' | 'terraform' | 'cdk';

export interface AppliedSuppression {
  readonly source: SuppressionSource;
  readonly reason: string;
  /** ISO date (YYYY-MM-DD) after which the suppression stops applying. */
  readonly expires?: string;
  /** Where it is written: config file path, or the tagged resource address. */
  readonly origin: string;
}

/** Remarks about the run itself: expired or unused suppressions, findings hidden by a baseline. */
export interface RunNote {
  readonly code: 'suppression-expired' | 'suppression-unused' | 'baseline-hidden' | 'baseline-fixed' | 'input-warning';
  readonly message: string;
  /** The file the remark is about (config file, input, baseline). */
  readonly file?: string;
}

/** A check the rule could not decide: neither pass nor fail. */
export interface Unverified {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly reason: string;
  readonly resource: ResourceRef;
  readonly path: AttrPath;
  readonly location: Location;
  readonly related: readonly RelatedRef[];
}

export interface InputSummary {
  readonly path: string;
  readonly format: InputFormat;
  readonly resources: number;
}

export interface InputFailure {
  readonly path: string;
  /** One line naming the file and what was expected. */
  readonly message: string;
}

export interface LintResult {
  readonly version: typeof RESULT_VERSION;
  readonly inputs: readonly InputSummary[];
  readonly findings: readonly Finding[];
  readonly unverified: readonly Unverified[];
  readonly errors: readonly InputFailure[];
  /** Run remarks (always present in the JSON output; optional for results built by hand). */
  readonly notes?: readonly RunNote[];
}

import type { AttrPath, InputFormat, Location } from '../graph/model.js';
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
}

import type { ResourceKind } from './kinds.js';

/** Where a value came from, precise enough for SARIF and for people. */
export interface Location {
  /** Input file, as given on the command line (relative paths stay relative). */
  readonly file: string;
  /** RFC 6901 pointer into that file, e.g. "/resource_changes/4/change/after/node_role_arn". */
  readonly pointer: string;
  /** 1-based; filled lazily, for findings only (see report/positions). */
  readonly line?: number;
  readonly column?: number;
}

/**
 * Why a value cannot be read from the input:
 * - `computed`: known only after apply (Terraform `after_unknown`, Pulumi's unknown sentinel);
 * - `intrinsic`: a CloudFormation intrinsic or parameter pullfix could not evaluate;
 * - `external`: the value lives outside the analysed inputs (a role ARN of another stack, a data source);
 * - `secret`: the input hides it (Pulumi `[secret]`).
 */
export type UnknownReason = 'computed' | 'intrinsic' | 'external' | 'secret';

export interface KnownValue<T> {
  readonly known: true;
  readonly value: T;
  readonly loc: Location;
}

export interface UnknownValue {
  readonly known: false;
  readonly why: UnknownReason;
  readonly loc: Location;
}

/** A value read from the input. Unknown is explicit, never "absent". */
export type Value<T> = KnownValue<T> | UnknownValue;

/** A path in a resource's normalized attributes: keys and list positions. */
export type AttrPath = readonly (string | number)[];

export type InputFormat = 'terraform-plan' | 'cloudformation' | 'pulumi' | 'cdktf' | 'kubernetes';

/** What the deploy does to the resource; destroyed resources never enter the graph. */
export type PlannedAction = 'create' | 'update' | 'replace' | 'no-op' | 'read' | 'unknown';

/**
 * A link from one resource attribute to another resource, taken from the input's own reference
 * syntax (Terraform `configuration` references, CloudFormation Ref/GetAtt, Pulumi property
 * dependencies). Addresses are local to the input the link came from.
 */
export interface Link {
  /** Address of the target resource, in the same input. */
  readonly address: string;
  /** Attribute of the target the value comes from, e.g. ["arn"] or ["kubelet_identity", 0, "object_id"]. */
  readonly attribute: AttrPath;
  /** The referrer or the target fans out (count/for_each) and the link may name several instances. */
  readonly ambiguous: boolean;
}

/**
 * Deployment context of a resource that its own attributes do not carry: the provider configuration
 * (AWS region and account, Azure subscription) it is created with. Parsers fill what their input
 * states; a missing field means the input does not say (rules must not guess it).
 */
export interface ResourceContext {
  /** AWS region the resource lives in, e.g. "eu-west-1". */
  readonly awsRegion?: string;
  /** 12-digit AWS account id the resource is created in. */
  readonly awsAccountId?: string;
  /** Azure subscription id (GUID) of the provider the resource is created with. */
  readonly azureSubscriptionId?: string;
}

/** Everything a parser hands over for one resource. */
export interface ResourceInit {
  readonly address: string;
  readonly kind: ResourceKind | undefined;
  readonly nativeType: string;
  readonly mode: 'managed' | 'data';
  readonly action: PlannedAction;
  /** Normalized attributes: the Terraform provider schema's names and shapes (see graph/kinds.ts). */
  readonly attrs: Readonly<Record<string, unknown>>;
  /**
   * Mirror of `attrs` marking unknown parts with `true` (or with an UnknownReason), in the exact
   * shape of Terraform's `after_unknown`: objects omit known keys, lists keep positions.
   */
  readonly unknown?: unknown;
  /** Reason reported for parts marked `true` in `unknown`. */
  readonly unknownReason?: UnknownReason;
  /** Pointer of the resource itself in its file. */
  readonly pointer: string;
  /**
   * The file the resource is written in, when the input spans several files (the templates of a CDK
   * cloud assembly); pointers point into it. Defaults to the input's path.
   */
  readonly file?: string;
  /** Pointer of an attribute; defaults to `pointer` + "/" + path. */
  readonly pointerOf?: (path: AttrPath) => string;
  /** Links keyed by the attribute path with list positions removed ("kubelet_identity.object_id"). */
  readonly links?: ReadonlyMap<string, readonly Link[]>;
  /** CDK construct path, Pulumi parent, … shown to people next to the address. */
  readonly displayPath?: string;
  /** Provider context (region, account, subscription); see ResourceContext. */
  readonly context?: ResourceContext;
  /**
   * Mirror of `attrs` marking sensitive parts with `true` (Terraform's `after_sensitive` shape).
   * Sensitive values must never be echoed in messages; see Resource.isSensitive.
   */
  readonly sensitive?: unknown;
  /**
   * Whether the input's own configuration sets an attribute (see Resource.configured); absent when
   * the input has none (a plan without `configuration`, other formats).
   */
  readonly configured?: (path: AttrPath) => boolean | undefined;
}

/**
 * Link key under which an input records the cluster its Kubernetes objects are deployed to: for a
 * Terraform plan, the references of the `kubernetes` provider configuration the resource uses
 * (`host = azurerm_kubernetes_cluster.aks.kube_config[0].host`, `aws_eks_cluster.main.endpoint`); for
 * Pulumi, the cluster its Kubernetes provider's kubeconfig depends on.
 */
export const CLUSTER_LINK_KEY = 'provider';

import type { ResourceGraph } from '../../graph/graph.js';
import type { ResourceKind } from '../../graph/kinds.js';
import type { AttrPath } from '../../graph/model.js';
import type { Resource } from '../../graph/resource.js';
import { resolveRefs } from '../aws-nodes.js';
import { cached, graphCache } from '../memo.js';
import { isManagedPolicyArn, managedPolicy, managedPolicyName } from './managed.js';
import { parsePolicy, type PolicyDocument } from './policy.js';

/** A policy document that applies to a role, and the resource that makes it apply. */
export interface PolicySource {
  readonly document: PolicyDocument;
  readonly kind: 'aws-managed' | 'customer-managed' | 'inline';
  /** Managed policy name, customer policy address or inline policy name, for messages. */
  readonly name: string;
  /** The resource that attaches or holds the document (attachment, role policy, role, policy). */
  readonly resource: Resource;
  readonly path: AttrPath;
  /** The customer-managed policy resource, when the document comes from one. */
  readonly policy?: Resource;
}

/** A policy that applies to the role but whose document cannot be read. */
export interface UnreadablePolicy {
  readonly resource: Resource;
  readonly path: AttrPath;
  /** One sentence: what could not be read and why. */
  readonly reason: string;
  /** The document lives outside the inputs (customer policy by literal ARN, managed policy missing from the snapshot). */
  readonly external: boolean;
}

export interface RolePolicies {
  readonly role: Resource;
  /** Identity policies: AWS managed, customer managed and inline. */
  readonly identity: readonly PolicySource[];
  /** Permissions boundary, when set and readable. */
  readonly boundary?: PolicySource;
  /** Identity policies or boundary that apply but cannot be read. */
  readonly unreadable: readonly UnreadablePolicy[];
  readonly boundaryUnreadable?: UnreadablePolicy;
}

const ROLE: readonly ResourceKind[] = ['aws.iam.role'];
const POLICY: readonly ResourceKind[] = ['aws.iam.policy'];
const POLICY_DOCUMENT: readonly ResourceKind[] = ['aws.iam.policydocument'];

type DocResult = { document: PolicyDocument } | { unreadable: string; external: boolean };

/**
 * Reads a policy document attribute: a JSON string, or (when unknown at plan time) the `json` of the
 * `aws_iam_policy_document` data source it references.
 */
export function policyDocumentAt(graph: ResourceGraph, resource: Resource, path: AttrPath): DocResult {
  // Several rules read the same documents (a repository policy per node role, say): parsed once per graph.
  return cached(documentCache(graph), `${resource.key}\u0000${path.join('.')}`, () => readPolicyDocument(graph, resource, path));
}

const documentCache = graphCache<string, DocResult>();

function readPolicyDocument(graph: ResourceGraph, resource: Resource, path: AttrPath): DocResult {
  const value = resource.get(path);
  if (value === undefined) return { unreadable: `\`${resource.address}\` has no \`${path.join('.')}\``, external: false };
  if (value.known) {
    const document = parsePolicy(value.value);
    return document ? { document } : { unreadable: `\`${path.join('.')}\` of \`${resource.address}\` is not a policy document`, external: false };
  }
  for (const target of graph.resolve(resource, path, POLICY_DOCUMENT)) {
    const json = target.resource.get(['json']);
    if (json?.known) {
      const document = parsePolicy(json.value);
      if (document) return { document };
    }
  }
  return { unreadable: `the policy document \`${path.join('.')}\` of \`${resource.address}\` is known only after apply`, external: false };
}

function managedSource(arn: string, holder: Resource, path: AttrPath): PolicySource | UnreadablePolicy {
  const managed = managedPolicy(arn);
  if (managed) return { document: managed.document, kind: 'aws-managed', name: managed.name, resource: holder, path };
  return {
    resource: holder, path, external: true,
    reason: `AWS managed policy \`${managedPolicyName(arn)}\` attached by \`${holder.address}\` is not in pullfix's policy snapshot`,
  };
}

function customerSource(graph: ResourceGraph, policy: Resource, holder: Resource, path: AttrPath): PolicySource | UnreadablePolicy {
  const doc = policyDocumentAt(graph, policy, ['policy']);
  if ('document' in doc) return { document: doc.document, kind: 'customer-managed', name: policy.address, resource: holder, path, policy };
  return { resource: holder, path, reason: doc.unreadable, external: doc.external };
}

/** Policies named by ARN in a string or list attribute (policy_arn, managed_policy_arns, policy_arns, permissions_boundary). */
function policiesByArn(graph: ResourceGraph, holder: Resource, path: AttrPath, ignoreComputed: boolean): (PolicySource | UnreadablePolicy)[] {
  const out: (PolicySource | UnreadablePolicy)[] = [];
  const elements = holder.list(path);
  const unknownElements = !Array.isArray(elements) || elements.some((e) => !e.known);
  if (Array.isArray(elements)) {
    elements.forEach((element) => {
      if (!element.known || typeof element.value !== 'string') return;
      if (isManagedPolicyArn(element.value)) out.push(managedSource(element.value, holder, path));
    });
  }
  const resolved = resolveRefs(graph, holder, path, POLICY);
  if (resolved.status === 'resolved') {
    for (const policy of resolved.resources) out.push(customerSource(graph, policy, holder, path));
    for (const arn of resolved.external) {
      if (!isManagedPolicyArn(arn)) out.push({ resource: holder, path, external: true, reason: `customer policy \`${arn}\` attached by \`${holder.address}\` is not in the analysed inputs` });
    }
  } else if (resolved.status === 'external') {
    for (const arn of resolved.values) {
      if (!isManagedPolicyArn(arn)) out.push({ resource: holder, path, external: true, reason: `customer policy \`${arn}\` attached by \`${holder.address}\` is not in the analysed inputs` });
    }
  } else if (resolved.status === 'unknown' && unknownElements && !ignoreComputed) {
    out.push({ resource: holder, path, external: false, reason: resolved.reason });
  }
  return out;
}

function isSource(x: PolicySource | UnreadablePolicy): x is PolicySource {
  return 'document' in x;
}

interface Attachments {
  /** Attachment-like resources by role key. */
  readonly byRole: Map<string, Resource[]>;
  /** Attachments whose role cannot be resolved at all (computed with no reference). */
  readonly orphans: Resource[];
}

/** Attribute naming the role(s), per attachment kind. */
const ROLE_ATTRIBUTE: Partial<Record<ResourceKind, AttrPath>> = {
  'aws.iam.rolepolicyattachment': ['role'],
  'aws.iam.rolepolicy': ['role'],
  'aws.iam.policyattachment': ['roles'],
  'aws.iam.rolepolicyattachmentsexclusive': ['role_name'],
  'aws.iam.rolepoliciesexclusive': ['role_name'],
};

const attachmentCache = new WeakMap<ResourceGraph, Attachments>();

/** One pass over every attachment-like resource, keyed by the role it names (value or reference). */
function attachments(graph: ResourceGraph): Attachments {
  const cached = attachmentCache.get(graph);
  if (cached) return cached;
  const byRole = new Map<string, Resource[]>();
  const orphans: Resource[] = [];
  for (const [kind, path] of Object.entries(ROLE_ATTRIBUTE) as [ResourceKind, AttrPath][]) {
    for (const attachment of graph.ofKind(kind)) {
      if (attachment.mode !== 'managed') continue;
      const roles = resolveRefs(graph, attachment, path, ROLE);
      if (roles.status === 'resolved') {
        for (const role of roles.resources) {
          let list = byRole.get(role.key);
          if (!list) byRole.set(role.key, (list = []));
          list.push(attachment);
        }
      } else if (roles.status === 'unknown') {
        orphans.push(attachment);
      }
    }
  }
  const result = { byRole, orphans };
  attachmentCache.set(graph, result);
  return result;
}

/** Attachments anywhere in the inputs whose role cannot be told; they might attach to any role. */
export function orphanAttachments(graph: ResourceGraph): readonly Resource[] {
  return attachments(graph).orphans;
}

const cache = new WeakMap<ResourceGraph, Map<string, RolePolicies>>();

/**
 * Every policy that applies to a role: `managed_policy_arns` and `inline_policy` of the role itself,
 * `aws_iam_role_policy_attachment`, `aws_iam_policy_attachment` (roles list),
 * `aws_iam_role_policy_attachments_exclusive`, `aws_iam_role_policy`, and the permissions boundary.
 * Computed `managed_policy_arns` / `inline_policy` of a new role are the attachments made elsewhere
 * (the provider reads them back after apply), so they are not unknown policies.
 */
export function rolePolicies(graph: ResourceGraph, role: Resource): RolePolicies {
  let byRole = cache.get(graph);
  if (!byRole) cache.set(graph, (byRole = new Map()));
  const cached = byRole.get(role.key);
  if (cached) return cached;

  const identity: PolicySource[] = [];
  const unreadable: UnreadablePolicy[] = [];
  const push = (x: PolicySource | UnreadablePolicy): void => {
    if (isSource(x)) identity.push(x);
    else unreadable.push(x);
  };

  policiesByArn(graph, role, ['managed_policy_arns'], true).forEach(push);
  const inline = role.get(['inline_policy']);
  if (inline?.known && Array.isArray(inline.value)) {
    inline.value.forEach((block: unknown, i) => {
      const name = (block as { name?: unknown } | null)?.name;
      const policy = role.get(['inline_policy', i, 'policy']);
      if (policy === undefined) return;
      const doc = policyDocumentAt(graph, role, ['inline_policy', i, 'policy']);
      if ('document' in doc) identity.push({ document: doc.document, kind: 'inline', name: typeof name === 'string' ? name : `inline_policy[${i}]`, resource: role, path: ['inline_policy', i, 'policy'] });
      else unreadable.push({ resource: role, path: ['inline_policy', i, 'policy'], reason: doc.unreadable, external: doc.external });
    });
  }

  for (const attachment of attachments(graph).byRole.get(role.key) ?? []) {
    switch (attachment.kind) {
      case 'aws.iam.rolepolicyattachment':
      case 'aws.iam.policyattachment':
        policiesByArn(graph, attachment, ['policy_arn'], false).forEach(push);
        break;
      case 'aws.iam.rolepolicyattachmentsexclusive':
        policiesByArn(graph, attachment, ['policy_arns'], false).forEach(push);
        break;
      case 'aws.iam.rolepolicy': {
        const doc = policyDocumentAt(graph, attachment, ['policy']);
        const name = attachment.get(['name']);
        const label = name?.known && typeof name.value === 'string' ? name.value : attachment.address;
        if ('document' in doc) identity.push({ document: doc.document, kind: 'inline', name: label, resource: attachment, path: ['policy'] });
        else unreadable.push({ resource: attachment, path: ['policy'], reason: doc.unreadable, external: doc.external });
        break;
      }
      default:
        // aws_iam_role_policies_exclusive only lists names of inline policies defined elsewhere.
        break;
    }
  }

  let boundary: PolicySource | undefined;
  let boundaryUnreadable: UnreadablePolicy | undefined;
  const boundaryValue = role.get(['permissions_boundary']);
  if (boundaryValue !== undefined && !(boundaryValue.known && boundaryValue.value === '')) {
    const found = policiesByArn(graph, role, ['permissions_boundary'], false);
    const source = found.find(isSource);
    if (source) boundary = source;
    else boundaryUnreadable = found[0] as UnreadablePolicy | undefined
      ?? { resource: role, path: ['permissions_boundary'], external: !boundaryValue.known ? false : true, reason: `permissions boundary of \`${role.address}\` cannot be read` };
  }

  const result: RolePolicies = {
    role, identity, unreadable,
    ...(boundary ? { boundary } : {}),
    ...(boundaryUnreadable ? { boundaryUnreadable } : {}),
  };
  byRole.set(role.key, result);
  return result;
}

import { CLUSTER_LINK_KEY } from '../../graph/model.js';
import { KIND_SCHEMAS, type ResourceKind } from '../../graph/kinds.js';
import type { Link, PlannedAction, ResourceContext, ResourceInit } from '../../graph/model.js';
import { pointerToken } from '../../graph/resource.js';
import { nativeTranslator, type NativeTranslation } from './azure-native.js';
import { asBlockList, classicName, classicTerraformType, snakeCase, toTerraformShape } from './classic.js';
import {
  COMPUTED, Unknown, decode, isPlainObject, originOf, pointerIn, setOrigin, split, type Tree,
} from './values.js';

/**
 * One resource state as every Pulumi document carries it (apitype.ResourceV3 in previews and exports,
 * StepEventStateMetadata in engine events, PolicyResource in a policy pack), with the step op when there is one.
 */
export interface PulumiState {
  readonly urn: string;
  readonly type: string;
  readonly custom?: boolean;
  readonly id?: unknown;
  readonly inputs?: unknown;
  readonly outputs?: unknown;
  readonly parent?: string;
  readonly provider?: string;
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  readonly op?: string;
  /** RFC 6901 pointer of the state object in its file. */
  readonly pointer: string;
}

export interface DocumentContext {
  /** Stack configuration (`aws:region`, `azure-native:subscriptionId`, …) when the document carries it. */
  readonly config?: Readonly<Record<string, unknown>>;
}

const BY_TERRAFORM_TYPE: ReadonlyMap<string, ResourceKind> = new Map(
  (Object.entries(KIND_SCHEMAS) as [ResourceKind, readonly string[]][]).flatMap(
    ([kind, types]) => types.map((type) => [type, kind] as const),
  ),
);

/** Kubernetes kinds that run pods; their object is the attrs of a `k8s.workload`. */
const WORKLOAD_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'ReplicationController']);

/** Ops whose outputs describe the old resource (or nothing yet): the new resource is read from its inputs. */
const INPUT_ONLY_OPS = new Set(['create', 'replace', 'create-replacement', 'import', 'import-replacement']);
/** Ops after which the resource no longer exists. */
export const DELETING_OPS = new Set(['delete', 'delete-replaced', 'discard', 'discard-replaced', 'remove-pending-replace']);

/** Computed attributes azurerm/aws show as unknown while a resource is being created (when the preview lacks them). */
const COMPUTED_ON_CREATE: Readonly<Record<string, readonly string[]>> = {
  aws_iam_role: ['unique_id'],
  aws_ecr_repository: ['repository_url', 'registry_id'],
  azurerm_container_registry: ['login_server'],
  azurerm_user_assigned_identity: ['principal_id', 'client_id', 'tenant_id'],
  azurerm_public_ip: ['ip_address'],
  azuread_application: ['client_id', 'object_id'],
  azuread_service_principal: ['client_id', 'object_id'],
};

export function plannedAction(op: string | undefined): PlannedAction {
  switch (op) {
    case undefined: return 'no-op';
    case 'same':
    case 'refresh': return 'no-op';
    case 'create':
    case 'import': return 'create';
    case 'update': return 'update';
    case 'replace':
    case 'create-replacement':
    case 'import-replacement': return 'replace';
    case 'read':
    case 'read-replacement': return 'read';
    default: return 'unknown';
  }
}

function urnName(urn: string): string {
  const at = urn.lastIndexOf('::');
  return at < 0 ? urn : urn.slice(at + 2);
}

function isComponent(state: PulumiState): boolean {
  if (state.custom !== undefined) return !state.custom;
  return !/^(aws|azure|azure-native|azuread|kubernetes|pulumi:providers):/.test(state.type);
}

interface Draft {
  readonly state: PulumiState;
  readonly address: string;
  readonly tfType: string | undefined;
  readonly kind: ResourceKind | undefined;
  readonly family: 'aws' | 'azure' | 'kubernetes' | 'other';
  readonly tree: Tree;
  readonly links: Map<string, Link[]>;
  readonly displayPath: string | undefined;
  readonly context: ResourceContext | undefined;
}

/**
 * Links from property dependencies carry no attribute: the engine records which resources fed an input,
 * not which of their outputs. For the common, documented shapes the attribute is inferred:
 * - Azure: `scope` and `*_id(s)` inputs (except principal/client/object/tenant ids) hold ARM ids → `["id"]`;
 * - AWS: `*_arn(s)` inputs hold ARNs → `["arn"]`; `*_id(s)` inputs hold ids → `["id"]`;
 *   the `role` input of attachments, instance profiles and role policies takes the role name
 *   (aws_iam_role_policy_attachment: "role - (Required) The name of the IAM role") → `["name"]`.
 * Everything else keeps `[]` (the source is known, its attribute is not).
 */
function inferAttribute(family: Draft['family'], key: string, target: Draft | undefined): string[] {
  const last = key.split('.').pop() ?? key;
  if (family === 'azure') {
    if (/^(principal|client|object|tenant)_id$/.test(last)) return [];
    if (last === 'scope' || /_ids?$/.test(last)) return ['id'];
  }
  if (family === 'aws') {
    if (/_arns?$/.test(last)) return ['arn'];
    if (/_ids?$/.test(last)) return ['id'];
    if (last === 'role' && target?.kind === 'aws.iam.role') return ['name'];
  }
  return [];
}

function providerUrn(reference: string | undefined): string | undefined {
  if (!reference) return undefined;
  const at = reference.lastIndexOf('::');
  return at < 0 ? reference : reference.slice(0, at);
}

function stringConfig(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && !value.startsWith('04da6b54') ? value : undefined;
}

/** Translates every state of one document; components, providers and the stack itself are not analysed. */
export function translateStates(states: readonly PulumiState[], document: DocumentContext = {}): ResourceInit[] {
  const byUrn = new Map<string, PulumiState>();
  const children = new Map<string, PulumiState[]>();
  for (const state of states) {
    byUrn.set(state.urn, state);
    if (state.parent) {
      let list = children.get(state.parent);
      if (!list) children.set(state.parent, (list = []));
      list.push(state);
    }
  }
  const config = document.config ?? {};

  const contextOf = (state: PulumiState, family: Draft['family'], tree: Tree): ResourceContext | undefined => {
    const provider = byUrn.get(providerUrn(state.provider) ?? '');
    const inputs = (provider?.inputs ?? provider?.outputs) as Record<string, unknown> | undefined;
    const context: { awsRegion?: string; awsAccountId?: string; azureSubscriptionId?: string } = {};
    if (family === 'aws') {
      const region = stringConfig(inputs?.region) ?? stringConfig(config['aws:region']);
      if (region) context.awsRegion = region;
      const arn = tree.arn;
      const account = typeof arn === 'string' ? arn.split(':')[4] : undefined;
      if (account && /^\d{12}$/.test(account)) context.awsAccountId = account;
    } else if (family === 'azure') {
      const pkg = state.type.split(':')[0]!;
      const subscription = stringConfig(inputs?.subscriptionId) ?? stringConfig(config[`${pkg}:subscriptionId`]);
      if (subscription) context.azureSubscriptionId = subscription;
    }
    return Object.keys(context).length > 0 ? context : undefined;
  };

  const displayOf = (state: PulumiState): string | undefined => {
    const names: string[] = [];
    let parent = state.parent ? byUrn.get(state.parent) : undefined;
    while (parent && parent.type !== 'pulumi:pulumi:Stack') {
      names.unshift(urnName(parent.urn));
      parent = parent.parent ? byUrn.get(parent.parent) : undefined;
    }
    return names.length > 0 ? [...names, urnName(state.urn)].join('/') : undefined;
  };

  const drafts: Draft[] = [];
  const draftByUrn = new Map<string, Draft>();
  const pending: { draft: Draft; linkKeys: (input: string) => readonly string[]; derivedLinks?: NativeTranslation['derived'] }[] = [];

  for (const state of states) {
    if (isComponent(state) || state.type.startsWith('pulumi:')) continue;
    const creating = state.op !== undefined && INPUT_ONLY_OPS.has(state.op);
    const merged = mergedProperties(state, !creating);
    const rawId = state.id;
    const id = typeof rawId === 'string' && rawId !== '' ? rawId : (creating ? COMPUTED : merged.id);

    const [pkg] = state.type.split(':');
    if (pkg === 'kubernetes') {
      const match = /^kubernetes:(?:([a-z0-9.-]+)\/)?([a-z0-9]+)\/?([a-z0-9]*):([A-Za-z0-9]+)$/.exec(state.type);
      const objectKind = match?.[4];
      const kind: ResourceKind | undefined = objectKind === 'Secret' ? 'k8s.secret'
        : objectKind && WORKLOAD_KINDS.has(objectKind) ? 'k8s.workload' : undefined;
      const tree = merged;
      if (objectKind && tree.kind === undefined) tree.kind = objectKind;
      if (match && tree.apiVersion === undefined) {
        const [, group, version] = match;
        tree.apiVersion = group === 'core' || group === undefined ? version : `${group}/${version}`;
      }
      const draft: Draft = {
        state, address: state.urn, tfType: undefined, kind, family: 'kubernetes', tree, links: new Map(),
        displayPath: displayOf(state), context: undefined,
      };
      drafts.push(draft);
      pending.push({ draft, linkKeys: (input) => [input] });
      continue;
    }

    const translator = pkg === 'azure-native' ? nativeTranslator(state.type) : undefined;
    if (translator) {
      const translation = translator(merged, { creating, id });
      const draft: Draft = {
        state, address: state.urn, tfType: translation.tfType, kind: BY_TERRAFORM_TYPE.get(translation.tfType),
        family: 'azure', tree: translation.tree, links: new Map(), displayPath: displayOf(state),
        context: contextOf(state, 'azure', translation.tree),
      };
      drafts.push(draft);
      pending.push({ draft, linkKeys: (input) => translation.linkKeys?.[input] ?? [snakeCase(input)], derivedLinks: translation.derived });
      for (const derived of translation.derived ?? []) {
        drafts.push({
          state, address: `${state.urn}#${derived.suffix}`, tfType: derived.tfType, kind: BY_TERRAFORM_TYPE.get(derived.tfType),
          family: 'azure', tree: derived.tree, links: new Map(), displayPath: draft.displayPath, context: draft.context,
        });
      }
      continue;
    }

    const tfType = classicTerraformType(state.type);
    const family: Draft['family'] = pkg === 'aws' ? 'aws' : pkg === 'azure' || pkg === 'azuread' ? 'azure' : 'other';
    const tree = (tfType ? toTerraformShape(tfType, merged) : merged) as Tree;
    if (id !== undefined) tree.id = id;
    if (creating) {
      if (family === 'aws' && tree.arn === undefined) tree.arn = COMPUTED;
      for (const attr of COMPUTED_ON_CREATE[tfType ?? ''] ?? []) if (tree[attr] === undefined) tree[attr] = COMPUTED;
      if (tfType === 'azurerm_kubernetes_cluster' && tree.kubelet_identity === undefined && tree.service_principal === undefined) {
        tree.kubelet_identity = COMPUTED;
      }
      if (tfType === 'azurerm_kubernetes_cluster' && Array.isArray(tree.identity) && isPlainObject(tree.identity[0])
        && tree.identity[0].principal_id === undefined) {
        tree.identity[0].principal_id = COMPUTED;
      }
    }
    const draft: Draft = {
      state, address: state.urn, tfType, kind: tfType ? BY_TERRAFORM_TYPE.get(tfType) : undefined, family, tree,
      links: new Map(), displayPath: displayOf(state), context: contextOf(state, family, tree),
    };
    drafts.push(draft);
    pending.push({ draft, linkKeys: (input) => [tfType ? classicName(tfType, input) : snakeCase(input)] });
  }
  for (const draft of drafts) if (!draftByUrn.has(draft.address)) draftByUrn.set(draft.address, draft);

  /** A dependency on a component stands for its custom descendants (ambiguous: which one is not recorded). */
  const targetsOf = (urn: string): { draft: Draft; ambiguous: boolean }[] => {
    const direct = draftByUrn.get(urn);
    if (direct) return [{ draft: direct, ambiguous: false }];
    const out: { draft: Draft; ambiguous: boolean }[] = [];
    const stack = [...(children.get(urn) ?? [])];
    while (stack.length > 0) {
      const child = stack.pop()!;
      const draft = draftByUrn.get(child.urn);
      if (draft) out.push({ draft, ambiguous: true });
      else stack.push(...(children.get(child.urn) ?? []));
    }
    return out;
  };
  const addLinks = (draft: Draft, key: string, urns: readonly string[]): void => {
    for (const urn of urns) {
      for (const { draft: target, ambiguous } of targetsOf(urn)) {
        const link: Link = { address: target.address, attribute: inferAttribute(draft.family, key, target), ambiguous };
        let list = draft.links.get(key);
        if (!list) draft.links.set(key, (list = []));
        if (!list.some((l) => l.address === link.address)) list.push(link);
      }
    }
  };

  for (const { draft, linkKeys, derivedLinks } of pending) {
    const deps = draft.state.propertyDependencies ?? {};
    for (const [input, urns] of Object.entries(deps)) {
      if (!Array.isArray(urns) || urns.length === 0) continue;
      for (const key of linkKeys(input)) addLinks(draft, key, urns);
    }
    for (const derived of derivedLinks ?? []) {
      const target = draftByUrn.get(`${draft.address}#${derived.suffix}`);
      if (!target) continue;
      for (const [key, source] of Object.entries(derived.links ?? {})) {
        if (source.self) target.links.set(key, [{ address: draft.address, attribute: source.self, ambiguous: false }]);
        if (source.input) addLinks(target, key, deps[source.input] ?? []);
      }
    }
  }

  // A Kubernetes resource is deployed to the cluster its `pulumi:providers:kubernetes` builds its
  // kubeconfig from (rules-catalog §2.4); recorded like the Terraform provider configuration's link.
  for (const draft of drafts) {
    if (draft.family !== 'kubernetes') continue;
    const urns = byUrn.get(providerUrn(draft.state.provider) ?? '')?.propertyDependencies?.kubeconfig ?? [];
    const clusters = urns.flatMap(targetsOf).filter((t) => t.draft.kind === 'azure.aks.cluster' || t.draft.kind === 'aws.eks.cluster');
    const only = clusters.length === 1;
    if (clusters.length > 0) draft.links.set(CLUSTER_LINK_KEY, clusters.map((t) => ({ address: t.draft.address, attribute: [], ambiguous: !only && t.ambiguous })));
  }

  foldZoneGroups(drafts, draftByUrn);
  fillIdsFromLinks(drafts, draftByUrn);

  return drafts.map(toInit);
}

/**
 * Inputs over outputs, merged object by object: inputs are what the program declares; outputs add what
 * the provider computed (ids, ARNs, defaults) and are trusted only for resources that already exist.
 */
function mergedProperties(state: PulumiState, useOutputs: boolean): Tree {
  const outputs = useOutputs && isPlainObject(state.outputs) ? decode(state.outputs, `${state.pointer}/outputs`) : undefined;
  const inputs = isPlainObject(state.inputs) ? decode(state.inputs, `${state.pointer}/inputs`) : undefined;
  return mergeDeep(state.pointer, isPlainObject(outputs) ? outputs : {}, isPlainObject(inputs) ? inputs : {});
}

function mergeDeep(base: string, under: Tree, over: Tree): Tree {
  const merged: Tree = {};
  const keys: Record<string, string> = {};
  const relative = (node: Tree, key: string): string => {
    const absolute = `${originOf(node)?.pointer ?? base}/${pointerToken(key)}`;
    return absolute.startsWith(`${base}/`) ? absolute.slice(base.length + 1) : absolute;
  };
  for (const [key, value] of Object.entries(under)) {
    merged[key] = value;
    keys[key] = relative(under, key);
  }
  for (const [key, value] of Object.entries(over)) {
    const below = merged[key];
    if (isPlainObject(value) && isPlainObject(below)) {
      merged[key] = mergeDeep(base, below, value);
    } else {
      merged[key] = value;
      keys[key] = relative(over, key);
    }
  }
  return setOrigin(merged, { pointer: base, keys });
}

/** azurerm nests a private endpoint's DNS zone group; azure-native makes it a child resource. */
function foldZoneGroups(drafts: readonly Draft[], byUrn: ReadonlyMap<string, Draft>): void {
  for (const group of drafts) {
    if (group.tfType !== 'azure_native_private_dns_zone_group') continue;
    const linked = (group.links.get('private_endpoint_name') ?? []).map((l) => byUrn.get(l.address))
      .find((d) => d?.tfType === 'azurerm_private_endpoint');
    const endpoint = linked ?? drafts.find((d) => d.tfType === 'azurerm_private_endpoint'
      && typeof d.tree.name === 'string' && d.tree.name === group.tree.private_endpoint_name
      && d.tree.resource_group_name === group.tree.resource_group_name);
    if (!endpoint) continue;
    const block = { name: group.tree.name, private_dns_zone_ids: group.tree.private_dns_zone_ids };
    const origin = originOf(group.tree);
    if (origin) setOrigin(block, { pointer: origin.pointer, keys: { name: origin.keys?.name ?? 'name', private_dns_zone_ids: origin.keys?.private_dns_zone_ids ?? 'private_dns_zone_ids' } });
    endpoint.tree.private_dns_zone_group = asBlockList(block);
    const links = group.links.get('private_dns_zone_ids');
    if (links) endpoint.links.set('private_dns_zone_group.private_dns_zone_ids', links);
  }
}

/** azurerm ids that azure-native expresses as parent names (`resourceName`, `firewallPolicyName`). */
function fillIdsFromLinks(drafts: readonly Draft[], byUrn: ReadonlyMap<string, Draft>): void {
  for (const draft of drafts) {
    for (const attr of ['kubernetes_cluster_id', 'firewall_policy_id']) {
      if (!(attr in draft.tree) || draft.tree[attr] !== undefined) continue;
      const target = (draft.links.get(attr) ?? []).map((l) => byUrn.get(l.address)).find(Boolean);
      const id = target?.tree.id;
      draft.tree[attr] = typeof id === 'string' ? id : COMPUTED;
      const links = draft.links.get(attr);
      if (links) draft.links.set(attr, links.map((l) => ({ ...l, attribute: ['id'] })));
    }
  }
}

function toInit(draft: Draft): ResourceInit {
  const parts = split(draft.tree);
  const attrs = (parts.value ?? {}) as Record<string, unknown>;
  const pointer = draft.state.pointer;
  return {
    address: draft.address,
    kind: draft.kind,
    nativeType: draft.state.type,
    mode: 'managed',
    action: plannedAction(draft.state.op),
    attrs,
    unknown: parts.unknown,
    sensitive: parts.sensitive,
    pointer,
    pointerOf: (path) => pointerIn(attrs, pointer, path),
    links: draft.links,
    ...(draft.displayPath ? { displayPath: draft.displayPath } : {}),
    ...(draft.context ? { context: draft.context } : {}),
  };
}

export { Unknown };

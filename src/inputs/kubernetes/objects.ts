import type { ResourceKind } from '../../graph/kinds.js';
import { isRecord } from '../../graph/json.js';

/** Kinds whose objects carry a pod template (see analysis/workloads.ts `podSpecPath`). */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob',
]);

/**
 * Normalized kind of a Kubernetes object: workloads (anything with a pod template), Secrets, and
 * `k8s.manifest` for every other object (ConfigMaps, Karpenter node classes, CRDs…), kept so that
 * rules reading them find them.
 */
export function kindOfObject(kind: unknown): ResourceKind {
  if (typeof kind === 'string' && WORKLOAD_KINDS.has(kind)) return 'k8s.workload';
  if (kind === 'Secret') return 'k8s.secret';
  return 'k8s.manifest';
}

/** Kinds that live outside namespaces; their address has no namespace part. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'StorageClass', 'PriorityClass', 'RuntimeClass', 'IngressClass', 'CSIDriver', 'APIService',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'VolumeSnapshotClass',
  'NodePool', 'NodeClaim', 'EC2NodeClass', 'AKSNodeClass', 'NodeClass', 'ClusterIssuer',
]);

/** Whether a parsed document is a Kubernetes object: a mapping with string `apiVersion` and `kind`. */
export function isKubernetesObject(value: unknown): value is Record<string, unknown> & { apiVersion: string; kind: string } {
  return isRecord(value) && typeof value.apiVersion === 'string' && value.apiVersion !== ''
    && typeof value.kind === 'string' && value.kind !== '';
}

/**
 * Address of a Kubernetes object: `<namespace>/<Kind>/<name>` (`prod/Deployment/web`), or
 * `<Kind>/<name>` for cluster-scoped kinds. Objects without a namespace are addressed in `default`,
 * the namespace kubectl and Helm use when none is given; objects with only `generateName` get
 * `<generateName>*`; objects without a name get `#<n>` (their position in the file).
 */
export function objectAddress(object: Record<string, unknown>, fallback: string): string {
  const kind = String(object.kind);
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const name = typeof metadata.name === 'string' && metadata.name !== ''
    ? metadata.name
    : typeof metadata.generateName === 'string' && metadata.generateName !== '' ? `${metadata.generateName}*` : `#${fallback}`;
  if (CLUSTER_SCOPED.has(kind)) return `${kind}/${name}`;
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : 'default';
  return `${namespace}/${kind}/${name}`;
}

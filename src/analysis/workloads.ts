import type { ResourceGraph } from '../graph/graph.js';
import type { AttrPath, Value } from '../graph/model.js';
import type { Resource } from '../graph/resource.js';
import { parseImageReference, type ImageParse } from './image-ref.js';

/** One container image a workload will pull. */
export interface PulledImage {
  readonly workload: Resource;
  /** Container name, for messages. */
  readonly container: string;
  /** Path of the `image` attribute in the workload. */
  readonly path: AttrPath;
  readonly image: Value<unknown>;
  /** Parsed reference when the image is a known string. */
  readonly parsed?: ImageParse;
}

/** Where each workload kind keeps its pod spec (Kubernetes API object shape). */
export function podSpecPath(kind: string): AttrPath | undefined {
  switch (kind) {
    case 'Pod': return ['spec'];
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job': return ['spec', 'template', 'spec'];
    case 'CronJob': return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
    default: return undefined;
  }
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

const cache = new WeakMap<ResourceGraph, readonly PulledImage[]>();

/** Every image every workload in the graph pulls, computed once per graph. */
export function pulledImages(graph: ResourceGraph): readonly PulledImage[] {
  const cached = cache.get(graph);
  if (cached) return cached;
  const out: PulledImage[] = [];
  for (const workload of graph.ofKind('k8s.workload')) {
    const kind = workload.get(['kind']);
    if (!kind?.known || typeof kind.value !== 'string') continue;
    const spec = podSpecPath(kind.value);
    if (!spec) continue;
    for (const list of CONTAINER_LISTS) {
      const containers = workload.get([...spec, list]);
      if (!containers?.known || !Array.isArray(containers.value)) continue;
      containers.value.forEach((container: unknown, index) => {
        const path: AttrPath = [...spec, list, index, 'image'];
        const image = workload.get(path);
        if (!image) return;
        const name = typeof (container as { name?: unknown })?.name === 'string' ? (container as { name: string }).name : `#${index}`;
        const parsed = image.known && typeof image.value === 'string' ? parseImageReference(image.value) : undefined;
        out.push({ workload, container: name, path, image, ...(parsed ? { parsed } : {}) });
      });
    }
  }
  cache.set(graph, out);
  return out;
}

import type { ResourceKind } from './kinds.js';
import type { AttrPath, Link } from './model.js';
import type { Resource } from './resource.js';

/** A resource reached from an attribute, and how it was reached. */
export interface Resolved {
  readonly resource: Resource;
  /** Attribute of the target the value stands for, when a reference says so. */
  readonly attribute: AttrPath;
  /** `value`: the attribute's concrete value equals an identifier of the target; `reference`: a link. */
  readonly via: 'value' | 'reference';
  readonly ambiguous: boolean;
}

/** A resource that refers to another one, with the attribute that holds the reference. */
export interface Referrer {
  readonly resource: Resource;
  /** Link key of the referring attribute ("role", "kubelet_identity.object_id"). */
  readonly attribute: string;
  readonly link: Link;
}

/**
 * Identifier attributes by kind: concrete values of these attributes name the resource from
 * elsewhere (an ARN in a policy, a subnet id in a node group, an ACR id as a role scope). Azure ids
 * are compared case-insensitively because Azure Resource Manager treats them so.
 */
const IDENTIFIERS: Partial<Record<ResourceKind, readonly string[]>> = {
  'aws.iam.role': ['arn', 'name', 'id', 'unique_id'],
  'aws.iam.policy': ['arn', 'id'],
  'aws.iam.instanceprofile': ['arn', 'name', 'id'],
  'aws.eks.cluster': ['name', 'arn', 'id'],
  'aws.ec2.launchtemplate': ['id', 'name', 'arn'],
  'aws.autoscaling.launchconfiguration': ['name', 'id', 'arn'],
  'aws.ec2.vpc': ['id', 'arn'],
  'aws.ec2.subnet': ['id', 'arn'],
  'aws.ec2.routetable': ['id', 'arn'],
  'aws.ec2.defaultroutetable': ['id', 'default_route_table_id'],
  'aws.ec2.internetgateway': ['id', 'arn'],
  'aws.ec2.natgateway': ['id'],
  'aws.ec2.eip': ['id', 'allocation_id', 'public_ip'],
  'aws.ec2.securitygroup': ['id', 'arn'],
  'aws.ec2.defaultsecuritygroup': ['id'],
  'aws.ec2.networkacl': ['id', 'arn'],
  'aws.ec2.defaultnetworkacl': ['id', 'default_network_acl_id'],
  'aws.ec2.vpcendpoint': ['id', 'arn'],
  'aws.ec2.dhcpoptions': ['id', 'arn'],
  'aws.ecr.repository': ['arn', 'name', 'repository_url', 'id'],
  'aws.kms.key': ['arn', 'key_id', 'id'],
  'aws.iam.oidcprovider': ['arn', 'url'],
  'azure.aks.cluster': ['id'],
  'azure.acr.registry': ['id', 'login_server'],
  'azure.identity.userassigned': ['id'],
  'azure.ad.application': ['id', 'object_id', 'client_id', 'application_id'],
  'azure.ad.serviceprincipal': ['id', 'object_id'],
  'azure.resources.resourcegroup': ['id'],
  'azure.network.vnet': ['id'],
  'azure.network.subnet': ['id'],
  'azure.network.privateendpoint': ['id'],
  'azure.privatedns.zone': ['id'],
  'azure.network.publicip': ['id'],
  'azure.network.publicipprefix': ['id'],
  'azure.network.natgateway': ['id'],
  'azure.network.nsg': ['id'],
  'azure.network.routetable': ['id'],
  'azure.network.firewall': ['id'],
  'azure.network.firewallpolicy': ['id'],
  'azure.authorization.roledefinition': ['id', 'role_definition_resource_id', 'role_definition_id'],
};

function identifierKey(value: string): string {
  // ARM ids are case-insensitive; AWS ARNs and names are not, so only /subscriptions/… is folded.
  return value.startsWith('/subscriptions/') || value.startsWith('/providers/') ? value.toLowerCase() : value;
}

/**
 * The common resource graph every rule reads: all resources of all inputs of a run, with indexes by
 * kind, by address, by identifier value and by reverse reference, so that rules stay O(resources).
 */
export class ResourceGraph {
  readonly #all: Resource[] = [];
  readonly #byKind = new Map<ResourceKind, Resource[]>();
  readonly #byKey = new Map<string, Resource>();
  readonly #byIdentifier = new Map<string, Resource[]>();
  #referrers: Map<string, Referrer[]> | undefined;
  readonly #memo = new Map<object, unknown>();

  add(resource: Resource): void {
    if (this.#byKey.has(resource.key)) return;
    if (this.#memo.size > 0) this.#memo.clear();
    this.#all.push(resource);
    this.#byKey.set(resource.key, resource);
    if (resource.kind === undefined) return;
    let list = this.#byKind.get(resource.kind);
    if (!list) this.#byKind.set(resource.kind, (list = []));
    list.push(resource);
    for (const attr of IDENTIFIERS[resource.kind] ?? []) {
      const value = resource.attrs[attr];
      if (typeof value !== 'string' || value === '') continue;
      const key = identifierKey(value);
      const holders = this.#byIdentifier.get(key);
      if (holders) {
        if (!holders.includes(resource)) holders.push(resource);
      } else {
        this.#byIdentifier.set(key, [resource]);
      }
    }
    this.#referrers = undefined;
  }

  /** Every resource, in input order. */
  all(): readonly Resource[] {
    return this.#all;
  }

  /** Resources of one or more kinds, in input order. */
  ofKind(...kinds: ResourceKind[]): readonly Resource[] {
    if (kinds.length === 1) return this.#byKind.get(kinds[0]!) ?? [];
    return kinds.flatMap((kind) => this.#byKind.get(kind) ?? []);
  }

  /** The resource with this address in the same input as `near`. */
  byAddress(near: Resource | number, address: string): Resource | undefined {
    const index = typeof near === 'number' ? near : near.input.index;
    return this.#byKey.get(`${index}\u0000${address}`);
  }

  /** Resources whose identifier attribute (ARN, id, name, login server…) equals `value`. */
  byIdentifier(value: string, kinds?: readonly ResourceKind[]): readonly Resource[] {
    const holders = this.#byIdentifier.get(identifierKey(value)) ?? [];
    return kinds ? holders.filter((r) => r.kind !== undefined && kinds.includes(r.kind)) : holders;
  }

  /**
   * Resources an attribute points at. A concrete value is matched against identifiers first (so
   * inputs join through ARNs and ids, never through colliding addresses); the input's references
   * are used when the value is unknown or matches nothing. Each target appears once.
   */
  resolve(resource: Resource, path: AttrPath, kinds?: readonly ResourceKind[]): Resolved[] {
    const out: Resolved[] = [];
    const seen = new Set<string>();
    const push = (r: Resolved): void => {
      if (seen.has(r.resource.key)) return;
      if (kinds && (r.resource.kind === undefined || !kinds.includes(r.resource.kind))) return;
      seen.add(r.resource.key);
      out.push(r);
    };
    const value = resource.get(path);
    if (value?.known) {
      for (const candidate of stringsIn(value.value)) {
        for (const target of this.byIdentifier(candidate, kinds)) {
          if (target !== resource) push({ resource: target, attribute: [], via: 'value', ambiguous: false });
        }
      }
      if (out.length > 0) return out;
    }
    for (const link of resource.links(path)) {
      const target = this.byAddress(resource, link.address);
      if (target && target !== resource) {
        push({ resource: target, attribute: link.attribute, via: 'reference', ambiguous: link.ambiguous });
      }
    }
    return out;
  }

  /**
   * A value derived from the whole graph (an index or a cache an analysis helper builds), computed
   * once per graph and shared by every rule that asks; forgotten when a resource is added. `key` is
   * a module-level constant of the helper that owns the value.
   */
  memo<T>(key: object, compute: (graph: ResourceGraph) => T): T {
    if (this.#memo.has(key)) return this.#memo.get(key) as T;
    const value = compute(this);
    this.#memo.set(key, value);
    return value;
  }

  /** Resources that refer to `target` through a link, with the referring attribute. */
  referrers(target: Resource): readonly Referrer[] {
    if (!this.#referrers) this.#referrers = this.#buildReferrers();
    return this.#referrers.get(target.key) ?? [];
  }

  #buildReferrers(): Map<string, Referrer[]> {
    const index = new Map<string, Referrer[]>();
    for (const resource of this.#all) {
      for (const [attribute, links] of resource.linkedAttributes()) {
        for (const link of links) {
          const key = `${resource.input.index}\u0000${link.address}`;
          let list = index.get(key);
          if (!list) index.set(key, (list = []));
          list.push({ resource, attribute, link });
        }
      }
    }
    return index;
  }
}

/** Strings found in a value: the value itself or the elements of a list. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  return [];
}

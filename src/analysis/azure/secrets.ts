import type { ResourceGraph } from '../../graph/graph.js';
import type { Resource } from '../../graph/resource.js';

/** When an Entra password credential expires, relative to now. */
export interface PasswordExpiry {
  readonly password: Resource;
  readonly state: 'expired' | 'expiring' | 'valid' | 'unknown';
  /** ISO date of expiry, when known. */
  readonly endDate?: string;
  readonly path: readonly string[];
}

const HOURS = /^(\d+(?:\.\d+)?)h$/i;

/**
 * Expiry of `azuread_service_principal_password` / `azuread_application_password`: `end_date`
 * (RFC 3339), or `end_date_relative` (a Go duration in hours, older azuread, counted from creation,
 * i.e. from now for a password the plan creates). Entra rejects an expired secret, so kubelet's
 * token request fails with 401.
 * https://registry.terraform.io/providers/hashicorp/azuread/latest/docs/resources/application_password
 */
export function passwordExpiry(password: Resource, now: Date, windowDays: number): PasswordExpiry {
  const end = password.get(['end_date']);
  let date: Date | undefined;
  let path = ['end_date'];
  if (end?.known && typeof end.value === 'string') date = new Date(end.value);
  else {
    const relative = password.get(['end_date_relative']);
    const match = relative?.known && typeof relative.value === 'string' ? HOURS.exec(relative.value) : null;
    if (match && (password.action === 'create' || password.action === 'replace')) {
      date = new Date(now.getTime() + Number(match[1]) * 3_600_000);
      path = ['end_date_relative'];
    }
  }
  if (!date || Number.isNaN(date.getTime())) return { password, state: end === undefined ? 'valid' : 'unknown', path };
  const remaining = date.getTime() - now.getTime();
  const state = remaining <= 0 ? 'expired' : remaining < windowDays * 86_400_000 ? 'expiring' : 'valid';
  return { password, state, endDate: date.toISOString(), path };
}

/** Password resources an attribute's value comes from (the cluster's `client_secret`, a pull secret's data). */
export function passwordsBehind(graph: ResourceGraph, resource: Resource, path: readonly (string | number)[]): Resource[] {
  return graph.resolve(resource, path, ['azure.ad.serviceprincipalpassword', 'azure.ad.applicationpassword']).map((r) => r.resource);
}

import type { AttrPath } from '../graph/model.js';
import type { Resource } from '../graph/resource.js';

/** A known, non-empty string attribute, or undefined. */
export function str(resource: Resource, path: AttrPath): string | undefined {
  const value = resource.get(path);
  return value?.known && typeof value.value === 'string' && value.value !== '' ? value.value : undefined;
}

/** A known boolean attribute (booleans and "true"/"false" strings), or undefined. */
export function bool(resource: Resource, path: AttrPath): boolean | undefined {
  const value = resource.get(path);
  if (!value?.known) return undefined;
  if (typeof value.value === 'boolean') return value.value;
  if (value.value === 'true') return true;
  if (value.value === 'false') return false;
  return undefined;
}

/** A known number attribute (numbers and numeric strings), or undefined. */
export function num(resource: Resource, path: AttrPath): number | undefined {
  const value = resource.get(path);
  if (!value?.known) return undefined;
  const n = typeof value.value === 'number' ? value.value : typeof value.value === 'string' ? Number(value.value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

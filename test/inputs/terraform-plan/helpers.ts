import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Link, ResourceInit } from '../../../src/graph/model.js';
import { terraformPlanParser } from '../../../src/inputs/terraform-plan/parse.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/terraform-plan/', import.meta.url));

/** Parses a plan from test/fixtures/terraform-plan. */
export function parseFixture(name: string): ResourceInit[] {
  const path = `${FIXTURES}${name}`;
  return [...terraformPlanParser.parse({ path, json: JSON.parse(readFileSync(path, 'utf8')) }).resources];
}

/** Parses an in-memory plan document. */
export function parsePlan(json: unknown): ResourceInit[] {
  return [...terraformPlanParser.parse({ path: 'plan.json', json }).resources];
}

export function byAddress(resources: readonly ResourceInit[], address: string): ResourceInit {
  const found = resources.find((r) => r.address === address);
  if (!found) throw new Error(`no resource ${address}`);
  return found;
}

/** Links of one resource as plain data: { "link.key": ["target attr.path (ambiguous)"] }. */
export function linksOf(resource: ResourceInit): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, links] of resource.links ?? []) out[key] = links.map(show);
  return out;
}

export function show(link: Link): string {
  const attribute = link.attribute.length > 0 ? ` ${link.attribute.join('.')}` : '';
  return `${link.address}${attribute}${link.ambiguous ? ' (ambiguous)' : ''}`;
}

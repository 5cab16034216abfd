import { buildGraph } from '../../../src/engine/lint.js';
import { loadInputs } from '../../../src/engine/load.js';
import type { ResourceGraph } from '../../../src/graph/graph.js';

/** The graph of a committed plan fixture under test/fixtures/aws-network/<name>/plan.json. */
export function fixtureGraph(name: string): ResourceGraph {
  const { loaded, errors } = loadInputs([`test/fixtures/aws-network/${name}/plan.json`]);
  if (errors.length > 0) throw new Error(JSON.stringify(errors));
  return buildGraph(loaded);
}

import type { InputParser } from './types.js';
import { terraformPlanParser } from './terraform-plan/parse.js';
import { pulumiParser } from './pulumi/parse.js';
import { cdktfParser } from './cdktf/parse.js';
import { kubernetesManifestParser } from './kubernetes/parse.js';
import { cloudFormationParser } from './cloudformation/parse.js';

/** Every input parser, tried in order on each file; the first that accepts the document reads it. */
export const INPUT_PARSERS: readonly InputParser[] = [
  terraformPlanParser,
  pulumiParser,
  cdktfParser,
  cloudFormationParser,
  // Last: it accepts any YAML or JSON document that looks like a Kubernetes object.
  kubernetesManifestParser,
];

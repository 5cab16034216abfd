import { KIND_SCHEMAS, type ResourceKind } from '../../graph/kinds.js';

/** Terraform type → normalized kind: the kinds' vocabulary is the Terraform schema, so this is the inverse table. */
const BY_TERRAFORM_TYPE: ReadonlyMap<string, ResourceKind> = new Map(
  (Object.entries(KIND_SCHEMAS) as [ResourceKind, readonly string[]][]).flatMap(
    ([kind, types]) => types.map((type) => [type, kind] as const),
  ),
);

export function kindOfTerraformType(type: string): ResourceKind | undefined {
  return BY_TERRAFORM_TYPE.get(type);
}

/** Where the project lives; rule documentation links (SARIF helpUri, Markdown) are built from it. */
export const REPOSITORY_URL = 'https://github.com/pullfix/pullfix';

/** The rule's documentation page in the repository: policies/rules/<name>.md. */
export function ruleDocUrl(name: string): string {
  return `${REPOSITORY_URL}/blob/main/policies/rules/${name}.md`;
}

/**
 * Version and usage text, in a module of their own: `pullfix --version` and `--help` are answered
 * from here without loading the linter (cold start is paid by every CI run; performance.md G7).
 */
declare const PULLFIX_VERSION: string | undefined;
export const VERSION = typeof PULLFIX_VERSION === 'string' ? PULLFIX_VERSION : '0.0.0-dev';

export const HELP = `pullfix ${VERSION} — stops image-pull failures (ErrImagePull, ImagePullBackOff) before merge

Usage:
  pullfix lint <path...> [options]        lint Terraform plans (terraform show -json), CDK cloud
                                          assemblies and templates, Pulumi previews, manifests, folders
  pullfix baseline <path...> [-o FILE]    record today's findings (default .pullfix-baseline.json)
  pullfix rules                           list the rules with id, severity and title
  pullfix explain <RULE-ID|name>          print a rule's documentation

Options for lint:
  -f, --format <format>     text | json | sarif | junit | github | markdown (default: text)
  -o, --output <file>       write the report to a file instead of standard output
      --fail-on <level>     error | warning | note | never: lowest severity that fails (default: error)
  -q, --quiet               errors only: no warnings, notes, unverified checks or run notes
      --baseline <file>     report only findings the baseline file does not hold
      --changed-only        report only findings involving a resource the plan creates or changes
  -c, --config <file>       config file (default: .pullfix.yml, .pullfix.yaml or .pullfix.json found
                            in the working directory or above)
      --no-config           ignore config files
      --plugin <module>     load extra rules from an ES module (default export: a list of rules)
      --no-color            no colors (also NO_COLOR=1); colors are used only on a terminal
  -v, --version             print the version
  -h, --help                print this help

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it (suppressed findings never
count), 2 usage, config or input error (other inputs are still linted and reported).
`;


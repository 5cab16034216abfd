import { HELP, VERSION } from './help.js';

// `--version` and `--help` are answered before the linter (rules, parsers, reporters) is loaded:
// the bundle keeps it in a separate chunk, so these cost little more than starting Node.
const args = process.argv.slice(2);
const only = args.length === 1 ? args[0] : undefined;
if (only === '-v' || only === '--version') {
  process.stdout.write(`${VERSION}\n`);
} else if (only === '-h' || only === '--help' || only === 'help') {
  process.stdout.write(HELP);
} else {
  const { main } = await import('./main.js');
  process.exitCode = await main(args);
}

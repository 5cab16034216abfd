import { rules } from '../rules/index.js';
import { runDocs } from './gen-docs.js';

/** Entry of `npm run docs`; the root is the working directory (npm runs scripts from the package root). */
process.exitCode = runDocs(process.cwd(), rules, process.argv.slice(2), (line) => process.stderr.write(`${line}\n`));

/**
 * The entry of the single executable (Node SEA runs one CommonJS script, so
 * no top-level await): the same `main` the `usdiag` command runs.
 */
import { main } from '../src/cli/main.js';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

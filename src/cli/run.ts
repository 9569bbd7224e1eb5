/** Entry point of the `usdiag` executable. */
import { quietOnClosedPipe } from './io.js';
import { main } from './main.js';

const argv = process.argv.slice(2);
quietOnClosedPipe(argv);
process.exitCode = await main(argv);

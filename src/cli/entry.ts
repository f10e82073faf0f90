/**
 * The process entry of the `wolfpack` command: bin/wolfpack.js runs the built copy; tests and
 * development run this file with `node --import tsx`.
 */
import { main } from './main.js';

process.exitCode = await main(process.argv);

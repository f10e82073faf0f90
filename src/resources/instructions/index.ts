/**
 * What programs run by built-in types (process, script, and ocf if it likes) receive: the offline
 * (and online) instructions as one JSON document, its file and its environment variables, and the
 * base environment every such program starts from.
 */
export * from './offline-instructions.js';
export { programEnvironment } from './program-environment.js';

/**
 * The API v1 contract types (src/client/contract.ts), imported in this one place. The server
 * implements the contract the client speaks, so it shares its types rather than copying them.
 */
export type * from '../client/contract.js';

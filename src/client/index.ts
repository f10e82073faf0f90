/**
 * The typed client of Wolfpack's HTTP API v1, used by the CLI, the ClusAPI facade's remote
 * connection, the UI and users' programs. Contract types come from contract.ts.
 */
export type * from './contract.js';
export { WolfpackClient, type ClientOptions, type CommandResult, type OperationFilters } from './wolfpack-client.js';
export { ApiError, isApiError, type ApiIssue } from './api-error.js';
export {
  DEFAULT_SERVER,
  LOCAL_DATA_DIR,
  SOCKET_NAME,
  connectionLabel,
  fromServer,
  resolveConnection,
  socketPathFor,
  type Connection,
  type ConnectionOptions,
} from './connection.js';
export { readEventStream, toEventMessage, type EventStreamOptions, type OpenedStream, type StreamOpener } from './events.js';
export { SseParser, type SseMessage } from './sse-parser.js';
export { UNREACHABLE_CODE } from './transport.js';

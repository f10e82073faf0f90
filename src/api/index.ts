/** The HTTP API's public face for the daemon and tests. */
export { buildApi, DEFAULT_BODY_LIMIT, API_VERSION } from './server.js';
export type { ApiDeps, ApiOptions, ClusterControl, ConfigService, ForwardTarget, NodeCommandResult, Principal } from './deps.js';
export { TokenService, TOKEN_PREFIX, parseToken } from './tokens.js';
export { EventJournal, DEFAULT_JOURNAL_CAPACITY, type JournalEntry, type Replay } from './event-journal.js';
export { listenOnLocalSocket } from './local-socket.js';

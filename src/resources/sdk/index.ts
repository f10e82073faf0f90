/**
 * The resource-type SDK: what a type author imports. The interface and context (types.ts), the
 * outcome shape every call ends in (outcome.ts), and the mock environment for unit tests.
 */
export * from './types.js';
export * from './outcome.js';
export { ResourceInstance, sleepOn, abortError, type InstanceSink } from './instance.js';
export {
  MockResourceEnvironment,
  VirtualClock,
  type MockEnvironmentOptions,
  type MockLockedChange,
  type MockLogLine,
  type MockProgressReport,
} from './mock-environment.js';
export { RESOURCE_HOST_ENV, isInsideResourceHost } from './host-env.js';
export { OfflineReason, ResDllOfflineFlags, ResDllOnlineFlags } from '../../core/flags.js';

/**
 * Common properties (wsfc.md §8): the WSFC names, their ranges and defaults. Configuration uses
 * these names at a resource's or group's top level; the engine reads the resolved values.
 */

export interface PropertySpec {
  readonly min: number;
  readonly max: number;
  readonly default: number;
  readonly description: string;
}

const DWORD_MAX = 0xffffffff;

export const RESOURCE_COMMON_PROPERTIES = {
  PendingTimeout: { min: 10, max: DWORD_MAX, default: 180_000, description: 'Longest gap in ms between two progress reports while pending; on expiry the resource is terminated and ends Failed.' },
  RestartAction: { min: 0, max: 2, default: 2, description: '0 do not restart; 1 restart, never fail the group over; 2 restart, then fail the group over.' },
  RestartThreshold: { min: 0, max: DWORD_MAX, default: 3, description: 'Restarts allowed within RestartPeriod.' },
  RestartPeriod: { min: 0, max: DWORD_MAX, default: 900_000, description: 'Window in ms in which RestartThreshold is counted.' },
  RestartDelay: { min: 0, max: DWORD_MAX, default: 500, description: 'Delay in ms before a restart.' },
  RetryPeriodOnFailure: { min: 0, max: DWORD_MAX, default: 3_600_000, description: 'Time in ms a resource stays Failed before one more online attempt (0xFFFFFFFF never).' },
  LooksAlivePollInterval: { min: 10, max: DWORD_MAX, default: DWORD_MAX, description: 'Cheap health check interval in ms; 0xFFFFFFFF uses the type value (5000).' },
  IsAlivePollInterval: { min: 10, max: DWORD_MAX, default: DWORD_MAX, description: 'Thorough health check interval in ms; 0xFFFFFFFF uses the type value (60000).' },
  DeadlockTimeout: { min: 1000, max: DWORD_MAX, default: 300_000, description: 'A call into the resource type that takes longer gets its host killed and restarted.' },
  SeparateMonitor: { min: 0, max: 1, default: 0, description: '1 runs the resource in its own host process.' },
} as const satisfies Record<string, PropertySpec>;
export type ResourceCommonPropertyName = keyof typeof RESOURCE_COMMON_PROPERTIES;
export type ResourceCommonProperties = { readonly [K in ResourceCommonPropertyName]: number };

export const GROUP_COMMON_PROPERTIES = {
  FailoverThreshold: { min: 0, max: DWORD_MAX, default: DWORD_MAX, description: 'Failovers allowed within FailoverPeriod; 0xFFFFFFFF means number of nodes - 1.' },
  FailoverPeriod: { min: 0, max: 1193, default: 6, description: 'Window in hours in which FailoverThreshold is counted.' },
  AutoFailbackType: { min: 0, max: 1, default: 0, description: '0 prevent failback; 1 allow failback to the preferred owner.' },
  FailbackWindowStart: { min: 0, max: DWORD_MAX, default: DWORD_MAX, description: 'Hour (0-23) a failback window opens; 0xFFFFFFFF no window.' },
  FailbackWindowEnd: { min: 0, max: DWORD_MAX, default: DWORD_MAX, description: 'Hour (0-23) a failback window closes; 0xFFFFFFFF no window.' },
  Priority: { min: 0, max: 3000, default: 2000, description: 'Start order: 0 disabled (no automatic start), 1000 low, 2000 medium, 3000 high.' },
} as const satisfies Record<string, PropertySpec>;
export type GroupCommonPropertyName = keyof typeof GROUP_COMMON_PROPERTIES;
export type GroupCommonProperties = { readonly [K in GroupCommonPropertyName]: number };

/** Resource-type level defaults that a resource value of 0xFFFFFFFF falls back to. */
export const TYPE_DEFAULTS = {
  LooksAlivePollInterval: 5_000,
  IsAlivePollInterval: 60_000,
  PendingTimeout: 180_000,
  DeadlockTimeout: 300_000,
} as const;

function defaults<T extends Record<string, PropertySpec>>(specs: T): { readonly [K in keyof T]: number } {
  const out: Record<string, number> = {};
  for (const [name, spec] of Object.entries(specs)) out[name] = spec.default;
  return out as { readonly [K in keyof T]: number };
}

export const DEFAULT_RESOURCE_COMMON: ResourceCommonProperties = defaults(RESOURCE_COMMON_PROPERTIES);
export const DEFAULT_GROUP_COMMON: GroupCommonProperties = defaults(GROUP_COMMON_PROPERTIES);

export function effectiveLooksAliveInterval(common: ResourceCommonProperties): number {
  return common.LooksAlivePollInterval === DWORD_MAX ? TYPE_DEFAULTS.LooksAlivePollInterval : common.LooksAlivePollInterval;
}

export function effectiveIsAliveInterval(common: ResourceCommonProperties): number {
  return common.IsAlivePollInterval === DWORD_MAX ? TYPE_DEFAULTS.IsAlivePollInterval : common.IsAlivePollInterval;
}

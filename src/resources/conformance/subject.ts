/**
 * What a conformance run is given: the type under test and how to make a resource of it. A type
 * author writes one `ConformanceSubject` and gets every check of the shared suite
 * (docs/resource-types/conformance.md).
 */
import type { ResourceProperties, ResourceType } from '../sdk/index.js';

/** One resource to test with: its properties, and what to clean up afterwards. */
export interface ConformanceFixture {
  /** Private properties of a resource that can really go online here (temp files, free ports). */
  readonly properties: ResourceProperties;
  /** Default: a unique name per check (`<suite>-<n>`). */
  readonly resourceName?: string;
  /** Called after the check, after the suite has terminated the resource. */
  teardown?(): void | Promise<void>;
}

export interface InvalidCase {
  /** What is wrong, for the test's name. */
  readonly why: string;
  readonly properties: ResourceProperties;
}

export interface ConformanceSubject {
  /**
   * The type: the object itself, or its configuration name (`dummy`, `ocf:heartbeat:Dummy`) or a
   * module path, resolved and loaded the way a resource host does (src/resources/registry.ts).
   */
  readonly type: ResourceType | string;
  /** Directory module paths are relative to (default: the current directory). */
  readonly baseDir?: string;
  /** A fresh fixture per check; may be async (create a temp dir, pick a port). */
  setup(): ConformanceFixture | Promise<ConformanceFixture>;
  /**
   * Properties that are wrong for this type, each based on a fixture's. For each, `validate` or
   * `online` must answer failed with a code, and neither may throw.
   */
  invalidProperties?(fixture: ConformanceFixture): readonly InvalidCase[];
  /**
   * Real-time limit for one entry-point call (default 20,000 ms). Virtual time is advanced at the
   * pace of real time meanwhile, so a type that polls with `ctx.sleep` makes progress.
   */
  readonly callLimitMs?: number;
}

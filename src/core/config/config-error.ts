/**
 * Configuration errors: every problem found in a cluster configuration becomes one issue
 * (YAML path, Win32 code, message), and validation throws one ConfigError carrying all of them,
 * so an operator fixes a file in one pass instead of one error per `apply`.
 */
import { ClusterError, describeCode } from '../errors.js';

/** A key or a list index on the way from the document root to the offending value. */
export type PathSegment = string | number;

export interface ConfigIssue {
  /** Dotted YAML path, e.g. `groups.DemoGroup.resources.App.dependsOn`; empty for the document itself. */
  readonly path: string;
  readonly segments: readonly PathSegment[];
  readonly code: number;
  readonly message: string;
  /** 1-based line in the YAML text, when the configuration came from text. */
  readonly line?: number;
}

const PLAIN_KEY = /^[A-Za-z_][\w-]*$/;

/** `groups.DemoGroup.resources["My App"].dependsOn`: plain keys dotted, others quoted, indexes bracketed. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.path === '' ? '(document)' : issue.path;
  const line = issue.line === undefined ? '' : ` (line ${issue.line})`;
  return `${where}${line}: ${issue.message} [${describeCode(issue.code)}]`;
}

/**
 * Thrown by parseClusterConfig / validateClusterConfig. Its `code` is the first issue's code, so
 * surfaces that map a ClusterError to an HTTP status or exit code keep working; `issues` has all.
 */
export class ConfigError extends ClusterError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const first = issues[0];
    const count = issues.length === 1 ? '1 error' : `${issues.length} errors`;
    super(first?.code ?? 87, `invalid cluster configuration (${count}):\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export function isConfigError(value: unknown): value is ConfigError {
  return value instanceof Error && Array.isArray((value as { issues?: unknown }).issues);
}

/** Accumulates issues while validation walks the document; never stops at the first. */
export class IssueList {
  readonly issues: ConfigIssue[] = [];

  add(segments: readonly PathSegment[], code: number, message: string): void {
    this.issues.push({ path: formatPath(segments), segments: [...segments], code, message });
  }

  get empty(): boolean {
    return this.issues.length === 0;
  }

  throwIfAny(): void {
    if (this.issues.length > 0) throw new ConfigError(this.issues);
  }
}

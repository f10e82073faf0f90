/**
 * /metrics in the Prometheus text format (version 0.0.4), written by hand: a few counters and one
 * histogram kept as plain maps, and gauges read from the engine's records at scrape time (so they
 * are never stale and cost nothing between scrapes).
 *
 * Operations are counted when they end (engine event operation-ended, which also covers 0 "nothing
 * to do") and, for rejections, when this API answers them: the engine publishes no event for a
 * rejection, so a rejection of the engine's own restart policy is not counted here.
 */
import { groupStateLabel, resourceStateLabel } from '../core/states.js';
import type { Engine } from '../engine/engine.js';
import type { EngineEvent } from '../engine/events.js';
import type { EventJournal } from './event-journal.js';

/** Seconds; from a zero-delay dummy (milliseconds) to the default PendingTimeout (180 s). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 180, 300];

interface Histogram {
  readonly buckets: number[];
  sum: number;
  count: number;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Record<string, string>): string {
  const parts = Object.entries(pairs).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

function header(lines: string[], name: string, type: 'counter' | 'gauge' | 'histogram', help: string): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
}

export class ApiMetrics {
  /** "kind outcome" -> count */
  private readonly operations = new Map<string, number>();
  private readonly durations = new Map<string, Histogram>();
  /** "METHOD route status" -> count */
  private readonly requests = new Map<string, number>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly engine: Engine,
    private readonly journal: EventJournal,
    private readonly sseClients: () => number,
  ) {
    this.unsubscribe = engine.subscribe((event) => this.observe(event));
  }

  close(): void {
    this.unsubscribe();
  }

  request(method: string, route: string, status: number): void {
    const key = `${method} ${route} ${status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  rejected(kind: string): void {
    this.count(kind, 'rejected');
  }

  render(): string {
    const lines: string[] = [];
    header(lines, 'wolfpack_operations_total', 'counter', 'Operations by kind and outcome: ended operations (engine events) and rejections answered by this API.');
    for (const [key, value] of this.operations) {
      const [kind = '', outcome = ''] = key.split(' ');
      lines.push(`wolfpack_operations_total${labels({ kind, outcome })} ${value}`);
    }
    header(lines, 'wolfpack_operation_duration_seconds', 'histogram', 'Time from admission to the end of accepted operations, by kind.');
    for (const [kind, h] of this.durations) {
      let cumulative = 0;
      DURATION_BUCKETS.forEach((le, i) => {
        cumulative += h.buckets[i] ?? 0;
        lines.push(`wolfpack_operation_duration_seconds_bucket${labels({ kind, le: String(le) })} ${cumulative}`);
      });
      lines.push(`wolfpack_operation_duration_seconds_bucket${labels({ kind, le: '+Inf' })} ${h.count}`);
      lines.push(`wolfpack_operation_duration_seconds_sum${labels({ kind })} ${h.sum}`);
      lines.push(`wolfpack_operation_duration_seconds_count${labels({ kind })} ${h.count}`);
    }
    this.renderGauges(lines);
    header(lines, 'wolfpack_events_published_total', 'counter', 'Engine events published since the API started, by type.');
    for (const [type, value] of this.journal.published) lines.push(`wolfpack_events_published_total${labels({ type })} ${value}`);
    header(lines, 'wolfpack_events_last_id', 'gauge', 'Sequence number of the newest event.');
    lines.push(`wolfpack_events_last_id ${this.journal.lastSeq}`);
    header(lines, 'wolfpack_sse_clients', 'gauge', 'Open /v1/events streams.');
    lines.push(`wolfpack_sse_clients ${this.sseClients()}`);
    header(lines, 'wolfpack_http_requests_total', 'counter', 'HTTP requests answered, by method, route and status.');
    for (const [key, value] of this.requests) {
      const [method = '', route = '', status = ''] = key.split(' ');
      lines.push(`wolfpack_http_requests_total${labels({ method, route, status })} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }

  private renderGauges(lines: string[]): void {
    const resources = new Map<string, number>();
    let locked = 0;
    for (const record of this.engine.records.resources.values()) {
      const label = resourceStateLabel(record.state);
      resources.set(label, (resources.get(label) ?? 0) + 1);
      if (record.locked) locked++;
    }
    header(lines, 'wolfpack_resources', 'gauge', 'Resources by current state.');
    for (const [state, value] of resources) lines.push(`wolfpack_resources${labels({ state })} ${value}`);
    header(lines, 'wolfpack_resources_locked', 'gauge', 'Resources in locked mode.');
    lines.push(`wolfpack_resources_locked ${locked}`);
    const groups = new Map<string, number>();
    for (const group of this.engine.records.groups.values()) {
      const label = groupStateLabel(this.engine.groupState(group.config.name));
      groups.set(label, (groups.get(label) ?? 0) + 1);
    }
    header(lines, 'wolfpack_groups', 'gauge', 'Groups by state.');
    for (const [state, value] of groups) lines.push(`wolfpack_groups${labels({ state })} ${value}`);
  }

  private count(kind: string, outcome: string): void {
    const key = `${kind} ${outcome}`;
    this.operations.set(key, (this.operations.get(key) ?? 0) + 1);
  }

  private observe(event: EngineEvent): void {
    if (event.type !== 'operation-ended') return;
    const record = this.engine.operation(event.operation);
    if (!record) return;
    this.count(record.kind, event.outcome);
    if (record.ended === null || event.outcome === 'nothing-to-do') return;
    const seconds = Math.max(0, record.ended - record.submitted) / 1000;
    let h = this.durations.get(record.kind);
    if (!h) {
      h = { buckets: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.durations.set(record.kind, h);
    }
    const index = DURATION_BUCKETS.findIndex((le) => seconds <= le);
    if (index >= 0) h.buckets[index] = (h.buckets[index] ?? 0) + 1;
    h.sum += seconds;
    h.count++;
  }
}

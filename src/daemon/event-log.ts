/**
 * One line per engine event for the daemon's log: what an operator watching `wolfpack serve` in a
 * terminal wants to see (state changes with their cause, operations with their code and outcome).
 */
import { describeCode } from '../core/errors.js';
import { groupStateLabel, nodeStateName, resourceStateLabel } from '../core/states.js';
import type { EngineEvent } from '../engine/events.js';

export function formatEvent(event: EngineEvent): string | null {
  const time = new Date(event.time).toISOString().slice(11, 23);
  switch (event.type) {
    case 'resource-state':
      return `${time} resource ${event.resource}: ${resourceStateLabel(event.previous)} -> ${resourceStateLabel(event.state)}${event.detail ? ` (${event.detail})` : ''}`;
    case 'group-state':
      return `${time} group ${event.group}: ${groupStateLabel(event.previous)} -> ${groupStateLabel(event.state)}`;
    case 'resource-locked':
      return `${time} resource ${event.resource}: locked mode ${event.locked ? 'on' : 'off'}`;
    case 'operation-started':
      return `${time} ${event.operation} ${event.kind} ${event.target} by ${event.actor}: ${describeCode(event.code)}`;
    case 'operation-ended':
      return `${time} ${event.operation} ${event.outcome}`;
    case 'host-crashed':
      return `${time} resource host ${event.host} exited: ${event.detail}; affected ${event.resources.join(', ') || 'nothing'}`;
    case 'node-state':
      return `${time} node ${event.node}: ${nodeStateName(event.previous)} -> ${nodeStateName(event.state)}`;
    case 'group-owner':
      return `${time} group ${event.group}: owner ${event.previous ?? '(none)'} -> ${event.owner ?? '(none)'}`;
    case 'group-moving':
      return event.moving ? `${time} group ${event.group}: moving${event.queued ? ' (queued)' : ''} (${event.operation ?? ''})` : null;
    case 'fenced':
      return `${time} node ${event.node} FENCED itself (${event.detail}); let go of ${event.groups.join(', ') || 'no group'}`;
    case 'persistent-state':
    case 'resource-progress':
    case 'step-started':
    case 'step-ended':
      return null;
  }
}

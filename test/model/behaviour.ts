/**
 * The machine's behaviour as a table, to hold a restructured machine to the
 * one it replaces (issue 11): for one profile, every reachable snapshot and
 * every event (the alphabet and the timers of the active states), the leaf
 * state reached, the outputs (segments sent, the refusal or signal the user
 * gets, the timers started with their delays) and the context that changes
 * at run time. Built from XState's pure `transition()` alone, so it reads any
 * shape of machine: flat or with parent states.
 */
import { createHash } from 'node:crypto';
import { initialTransition, transition, type AnyStateMachine, type AnyMachineSnapshot } from 'xstate';
import { STATE_SPECIFIC_EVENTS, TCP_EVENT_TYPES } from '../../machines/tcp.machine';
import { outputActionsOf, rejectionOf, signalOf } from '../../src/model/actions';

/** The context fields that change while a connection runs; settings are fixed per profile. */
const RUNTIME_FIELDS = [
  'passive',
  'retries',
  'retryElapsed',
  'rto',
  'retransmitted',
  'synTimedOut',
  'synOutstanding',
  'dataQueued',
  'closeQueued',
  'dataOutstanding',
  'ackPending',
] as const;

/**
 * Context fields added after the record was first made (the peer's window,
 * the receive side, the segments in flight and fast retransmit, issue 16), with their initial
 * values: a node line names one only where it differs, so the lines of the
 * snapshots recorded before stay as they were.
 */
const LATER_FIELDS = {
  sendWindowZero: false,
  probes: 0,
  persistElapsed: 0,
  textHeld: false,
  unread: 0,
  severalInFlight: false,
  newestResent: false,
  dupAcks: 0,
  fastRecovery: false,
  recoverAhead: false,
  sentPastRecover: false,
} as const;

/** The deepest active state: a string value, or the one key at each level of an object value. */
function leaf(value: unknown): string {
  let current = value;
  while (typeof current === 'object' && current !== null) {
    const keys = Object.keys(current);
    if (keys.length !== 1) throw new Error(`not one active state: ${JSON.stringify(value)}`);
    current = (current as Record<string, unknown>)[keys[0]!];
  }
  return String(current);
}

function nodeKey(snapshot: AnyMachineSnapshot): string {
  const context = snapshot.context as Record<string, unknown>;
  const later = Object.entries(LATER_FIELDS)
    .filter(([field, initial]) => context[field] !== initial)
    .map(([field]) => ` ${field}=${String(context[field])}`);
  return `${leaf(snapshot.value)} ${RUNTIME_FIELDS.map((field) => `${field}=${String(context[field])}`).join(' ')}${later.join('')}`;
}

/** The state-specific events the active states handle: in the alphabet only there (machines/tcp.machine.ts). */
function windowEvents(snapshot: AnyMachineSnapshot): { label: string; type: string }[] {
  const nodes = (snapshot as unknown as { _nodes: { transitions: Map<string, unknown> }[] })._nodes;
  return STATE_SPECIFIC_EVENTS.filter((type) => nodes.some((node) => node.transitions.has(type))).map((type) => ({
    label: type,
    type,
  }));
}

/** The delayed events the active states declare, as `after DELAY` with their XState event types. */
function timerEvents(snapshot: AnyMachineSnapshot): { label: string; type: string }[] {
  const events: { label: string; type: string }[] = [];
  for (const node of (snapshot as unknown as { _nodes: { transitions: Map<string, unknown> }[] })._nodes) {
    for (const type of node.transitions.keys()) {
      const match = /^xstate\.after\.([^.]+)\./.exec(type);
      if (match) events.push({ label: `after ${match[1]}`, type });
    }
  }
  return events;
}

function delayMs(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, delay: string): number {
  const implementation = (machine.implementations.delays as Record<string, unknown>)[delay];
  if (typeof implementation !== 'function') throw new Error(`no delay ${delay}`);
  return (implementation as (args: { context: unknown }) => number)({ context: snapshot.context });
}

/** What one step does that a reader of the model can see. */
function outputs(machine: AnyStateMachine, before: AnyMachineSnapshot, actions: readonly unknown[]): string {
  const parts: string[] = [...outputActionsOf(actions)];
  const rejection = rejectionOf(actions);
  if (rejection !== undefined) parts.push(`reject "${rejection}"`);
  const signal = signalOf(actions);
  if (signal !== undefined) parts.push(`signal "${signal}"`);
  for (const action of actions as { type?: string; params?: { delay?: unknown; event?: { type?: string } } }[]) {
    if (action.type !== 'xstate.raise' || action.params?.delay === undefined) continue;
    const match = /^xstate\.after\.([^.]+)\./.exec(action.params.event?.type ?? '');
    parts.push(`timer ${match?.[1] ?? '?'}=${String(action.params.delay)}`);
  }
  void machine;
  void before;
  return parts.join(',') || '-';
}

/** The behaviour table of `machine` run with `input`: one line per (snapshot, event). */
export function behaviourTable(machine: AnyStateMachine, input: unknown): string[] {
  const [initial] = initialTransition(machine, input);
  const keys = new Map<string, number>();
  const queue: AnyMachineSnapshot[] = [];
  const visit = (snapshot: AnyMachineSnapshot): number => {
    const key = nodeKey(snapshot);
    let id = keys.get(key);
    if (id === undefined) {
      id = keys.size;
      keys.set(key, id);
      queue.push(snapshot);
    }
    return id;
  };
  visit(initial);
  const lines: string[] = [];
  for (let index = 0; index < queue.length; index++) {
    const snapshot = queue[index]!;
    const events = [
      ...TCP_EVENT_TYPES.map((type) => ({ label: type, type })),
      ...windowEvents(snapshot),
      ...timerEvents(snapshot),
    ];
    for (const { label, type } of events) {
      const [next, actions] = transition(machine, snapshot, { type } as never);
      const delay = label.startsWith('after ')
        ? ` (${delayMs(machine, snapshot, label.slice('after '.length))} ms)`
        : '';
      lines.push(`${index} ${label}${delay} -> ${visit(next)} ${outputs(machine, snapshot, actions)}`);
    }
  }
  const nodes = [...keys.keys()].map((key, id) => `node ${id}: ${key}`);
  return [...nodes, ...lines];
}

/** A short fingerprint of a table, for the committed record. */
export function tableHash(lines: readonly string[]): string {
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

/**
 * Shared by the export tests: where the repository is, and the check that a
 * machine re-created from an export behaves exactly as the model.
 */
import { resolve } from 'node:path';
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { TCP_EVENT_TYPES, tcpMachine, tcpState, type TcpInput, type TcpState } from '../../machines/tcp.machine';
import { leafTransitions } from '../../src/model/states';
import { parseDelayedEventType } from '../../src/model/timers';

export const REPO_ROOT = resolve(__dirname, '../..');

/**
 * The inputs the behaviour is compared under: one retry keeps the walk short
 * and still reaches every retry branch; RFC 1337 adds TIME-WAIT's other RST branch.
 */
const INPUTS: readonly TcpInput[] = [{ maxRetries: 1 }, { maxRetries: 1, rfc1337: true }];

/** The events of a state: the whole alphabet (ignored events included) and its own timers. */
function alphabet(state: TcpState): string[] {
  const timers = [...leafTransitions(state).keys()].filter((type) => parseDelayedEventType(type) !== undefined);
  return [...TCP_EVENT_TYPES, ...timers];
}

/**
 * Snapshots that agree on the state and on every guard take the same
 * transitions with the same actions, so one of each is enough; the actions'
 * own effect on the context is the model's code in both machines.
 */
function behaviourKey(snapshot: AnyMachineSnapshot): string {
  const guards = tcpMachine.implementations.guards as Record<string, (args: { context: unknown }) => boolean>;
  return `${tcpState(snapshot)} ${Object.keys(guards)
    .map((name) => (guards[name]!({ context: snapshot.context }) ? 1 : 0))
    .join('')}`;
}

/**
 * The event as `machine` names it: a timer by the state node that declares it,
 * the leaf or a parent (a flat export declares on the leaf the timer the model
 * declares on HALF_SYNCHRONIZED); any other event as is.
 */
function eventIn(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: string): string {
  const delay = parseDelayedEventType(event)?.delay;
  if (delay === undefined) return event;
  for (let node = machine.getStateNodeById(tcpState(snapshot)); node !== undefined; node = node.parent!) {
    const type = `xstate.after.${delay}.${node.id}`;
    if (node.transitions.has(type)) return type;
  }
  return event;
}

function outcome(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: string) {
  const [next, actions] = transition(machine, snapshot, { type: eventIn(machine, snapshot, event) } as never);
  return {
    next,
    seen: JSON.stringify({
      state: tcpState(next),
      context: next.context,
      actions: actions.map((action) => ({
        type: action.type,
        params: action.type.startsWith('xstate.') ? undefined : (action.params as unknown),
      })),
    }),
  };
}

/**
 * Walks `machine` and the model side by side from CLOSED over every reachable
 * snapshot and every event of its state's alphabet (timers and ignored events
 * included), comparing the next state, the next context and the actions run
 * (one snapshot for each state and combination of guard values).
 * Returns the first differences found; empty when they behave alike.
 */
export function behaviourDifferences(machine: AnyStateMachine): string[] {
  const differences: string[] = [];
  for (const input of INPUTS) {
    const [modelStart] = initialTransition(tcpMachine, input);
    // The other machine may have no input (the Stately export's context is a literal): it starts from the model's snapshot.
    // It may be flat (the exports list each leaf with what it inherits), so states compare as leaves.
    const otherStart = machine.resolveState({ value: tcpState(modelStart), context: modelStart.context } as never);
    const queue: [AnyMachineSnapshot, AnyMachineSnapshot][] = [[modelStart, otherStart]];
    const seen = new Set<string>([behaviourKey(modelStart)]);
    for (let head = 0; head < queue.length && differences.length < 5; head++) {
      const [model, other] = queue[head]!;
      for (const event of alphabet(tcpState(model))) {
        const expected = outcome(tcpMachine, model, event);
        const actual = outcome(machine, other, event);
        if (actual.seen !== expected.seen) {
          differences.push(`${tcpState(model)} + ${event}: ${actual.seen} instead of ${expected.seen}`);
          continue;
        }
        const key = behaviourKey(expected.next);
        if (seen.has(key)) continue;
        seen.add(key);
        queue.push([expected.next, actual.next]);
      }
    }
  }
  return differences;
}

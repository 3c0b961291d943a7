/**
 * The 11 states as tools see them. In the machine they are the leaves of a
 * hierarchy (machines/tcp.machine.ts: `CONNECTION`, `SYNCHRONIZED`, …) whose
 * parents hold the transitions their children share. XState tries a leaf's
 * own transitions for an event first, then its parent's, and so on up; so
 * what a leaf does on an event is that list of candidates, in that order.
 * Every tool (table, graph, exports) reads a leaf's transitions from here
 * and numbers its branches along that list, so a transition written once on
 * a parent counts once for every leaf that inherits it.
 */
import { TCP_STATES, tcpMachine, type TcpMachine, type TcpState } from '../../machines/tcp.machine';

export type TcpStateNode = TcpMachine['root'];
export type TcpTransitionDefinition = NonNullable<ReturnType<TcpStateNode['transitions']['get']>>[number];

/** True for the name of one of the 11 states. */
export function isTcpState(value: string): value is TcpState {
  return (TCP_STATES as readonly string[]).includes(value);
}

/** The state node of a leaf (each leaf's id is its name). */
export function leafNode(state: TcpState, machine: TcpMachine = tcpMachine): TcpStateNode {
  const node = machine.getStateNodeById(state) as TcpStateNode | undefined;
  if (node === undefined || node.type !== 'atomic') throw new Error(`the model has no state ${state}`);
  return node;
}

/** The parent states of a leaf, nearest first (the machine's root left out). */
export function parentStates(state: TcpState, machine: TcpMachine = tcpMachine): string[] {
  const parents: string[] = [];
  for (let node = leafNode(state, machine).parent; node !== undefined && node !== machine.root; node = node.parent) {
    parents.push(node.key);
  }
  return parents;
}

/**
 * What each event does in a leaf: its own transition definitions, then those
 * of its parents, nearest first, the order in which XState tries them; a
 * parent's branches are left out once a nearer one is unguarded (XState
 * never reaches them).
 * Events in the order the leaf declares them, then those only a parent has,
 * and the timers (`after`) last, as a flat machine would list them.
 */
export function leafTransitions(
  state: TcpState,
  machine: TcpMachine = tcpMachine,
): Map<string, TcpTransitionDefinition[]> {
  const transitions = new Map<string, TcpTransitionDefinition[]>();
  for (
    let node: TcpStateNode | undefined = leafNode(state, machine);
    node !== undefined && node !== machine.root;
    node = node.parent
  ) {
    for (const [event, definitions] of node.transitions) {
      const nearer = transitions.get(event) ?? [];
      // A nearer unguarded branch always fires: a parent's branches for the event are never tried.
      if (nearer.some((definition) => definition.guard === undefined)) continue;
      transitions.set(event, [...nearer, ...definitions]);
    }
  }
  const delayed = (event: string) => event.startsWith('xstate.after.');
  const events = [...transitions.keys()];
  return new Map(
    [...events.filter((event) => !delayed(event)), ...events.filter(delayed)].map((event) => [
      event,
      transitions.get(event)!,
    ]),
  );
}

/** Where a transition definition is written: the leaf itself, or the parent state that holds it for its children. */
export function declaredOn(definition: TcpTransitionDefinition): string {
  return definition.source.key;
}

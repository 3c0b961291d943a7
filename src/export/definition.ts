/**
 * The machine's definition as plain data, read from the compiled machine: its
 * states in order, and for each state its entry actions, its transitions
 * (events and timers, every guarded branch in XState's order) and the events
 * it ignores on purpose. Every export format (the Stately source, SCXML) is
 * written from this one reading, so they cannot disagree on what the model
 * says.
 *
 * Transitions are read from the resolved transition definitions rather than
 * the raw config, and per leaf: each of the 11 states lists its own branches
 * and then those it inherits from its parent states (src/model/states.ts), in
 * the order XState tries them. The exports are thus the flat machine, state
 * by state, that behaves as the hierarchical one.
 */
import {
  freshContext,
  resolveSettings,
  TCP_STATES,
  tcpMachine,
  type TcpContext,
  type TcpMachine,
  type TcpState,
} from '../../machines/tcp.machine';
import { actionType } from '../model/actions';
import { guardExpression, type GuardExpression } from '../model/guards';
import {
  declaredOn,
  isTcpState,
  leafNode,
  leafTransitions,
  parentStates,
  type TcpTransitionDefinition,
} from '../model/states';
import { parseDelayedEventType } from '../model/timers';
import { ignoredEvents } from '../model/transitionTable';

export { formatGuard, guardExpression, guardNames, type GuardExpression } from '../model/guards';

/** A named action, with its parameters if it has any (`rejectCall` with `{ reason }`). */
export interface ActionReference {
  readonly type: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** One branch of a transition; XState takes the first branch whose guard holds. */
export interface TransitionBranch {
  /** The parent state that holds this branch for its children (`SYNCHRONIZED`), absent when the state itself does. */
  readonly inherited?: string;
  /** The target state, or `null` for a targetless transition (nothing is exited). */
  readonly target: TcpState | null;
  /** The state is exited and entered again, so its timers restart. */
  readonly reenter: boolean;
  readonly guard?: GuardExpression;
  readonly actions: readonly ActionReference[];
  readonly description?: string;
}

export interface EventTransitions {
  /** The event type (`RCV_SYN`). */
  readonly event: string;
  readonly branches: readonly TransitionBranch[];
}

export interface DelayedTransitions {
  /** The named delay (`RTO`, `TWO_MSL`). */
  readonly delay: string;
  /** The event XState raises when the delay expires (`xstate.after.RTO.SYN_SENT`). */
  readonly event: string;
  readonly branches: readonly TransitionBranch[];
}

export interface StateDefinition {
  readonly key: TcpState;
  /** XState's id of the state node (`SYN_SENT`). */
  readonly id: string;
  /** The parent states, nearest first (`['SYNCHRONIZED', 'CONNECTION']`). */
  readonly parents: readonly string[];
  readonly description?: string;
  readonly meta?: Readonly<Record<string, unknown>>;
  readonly entry: readonly ActionReference[];
  /** The events the state handles, in the order it declares them. */
  readonly on: readonly EventTransitions[];
  /** The timers (`after`), in the order the state declares them. */
  readonly after: readonly DelayedTransitions[];
  /** The events the state ignores on purpose (`meta.ignored`): event type to reason. */
  readonly ignored: Readonly<Record<string, string>>;
}

export interface MachineDefinition {
  readonly id: string;
  readonly description?: string;
  readonly initial: TcpState;
  readonly states: readonly StateDefinition[];
  /** Every named delay the machine declares in `setup()`. */
  readonly delays: readonly string[];
  /** The context's default values (the machine computes its context from the input; these are the defaults'). */
  readonly context: Readonly<TcpContext>;
}

/** An action as data; inline functions have no name to export and are refused. */
export function actionReference(action: unknown): ActionReference {
  const type = actionType(action);
  if (type === undefined) {
    throw new Error('the machine has an inline action; only named actions can be exported');
  }
  const params = (action as { params?: unknown }).params;
  if (typeof params === 'object' && params !== null) return { type, params: params as Record<string, unknown> };
  return { type };
}

function asArray<T>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

function branchOf(from: string, definition: TcpTransitionDefinition): TransitionBranch {
  const targetKey = definition.target?.[0]?.key;
  if (targetKey !== undefined && !isTcpState(targetKey)) {
    throw new Error(`a transition of ${from} targets ${targetKey}, which is not one of the 11 TCP states`);
  }
  const source = declaredOn(definition);
  return {
    ...(source === from ? {} : { inherited: source }),
    target: targetKey ?? null,
    reenter: definition.reenter,
    ...(definition.guard === undefined ? {} : { guard: guardExpression(definition.guard) }),
    actions: definition.actions.map(actionReference),
    ...(definition.description === undefined ? {} : { description: definition.description }),
  };
}

function stateDefinition(key: TcpState, machine: TcpMachine): StateDefinition {
  const stateNode = leafNode(key, machine);
  const on: EventTransitions[] = [];
  const after: DelayedTransitions[] = [];
  for (const [event, definitions] of leafTransitions(key, machine)) {
    const branches = definitions.map((definition) => branchOf(key, definition));
    const delayed = parseDelayedEventType(event);
    if (delayed === undefined) on.push({ event, branches });
    else after.push({ delay: delayed.delay, event, branches });
  }
  const meta = stateNode.meta as Record<string, unknown> | undefined;
  return {
    key,
    id: stateNode.id,
    parents: parentStates(key, machine),
    ...(stateNode.description === undefined ? {} : { description: stateNode.description }),
    ...(meta === undefined ? {} : { meta }),
    // The config's entry: the compiled one also holds the timers' `xstate.raise`.
    entry: asArray(stateNode.config.entry as unknown).map(actionReference),
    on,
    after,
    ignored: ignoredEvents(stateNode) as Record<string, string>,
  };
}

/** Reads the machine's definition (by default the TCP model). */
export function readDefinition(machine: TcpMachine = tcpMachine): MachineDefinition {
  const initial = machine.root.initial.target[0]?.key;
  if (initial === undefined || !isTcpState(initial)) throw new Error('the machine has no initial TCP state');
  return {
    id: machine.id,
    ...(machine.root.description === undefined ? {} : { description: machine.root.description }),
    initial,
    states: TCP_STATES.map((key) => stateDefinition(key, machine)),
    delays: Object.keys(machine.implementations.delays),
    context: freshContext(resolveSettings()),
  };
}

/** A parent state and what it holds, for diagrams that draw parents around their leaves. */
export interface ParentStateTree {
  readonly key: string;
  /** The leaves and parent states directly inside, in the order of the 11 states. */
  readonly children: readonly (StateDefinition | ParentStateTree)[];
}

/**
 * The machine's top level as a tree: leaves outside every parent state, then
 * the parents with what they hold. Only the parents `drawn` says are boxes:
 * the others are left out, their leaves placed in the parent around them.
 */
export function stateTree(
  definition: MachineDefinition = readDefinition(),
  drawn: (parent: string) => boolean = () => true,
): (StateDefinition | ParentStateTree)[] {
  const top: (StateDefinition | ParentStateTree)[] = [];
  const parents = new Map<string, { key: string; children: (StateDefinition | ParentStateTree)[] }>();
  for (const state of definition.states) {
    // Outermost parent first: each parent is placed in its own parent the first time it is met.
    let container = top;
    for (const key of [...state.parents].reverse().filter(drawn)) {
      let parent = parents.get(key);
      if (parent === undefined) {
        parent = { key, children: [] };
        parents.set(key, parent);
        container.push(parent);
      }
      container = parent.children;
    }
    container.push(state);
  }
  return top;
}

/** True for a parent state of the tree, false for a leaf. */
export function isParentState(node: StateDefinition | ParentStateTree): node is ParentStateTree {
  return 'children' in node;
}

/** The RFC's spelling of a state (`SYN-RECEIVED` for `SYN_RECEIVED`). */
export function rfcName(state: TcpState): string {
  return state.replace(/_/g, '-');
}

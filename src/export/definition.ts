/**
 * The machine's definition as plain data, read from the compiled machine: its
 * states in order, and for each state its entry actions, its transitions
 * (events and timers, every guarded branch in XState's order) and the events
 * it ignores on purpose. Every export format (the Stately source, SCXML) is
 * written from this one reading, so they cannot disagree on what the model
 * says.
 *
 * Transitions are read from the resolved transition definitions rather than
 * the raw config, so a shared rule written once (`challengeAck`) or a relative
 * target (`target: '.'`) comes out as what XState made of it.
 */
import { and, not, or } from 'xstate';
import { TCP_STATES, tcpMachine, type TcpMachine, type TcpState } from '../../machines/tcp.machine';
import { actionType } from '../model/actions';
import { parseDelayedEventType } from '../model/timers';
import { ignoredEvents } from '../model/transitionTable';

/** A guard as data: a named guard, or `and` / `or` / `not` over guards. */
export type GuardExpression =
  | { readonly kind: 'named'; readonly name: string }
  | { readonly kind: 'and' | 'or'; readonly guards: readonly GuardExpression[] }
  | { readonly kind: 'not'; readonly guard: GuardExpression };

/** A named action, with its parameters if it has any (`rejectCall` with `{ reason }`). */
export interface ActionReference {
  readonly type: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** One branch of a transition; XState takes the first branch whose guard holds. */
export interface TransitionBranch {
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
  /** The event XState raises when the delay expires (`xstate.after.RTO.tcp.SYN_SENT`). */
  readonly event: string;
  readonly branches: readonly TransitionBranch[];
}

export interface StateDefinition {
  readonly key: TcpState;
  /** XState's id of the state node (`tcp.SYN_SENT`). */
  readonly id: string;
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
}

/** A higher-order guard (`and`, `or`, `not`): XState marks it with its `check` function. */
interface HigherOrderGuard {
  readonly check: unknown;
  readonly guards: readonly unknown[];
}

// XState gives every `and(...)` the same `check` function; comparing against it
// tells the combinators apart without relying on function names.
const combinatorChecks = {
  and: (and([]) as unknown as HigherOrderGuard).check,
  or: (or([]) as unknown as HigherOrderGuard).check,
  not: (not('') as unknown as HigherOrderGuard).check,
};

function isHigherOrderGuard(guard: unknown): guard is HigherOrderGuard {
  return typeof guard === 'function' && 'check' in guard && 'guards' in guard && Array.isArray(guard.guards);
}

/**
 * A guard as the machine holds it (a name, or what `and`/`or`/`not` return)
 * as data. An inline guard function has no name to export, so it is refused:
 * the model keeps every guard named.
 */
export function guardExpression(guard: unknown): GuardExpression {
  if (typeof guard === 'string') return { kind: 'named', name: guard };
  if (isHigherOrderGuard(guard)) {
    if (guard.check === combinatorChecks.not) return { kind: 'not', guard: guardExpression(guard.guards[0]) };
    if (guard.check === combinatorChecks.and) return { kind: 'and', guards: guard.guards.map(guardExpression) };
    if (guard.check === combinatorChecks.or) return { kind: 'or', guards: guard.guards.map(guardExpression) };
  }
  if (typeof guard === 'object' && guard !== null && 'type' in guard && typeof guard.type === 'string') {
    return { kind: 'named', name: guard.type };
  }
  throw new Error('the machine has an inline guard; only named guards (and and/or/not of them) can be exported');
}

/** Every guard name an expression uses, in order. */
export function guardNames(guard: GuardExpression): string[] {
  switch (guard.kind) {
    case 'named':
      return [guard.name];
    case 'not':
      return guardNames(guard.guard);
    case 'and':
    case 'or':
      return guard.guards.flatMap(guardNames);
  }
}

/**
 * A guard expression written with the given words for its parts, e.g.
 * `dataOutstanding and retriesLeft`; nested `and`/`or` get parentheses.
 */
export function formatGuard(
  guard: GuardExpression,
  words: {
    readonly name?: (name: string) => string;
    readonly and?: string;
    readonly or?: string;
    readonly not?: string;
  } = {},
): string {
  const name = words.name ?? ((n: string) => n);
  const operand = (inner: GuardExpression): string => {
    const text = formatGuard(inner, words);
    return inner.kind === 'and' || inner.kind === 'or' ? `(${text})` : text;
  };
  switch (guard.kind) {
    case 'named':
      return name(guard.name);
    case 'not':
      return `${words.not ?? 'not '}${operand(guard.guard)}`;
    case 'and':
      return guard.guards.map(operand).join(words.and ?? ' and ');
    case 'or':
      return guard.guards.map(operand).join(words.or ?? ' or ');
  }
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

function isTcpState(value: string): value is TcpState {
  return (TCP_STATES as readonly string[]).includes(value);
}

type StateNodeLike = TcpMachine['root'];
type TransitionDefinitionLike = NonNullable<ReturnType<StateNodeLike['transitions']['get']>>[number];

function branchOf(from: string, definition: TransitionDefinitionLike): TransitionBranch {
  const targetKey = definition.target?.[0]?.key;
  if (targetKey !== undefined && !isTcpState(targetKey)) {
    throw new Error(`a transition of ${from} targets ${targetKey}, which is not one of the 11 TCP states`);
  }
  return {
    target: targetKey ?? null,
    reenter: definition.reenter,
    ...(definition.guard === undefined ? {} : { guard: guardExpression(definition.guard) }),
    actions: definition.actions.map(actionReference),
    ...(definition.description === undefined ? {} : { description: definition.description }),
  };
}

function stateDefinition(key: string, stateNode: StateNodeLike): StateDefinition {
  if (!isTcpState(key)) throw new Error(`state ${key} is not one of the 11 TCP states`);
  const on: EventTransitions[] = [];
  const after: DelayedTransitions[] = [];
  for (const [event, definitions] of stateNode.transitions) {
    const branches = definitions.map((definition) => branchOf(key, definition));
    const delayed = parseDelayedEventType(event);
    if (delayed === undefined) on.push({ event, branches });
    else after.push({ delay: delayed.delay, event, branches });
  }
  const meta = stateNode.meta as Record<string, unknown> | undefined;
  return {
    key,
    id: stateNode.id,
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
    states: Object.entries(machine.root.states).map(([key, stateNode]) =>
      stateDefinition(key, stateNode as StateNodeLike),
    ),
    delays: Object.keys(machine.implementations.delays),
  };
}

/** The RFC's spelling of a state (`SYN-RECEIVED` for `SYN_RECEIVED`). */
export function rfcName(state: TcpState): string {
  return state.replace(/_/g, '-');
}

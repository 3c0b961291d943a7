/**
 * The XState JSON definition of the machine (`tcpMachine.toJSON()`), and the
 * way back: a machine re-created from that JSON and the model's named
 * implementations.
 *
 * `toJSON()` keeps named guards, actions (with their params), targets,
 * descriptions and meta, and turns each timer into a transition on XState's
 * delayed event (`xstate.after.RTO.SYN_SENT`). It drops the eventless
 * transitions (`always`), so they are added to their state's node. The one thing JSON cannot
 * hold as XState gives it is a higher-order guard (`and([...])` is a
 * function), so it is written as `{ "type": "xstate.and", "guards": [...] }`
 * (likewise `xstate.or`, `xstate.not`), which `machineFromJson` turns back.
 */
import { and, createMachine, not, or, type AnyStateMachine } from 'xstate';
import { tcpMachine, type TcpMachine } from '../../machines/tcp.machine';
import { parseDelayedEventType } from '../model/timers';
import { guardExpression, type GuardExpression } from './definition';

/** How a higher-order guard is spelled in the JSON. */
const COMBINATOR_TYPES = { and: 'xstate.and', or: 'xstate.or', not: 'xstate.not' } as const;

function guardJson(guard: GuardExpression): unknown {
  switch (guard.kind) {
    case 'named':
      return guard.name;
    case 'not':
      return { type: COMBINATOR_TYPES.not, guards: [guardJson(guard.guard)] };
    case 'and':
    case 'or':
      return { type: COMBINATOR_TYPES[guard.kind], guards: guard.guards.map(guardJson) };
  }
}

/** The JSON definition as text: `machine.toJSON()`, two-space indented, with a final newline. */
export function machineJson(machine: TcpMachine = tcpMachine): string {
  const replacer = (key: string, value: unknown): unknown => {
    if (typeof value !== 'function') return value;
    if (key === 'guard') return guardJson(guardExpression(value));
    // XState's transition objects carry their own toJSON method; JSON.stringify drops it anyway.
    if (key === 'toJSON') return undefined;
    throw new Error(`the machine definition holds a function at "${key}", which JSON cannot keep`);
  };
  return `${JSON.stringify(definitionJson(machine.root), replacer, 2)}\n`;
}

/**
 * A state node's `definition`, which is `toJSON()`'s, plus its eventless
 * transitions (`always`: the branches of SYN-RECEIVED's choice states), which
 * XState's definition leaves out.
 */
function definitionJson(node: TcpMachine['root']): unknown {
  const states = Object.entries(node.states).map(([key, child]) => [key, definitionJson(child as typeof node)]);
  return {
    ...node.definition,
    states: Object.fromEntries(states),
    ...(node.always === undefined ? {} : { always: node.always }),
  };
}

// The way back.

type ActionJson = string | { readonly type: string; readonly params?: Record<string, unknown> };

interface TransitionJson {
  readonly target?: readonly string[];
  readonly guard?: unknown;
  readonly actions?: readonly ActionJson[];
  readonly reenter?: boolean;
  readonly description?: string;
}

interface StateNodeJson {
  readonly id: string;
  readonly key: string;
  readonly type?: string;
  readonly initial?: { readonly target?: readonly string[] };
  readonly states?: Readonly<Record<string, StateNodeJson>>;
  readonly on?: Readonly<Record<string, readonly TransitionJson[]>>;
  readonly always?: readonly TransitionJson[];
  readonly entry?: readonly ActionJson[];
  readonly exit?: readonly ActionJson[];
  readonly meta?: unknown;
  readonly description?: string;
}

/** Thrown when a JSON definition cannot be read back into a machine. */
export class MachineJsonError extends Error {
  override readonly name = 'MachineJsonError';
}

/** A guard from its JSON spelling back to what the machine config takes. */
function guardFromJson(guard: unknown): unknown {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && guard !== null && 'type' in guard) {
    const { type, guards } = guard as { type: unknown; guards?: unknown };
    if (Array.isArray(guards)) {
      const inner = guards.map(guardFromJson) as Parameters<typeof and>[0];
      if (type === COMBINATOR_TYPES.and) return and(inner);
      if (type === COMBINATOR_TYPES.or) return or(inner);
      if (type === COMBINATOR_TYPES.not) return not(inner[0]!);
    }
    if (typeof type === 'string') return guard;
  }
  throw new MachineJsonError(`cannot read guard ${JSON.stringify(guard)}`);
}

/** An action of the JSON; XState's own (`xstate.raise` for a timer, `xstate.cancel`) are re-created by XState. */
function isOwnAction(action: ActionJson): boolean {
  return (typeof action === 'string' ? action : action.type).startsWith('xstate.');
}

function transitionFromJson(transition: TransitionJson): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  const target = transition.target ?? [];
  if (target.length > 1) throw new MachineJsonError('a transition with more than one target is not a TCP transition');
  if (target[0] !== undefined) config.target = target[0];
  if (transition.reenter) config.reenter = true;
  if (transition.guard !== undefined) config.guard = guardFromJson(transition.guard);
  if (transition.actions !== undefined && transition.actions.length > 0) config.actions = [...transition.actions];
  if (transition.description !== undefined) config.description = transition.description;
  return config;
}

function stateFromJson(node: StateNodeJson): Record<string, unknown> {
  // Each node keeps its id: the 11 states have their names as ids, which `#STATE` targets name.
  const config: Record<string, unknown> = { id: node.id };
  if (node.description !== undefined) config.description = node.description;
  if (node.meta !== undefined) config.meta = node.meta;
  const entry = (node.entry ?? []).filter((action) => !isOwnAction(action));
  if (entry.length > 0) config.entry = entry;
  const exit = (node.exit ?? []).filter((action) => !isOwnAction(action));
  if (exit.length > 0) config.exit = exit;
  const on: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [event, transitions] of Object.entries(node.on ?? {})) {
    const branches = transitions.map(transitionFromJson);
    const delayed = parseDelayedEventType(event);
    if (delayed === undefined) on[event] = branches;
    else if (delayed.stateId === node.id) after[delayed.delay] = branches;
    else throw new MachineJsonError(`state ${node.id} handles the timer event of ${delayed.stateId}`);
  }
  if (Object.keys(on).length > 0) config.on = on;
  if (Object.keys(after).length > 0) config.after = after;
  if (node.always !== undefined) config.always = node.always.map(transitionFromJson);
  const states = Object.entries(node.states ?? {});
  if (states.length > 0) {
    config.states = Object.fromEntries(states.map(([key, child]) => [key, stateFromJson(child)]));
    const initial = node.initial?.target?.[0];
    if (initial !== undefined) config.initial = initial.slice(initial.lastIndexOf('.') + 1);
  }
  return config;
}

/**
 * The machine config a JSON definition describes: states, transitions (with
 * `#id` targets, as the JSON gives them), timers back under `after`, guards,
 * actions, descriptions and meta. Context is not part of the JSON.
 */
export function machineConfigFromJson(json: unknown): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || !('states' in json) || !('id' in json)) {
    throw new MachineJsonError('not an XState JSON definition: it has no id and states');
  }
  const root = json as StateNodeJson;
  return { id: root.id, ...stateFromJson(root) };
}

/**
 * Re-creates a machine from its JSON definition, with the TCP model's named
 * implementations (actions, guards, delays) and its context (a function of
 * the input, which JSON cannot hold).
 */
export function machineFromJson(json: unknown, model: TcpMachine = tcpMachine): AnyStateMachine {
  const config = { ...machineConfigFromJson(json), context: model.config.context };
  const implementations = model.implementations;
  return createMachine(
    config as never,
    {
      actions: implementations.actions,
      guards: implementations.guards,
      delays: implementations.delays,
    } as never,
  );
}

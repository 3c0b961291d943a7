/**
 * The 11 states as tools see them. In the machine they are the leaves of a
 * hierarchy (machines/tcp.machine.ts: `CONNECTION`, `SYNCHRONIZED`, …) whose
 * parents hold the transitions their children share. XState tries a leaf's
 * own transitions for an event first, then its parent's, and so on up; so
 * what a leaf does on an event is that list of candidates, in that order.
 * Every tool (table, graph, exports) reads a leaf's transitions from here
 * and numbers its branches along that list, so a transition written once on
 * a parent counts once for every leaf that inherits it.
 *
 * SYN-RECEIVED's handshake-completing segments enter a choice state
 * (`ESTABLISHING`, …: left in the same step by its `always` branches, so no
 * snapshot rests there) that writes the fan-out "close queued / data queued /
 * otherwise" once. The tools do not see it: each of its branches is folded
 * into the transition that enters it (guards joined by `and`; actions one
 * after the other, the choice's entry actions between them), the transition
 * a flat machine would write. A combination
 * that no TCP of machines/profiles.ts can take (an earlier branch or the
 * entering guard excludes it, or no profile has that mix of profile guards)
 * is left out, so every folded branch is one some profile takes.
 */
import { and, getMicrosteps, type AnyMachineSnapshot, type EventObject } from 'xstate';
import { VARIANTS } from '../../machines/profiles';
import {
  PROFILE_GUARDS,
  TCP_STATES,
  tcpMachine,
  tcpState,
  type TcpMachine,
  type TcpState,
} from '../../machines/tcp.machine';
import { guardExpression, guardNames, type GuardExpression } from './guards';

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

/** The `always` branches a choice state tries, its own then its parents', as XState tries them; empty for any other state. */
function choiceBranches(node: TcpStateNode): TcpTransitionDefinition[] {
  const branches: TcpTransitionDefinition[] = [];
  for (let current: TcpStateNode | undefined = node; current !== undefined; current = current.parent) {
    branches.push(...(current.always ?? []));
  }
  return branches;
}

/** The choice state a transition enters, or undefined if it enters none. */
function enteredChoice(definition: TcpTransitionDefinition): TcpStateNode | undefined {
  const target = definition.target?.[0];
  return target !== undefined && choiceBranches(target).length > 0 ? target : undefined;
}

/** True for a state no snapshot rests in: a choice state, or a parent of choice states only. */
export function isChoiceState(node: TcpStateNode): boolean {
  const children = Object.values(node.states) as TcpStateNode[];
  return children.length === 0 ? choiceBranches(node).length > 0 : children.every(isChoiceState);
}

/** The leaves inside a parent state, in the order of the 11 states. */
export function leavesUnder(parent: string, machine: TcpMachine = tcpMachine): TcpState[] {
  return TCP_STATES.filter((state) => parentStates(state, machine).includes(parent));
}

/** `guard` under an assignment of its named guards (undefined holds). */
function evaluate(guard: GuardExpression | undefined, value: (name: string) => boolean): boolean {
  if (guard === undefined) return true;
  switch (guard.kind) {
    case 'named':
      return value(guard.name);
    case 'not':
      return !evaluate(guard.guard, value);
    case 'and':
      return guard.guards.every((inner) => evaluate(inner, value));
    case 'or':
      return guard.guards.some((inner) => evaluate(inner, value));
  }
}

const isProfileGuard = (name: string): boolean => (PROFILE_GUARDS as readonly string[]).includes(name);
/** The guards that would make the enumeration below too large to run: more named guards than any branch list has. */
const MAX_FREE_GUARDS = 12;

/**
 * Whether some TCP (a variant of machines/profiles.ts, which fixes the
 * profile guards) and some value of the other named guards make each guard
 * hold or fail as asked. The other guards (`closeQueued`, …) are taken as
 * free: the branches of a choice read the queue, which the entering
 * transition does not change.
 */
function satisfiable(conditions: readonly { guard: GuardExpression | undefined; holds: boolean }[]): boolean {
  const free = [...new Set(conditions.flatMap(({ guard }) => (guard === undefined ? [] : guardNames(guard))))].filter(
    (name) => !isProfileGuard(name),
  );
  if (free.length > MAX_FREE_GUARDS)
    throw new Error(`a choice of more than ${MAX_FREE_GUARDS} guards is too large to fold`);
  return VARIANTS.some(({ options }) => {
    for (let values = 0; values < 2 ** free.length; values++) {
      const value = (name: string) =>
        isProfileGuard(name) ? options.includes(name as never) : (values & (2 ** free.indexOf(name))) !== 0;
      if (conditions.every(({ guard, holds }) => evaluate(guard, value) === holds)) return true;
    }
    return false;
  });
}

const guardOf = (definition: TcpTransitionDefinition) =>
  definition.guard === undefined ? undefined : guardExpression(definition.guard);

// Per leaf, for each transition that enters a choice: one folded definition per branch (undefined where no TCP
// takes it), made once, so that the path graph finds the branch taken by identity.
const foldedBranches = new WeakMap<TcpTransitionDefinition, Map<TcpState, (TcpTransitionDefinition | undefined)[]>>();

/** The folded definitions of `candidates[index]`, one per branch of the choice it enters. */
function foldedThrough(state: TcpState, candidates: readonly TcpTransitionDefinition[], index: number) {
  const definition = candidates[index]!;
  const choice = enteredChoice(definition);
  if (choice === undefined) return undefined;
  const byLeaf = foldedBranches.get(definition) ?? new Map<TcpState, (TcpTransitionDefinition | undefined)[]>();
  foldedBranches.set(definition, byLeaf);
  let folded = byLeaf.get(state);
  if (folded !== undefined) return folded;
  const entering = [
    ...candidates.slice(0, index).map((earlier) => ({ guard: guardOf(earlier), holds: false })),
    { guard: guardOf(definition), holds: true },
  ];
  const branches = choiceBranches(choice);
  folded = branches.map((branch, position) => {
    if (branch.target?.[0] !== undefined && enteredChoice(branch) !== undefined) {
      throw new Error(`the choice state ${choice.key} leads to another choice state, ${branch.target[0].key}`);
    }
    const conditions = [
      ...entering,
      ...branches.slice(0, position).map((earlier) => ({ guard: guardOf(earlier), holds: false })),
      { guard: guardOf(branch), holds: true },
    ];
    if (!satisfiable(conditions)) return undefined;
    // One flat `and` of the entering guard's operands and the branch's, as a flat machine writes it.
    const operands = [definition.guard, branch.guard].flatMap((guard) => {
      if (guard === undefined) return [];
      const expression = guardExpression(guard);
      return expression.kind === 'and' ? (guard as unknown as { guards: unknown[] }).guards : [guard];
    });
    return {
      ...definition,
      target: branch.target,
      reenter: branch.reenter,
      guard:
        operands.length === 0
          ? undefined
          : operands.length === 1
            ? operands[0]
            : and(operands as Parameters<typeof and>[0]),
      // The choice's entry (acknowledgeAll: entering one is our SYN acknowledged) runs between the two.
      actions: [...definition.actions, ...choice.entry, ...branch.actions],
      description: foldedDescription(definition.description, branch.description),
    } as TcpTransitionDefinition;
  });
  byLeaf.set(state, folded);
  return folded;
}

/**
 * The description of a folded branch: the entering transition's, then the
 * branch's; where only the branch departs from RFC 9293 (its description
 * opens with a profile guard, as every such description does), it leads.
 */
function foldedDescription(entering: string | undefined, branch: string | undefined): string {
  const departs = (text: string | undefined) => PROFILE_GUARDS.some((guard) => text?.startsWith(`${guard} `));
  const parts = departs(branch) && !departs(entering) ? [branch, entering] : [entering, branch];
  return parts.filter((text) => text !== undefined).join('; ');
}

/** A leaf's candidates for one event with every transition into a choice state replaced by its folded branches. */
function foldChoices(state: TcpState, candidates: readonly TcpTransitionDefinition[]): TcpTransitionDefinition[] {
  return candidates.flatMap(
    (definition, index) =>
      foldedThrough(state, candidates, index)?.filter((folded) => folded !== undefined) ?? [definition],
  );
}

/**
 * The transition `event` takes in `snapshot`, as `leafTransitions` lists it
 * (a caller finds its branch there by identity), or undefined if none. Through
 * a choice state it is the folded branch that XState takes: the first whose
 * guard holds on the snapshot the entering transition made.
 */
export function takenTransition(
  machine: TcpMachine,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): TcpTransitionDefinition | undefined {
  const taken = machine.getTransitionData(snapshot as never, event as never)[0] as TcpTransitionDefinition | undefined;
  const choice = taken === undefined ? undefined : enteredChoice(taken);
  if (taken === undefined || choice === undefined) return taken;
  const state = tcpState(snapshot);
  const candidates = leafCandidates(state, machine).get(event.type) ?? [];
  const folded = foldedThrough(state, candidates, candidates.indexOf(taken))!;
  const [entered] = getMicrosteps(machine, snapshot as never, event as never)[0]!;
  const implementations = machine.implementations.guards as Record<string, (args: unknown) => boolean>;
  const value = (name: string) => implementations[name]!({ context: entered.context, event });
  const branch = choiceBranches(choice).findIndex((definition) => evaluate(guardOf(definition), value));
  const result = folded[branch];
  if (result === undefined) {
    throw new Error(
      `${state} ${event.type}: the choice ${choice.key} takes its branch #${branch}, which no TCP of machines/profiles.ts takes; add the profile there`,
    );
  }
  return result;
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
  return new Map(
    [...leafCandidates(state, machine)].map(([event, candidates]) => [event, foldChoices(state, candidates)]),
  );
}

/** As `leafTransitions`, with the transitions into a choice state as written (not folded). */
function leafCandidates(state: TcpState, machine: TcpMachine): Map<string, TcpTransitionDefinition[]> {
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

/**
 * The machine as a plain `createMachine({...})` call, the form Stately
 * Studio's "Import from code" reads (https://stately.ai/docs/import-from-code),
 * written from the machine itself: every state, transition, timer (`after`
 * with the named delays `RTO` and `TWO_MSL`), guard (`and([...])` as such),
 * action (by name, with its params), description and meta, and the context's
 * default values as a literal.
 *
 * The implementations stay out: an importer only needs the names, and the
 * file runs as the model once they are provided
 * (`machine.provide(tcpMachine.implementations)`).
 *
 * With `namedGuards`, a combined guard is written as one guard name in words
 * (`'dataOutstanding and retriesLeft'`) instead of `and([...])`, for a tool
 * that knows no higher-order guards (XState v4, which the legacy Stately
 * visualizer runs, has no `and`). Such a file shows the model but does not
 * run as it until those names are implemented.
 */
import { tcpMachine, type TcpMachine } from '../../machines/tcp.machine';
import {
  formatGuard,
  readDefinition,
  type ActionReference,
  type GuardExpression,
  type StateDefinition,
  type TransitionBranch,
} from './definition';

/** Source text to put in the output as it is (a call such as `and([...])`). */
class Code {
  constructor(readonly text: string) {}
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quote(key);
}

/** A JavaScript literal for `value`, indented by `depth` levels of two spaces, with trailing commas. */
function literal(value: unknown, depth: number): string {
  if (value instanceof Code) return value.text;
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  const inner = '  '.repeat(depth + 1);
  const outer = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const simple = value.every((item) => typeof item === 'string' || item instanceof Code);
    const items = value.map((item) => literal(item, depth + 1));
    const oneLine = `[${items.join(', ')}]`;
    if (simple && oneLine.length + depth * 2 <= 100) return oneLine;
    return `[\n${items.map((item) => `${inner}${item},`).join('\n')}\n${outer}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([key, item]) => `${inner}${propertyKey(key)}: ${literal(item, depth + 1)},`).join('\n')}\n${outer}}`;
  }
  throw new Error(`cannot write ${typeof value} as a literal`);
}

export interface StatelyOptions {
  /** Write `and([...])`/`or`/`not` guards as one name in words (default: false). */
  readonly namedGuards?: boolean;
}

function guardCode(guard: GuardExpression, options: StatelyOptions = {}): string | Code {
  if (guard.kind === 'named') return guard.name;
  if (options.namedGuards) return formatGuard(guard);
  const call = (inner: GuardExpression): string => {
    const code = guardCode(inner);
    return code instanceof Code ? code.text : quote(code);
  };
  if (guard.kind === 'not') return new Code(`not(${call(guard.guard)})`);
  return new Code(`${guard.kind}([${guard.guards.map(call).join(', ')}])`);
}

function actionsValue(actions: readonly ActionReference[]): unknown {
  const values = actions.map((action) =>
    action.params === undefined ? action.type : { type: action.type, params: action.params },
  );
  return values.length === 1 ? values[0] : values;
}

function branchValue(branch: TransitionBranch, options: StatelyOptions): Record<string, unknown> {
  return {
    target: branch.target ?? undefined,
    reenter: branch.reenter ? true : undefined,
    guard: branch.guard === undefined ? undefined : guardCode(branch.guard, options),
    actions: branch.actions.length === 0 ? undefined : actionsValue(branch.actions),
    description: branch.description,
  };
}

function branchesValue(branches: readonly TransitionBranch[], options: StatelyOptions): unknown {
  const values = branches.map((branch) => branchValue(branch, options));
  return values.length === 1 ? values[0] : values;
}

function stateValue(state: StateDefinition, options: StatelyOptions): Record<string, unknown> {
  return {
    // The model's id, so that the timers' events (`xstate.after.RTO.SYN_SENT`) are the model's; a timer the model
    // declares on a parent is the leaf's own here (`xstate.after.RTO.SYN_RECEIVED` for `…HALF_SYNCHRONIZED`).
    id: state.id,
    description: state.description,
    entry: state.entry.length === 0 ? undefined : actionsValue(state.entry),
    meta: state.meta,
    on:
      state.on.length === 0
        ? undefined
        : Object.fromEntries(state.on.map(({ event, branches }) => [event, branchesValue(branches, options)])),
    after:
      state.after.length === 0
        ? undefined
        : Object.fromEntries(state.after.map(({ delay, branches }) => [delay, branchesValue(branches, options)])),
  };
}

/** The combinators (`and`, `or`, `not`) the guards use, for the import line. */
function combinatorsUsed(states: readonly StateDefinition[]): string[] {
  const used = new Set<string>();
  const visit = (guard: GuardExpression): void => {
    if (guard.kind === 'named') return;
    used.add(guard.kind);
    if (guard.kind === 'not') visit(guard.guard);
    else guard.guards.forEach(visit);
  };
  for (const state of states) {
    for (const { branches } of [...state.on, ...state.after]) {
      for (const branch of branches) if (branch.guard !== undefined) visit(branch.guard);
    }
  }
  return [...used].sort();
}

/** The source text of the Stately export. */
export function statelySource(options: StatelyOptions = {}, machine: TcpMachine = tcpMachine): string {
  const definition = readDefinition(machine);
  const config = {
    id: definition.id,
    description: definition.description,
    initial: definition.initial,
    // machines/tcp.machine.ts computes the context from the input; these are its defaults.
    context: definition.context,
    states: Object.fromEntries(definition.states.map((state) => [state.key, stateValue(state, options)])),
  };
  const imports = [...(options.namedGuards ? [] : combinatorsUsed(definition.states)), 'createMachine'].sort();
  const guards = [
    ...new Set(
      definition.states.flatMap((state) =>
        [...state.on, ...state.after].flatMap(({ branches }) =>
          branches.flatMap((branch) => (branch.guard === undefined ? [] : [formatGuard(branch.guard)])),
        ),
      ),
    ),
  ];
  return [
    `// Generated from machines/tcp.machine.ts by \`tcp-statechart export --format stately${
      options.namedGuards ? ' --named-guards' : ''
    }\`; do not edit.`,
    '//',
    "// TCP's connection state machine (RFC 9293) as one plain createMachine() call, for Stately",
    '// Studio\'s "Import from code". Actions, guards and delays are referenced by name; the model',
    '// implements them in setup(). To run this file as the model:',
    "//   machine.provide(tcpMachine.implementations)   // tcpMachine from 'tcp-statechart/machine'",
    `// Delays: ${definition.delays.join(', ')}. Guards: ${guards.join('; ')}.`,
    `import { ${imports.join(', ')} } from 'xstate';`,
    '',
    `export const machine = createMachine(${literal(config, 0)});`,
    '',
  ].join('\n');
}

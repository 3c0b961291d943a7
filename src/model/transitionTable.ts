/**
 * The transition table of the TCP model, read from the machine definition
 * itself: every state, every event it handles (delayed transitions included),
 * every guarded branch, and every event it ignores on purpose (`meta.ignored`).
 *
 * Nothing here is a copy: change the machine and the table follows. The
 * formatters print it for people (aligned plain text, Markdown) and tools (JSON
 * is the rows themselves).
 */
import { and, not, or } from 'xstate';
import {
  LINUX_PROFILE_OPTIONS,
  TCP_STATES,
  tcpMachine,
  type OutputAction,
  type TcpEventType,
  type TcpMachine,
  type TcpState,
  type UserCallError,
  type UserSignal,
} from '../../machines/tcp.machine';
import { actionType, outputActionsOf, rejectionOf, SEGMENT_LABELS, signalOf } from './actions';
import { parseDelayedEventType, timerEventName } from './timers';

/** One branch of one transition: what `event` does in `from` when `guard` holds. */
export interface TransitionRow {
  readonly kind: 'transition';
  readonly from: TcpState;
  /** A TCP event type, or `after RTO` / `after TWO_MSL` for a timer. */
  readonly event: string;
  /** The guard in words (`retriesLeft`, `dataOutstanding and retriesLeft`, `not rfc1337`); absent if unguarded. */
  readonly guard?: string;
  /** The named guards that must hold for the branch to be taken (the operands of its `and`, not those under `not` or `or`). */
  readonly requires: readonly string[];
  /** Position among the branches of the same `from` and `event`; XState takes the first whose guard holds. */
  readonly branch: number;
  /** The target state, or `null` for a targetless transition (the state and its timers stay). */
  readonly to: TcpState | null;
  /** The state is exited and entered again, so its timers restart. */
  readonly reenter: boolean;
  /** The output actions, in order: the segments that leave. */
  readonly sends: readonly OutputAction[];
  /** The RFC 9293 error a refused user call gets. */
  readonly rejects?: UserCallError;
  /** The signal the user gets as the connection is lost. */
  readonly signals?: UserSignal;
  /** Every named action of the transition, in order (context updates included). */
  readonly actions: readonly string[];
  readonly description: string;
}

/** An event the state ignores on purpose, as its `meta.ignored` writes down. */
export interface IgnoredRow {
  readonly kind: 'ignored';
  readonly from: TcpState;
  readonly event: TcpEventType;
  readonly guard?: undefined;
  readonly requires: readonly [];
  readonly branch: 0;
  readonly to: null;
  readonly reenter: false;
  readonly sends: readonly [];
  readonly rejects?: undefined;
  readonly signals?: undefined;
  readonly actions: readonly [];
  readonly description: string;
}

export type TableRow = TransitionRow | IgnoredRow;

/** A state node as far as this module reads it. */
type StateNodeLike = TcpMachine['root'];
type TransitionDefinitionLike = NonNullable<ReturnType<StateNodeLike['transitions']['get']>>[number];

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
 * A guard in words: a named guard is its name, `and`/`or` join their operands,
 * `not` prefixes its operand. Nested `and`/`or` get parentheses.
 */
export function describeGuard(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (isHigherOrderGuard(guard)) {
    const operand = (inner: unknown): string => {
      const text = describeGuard(inner);
      return isHigherOrderGuard(inner) && inner.check !== combinatorChecks.not ? `(${text})` : text;
    };
    if (guard.check === combinatorChecks.not) return `not ${operand(guard.guards[0])}`;
    if (guard.check === combinatorChecks.and) return guard.guards.map(operand).join(' and ');
    if (guard.check === combinatorChecks.or) return guard.guards.map(operand).join(' or ');
  }
  if (typeof guard === 'object' && guard !== null && 'type' in guard) return String(guard.type);
  return '(inline guard)';
}

/** The named guards that `guard` needs to hold: itself if named, the operands of an `and`; nothing under `not` or `or`. */
function requiredGuards(guard: unknown): string[] {
  if (guard === undefined) return [];
  if (isHigherOrderGuard(guard))
    return guard.check === combinatorChecks.and ? guard.guards.flatMap(requiredGuards) : [];
  return [describeGuard(guard)];
}

function isTcpState(value: string): value is TcpState {
  return (TCP_STATES as readonly string[]).includes(value);
}

function transitionRow(
  from: TcpState,
  event: string,
  branch: number,
  definition: TransitionDefinitionLike,
): TransitionRow {
  const targetKey = definition.target?.[0]?.key;
  if (targetKey !== undefined && !isTcpState(targetKey)) {
    throw new Error(`transition ${from} + ${event} targets ${targetKey}, which is not one of the 11 TCP states`);
  }
  const rejects = rejectionOf(definition.actions);
  const signals = signalOf(definition.actions);
  return {
    kind: 'transition',
    from,
    event,
    ...(definition.guard === undefined ? {} : { guard: describeGuard(definition.guard) }),
    requires: requiredGuards(definition.guard),
    branch,
    to: targetKey ?? null,
    reenter: definition.reenter,
    sends: outputActionsOf(definition.actions),
    ...(rejects === undefined ? {} : { rejects }),
    ...(signals === undefined ? {} : { signals }),
    actions: definition.actions.map((action) => actionType(action) ?? '(inline action)'),
    description: definition.description ?? '',
  };
}

/** The `meta.ignored` map of a state: event type to the reason it is ignored. */
export function ignoredEvents(stateNode: StateNodeLike): Readonly<Partial<Record<TcpEventType, string>>> {
  const meta: unknown = stateNode.meta;
  if (typeof meta !== 'object' || meta === null || !('ignored' in meta)) return {};
  return (meta.ignored ?? {}) as Partial<Record<TcpEventType, string>>;
}

/**
 * The rows of the transition table, state by state in the machine's order:
 * first the handled events in the order the state declares them (a delayed
 * transition is named `after <delay>`), one row per guarded branch, then the
 * events the state ignores.
 */
export function transitionTable(machine: TcpMachine = tcpMachine): TableRow[] {
  const rows: TableRow[] = [];
  for (const [key, stateNode] of Object.entries(machine.root.states)) {
    if (!isTcpState(key)) throw new Error(`state ${key} is not one of the 11 TCP states`);
    for (const [eventType, definitions] of stateNode.transitions) {
      const delayed = parseDelayedEventType(eventType);
      const event = delayed === undefined ? eventType : timerEventName(delayed.delay);
      definitions.forEach((definition, branch) => rows.push(transitionRow(key, event, branch, definition)));
    }
    for (const [event, description] of Object.entries(ignoredEvents(stateNode))) {
      rows.push({
        kind: 'ignored',
        from: key,
        event: event as TcpEventType,
        requires: [],
        branch: 0,
        to: null,
        reenter: false,
        sends: [],
        actions: [],
        description: description ?? '',
      });
    }
  }
  return rows;
}

/** True for a branch whose guard needs a Linux profile option to hold: RFC 9293's machine never takes it. */
export function isLinuxProfileRow(row: TableRow): boolean {
  const options: readonly string[] = LINUX_PROFILE_OPTIONS;
  return row.requires.some((guard) => options.includes(guard));
}

/**
 * The rows RFC 9293's machine can take: the Linux profile's branches left
 * out, and the others renumbered, so that a branch is `otherwise` only after
 * an RFC guard.
 */
export function rfc9293Rows(rows: readonly TableRow[] = transitionTable()): TableRow[] {
  const branches = new Map<string, number>();
  return rows
    .filter((row) => !isLinuxProfileRow(row))
    .map((row) => {
      const key = `${row.from} ${row.event}`;
      const branch = branches.get(key) ?? 0;
      branches.set(key, branch + 1);
      return row.kind === 'transition' ? { ...row, branch } : row;
    });
}

// Formatting

/** The columns both formatters print, in order. */
const COLUMNS = ['from', 'event', 'guard', 'to', 'sends', 'description'] as const;
type Column = (typeof COLUMNS)[number];

export interface FormatOptions {
  /** Print the description column (default: true). */
  readonly descriptions?: boolean;
}

/** A row's cells in words: `otherwise` for a fallback branch, `(stays)` for a targetless transition. */
export function rowCells(row: TableRow): Record<Column, string> {
  let sends: string;
  if (row.kind === 'ignored') sends = 'ignored';
  else if (row.rejects !== undefined) sends = `error: "${row.rejects}"`;
  else sends = row.sends.map((action) => SEGMENT_LABELS[action]).join(', ');
  if (row.signals !== undefined) sends = [sends, `signal: "${row.signals}"`].filter((cell) => cell !== '').join(', ');

  let to: string;
  if (row.to === null) to = '(stays)';
  else if (row.reenter) to = `${row.to} (re-entered)`;
  else to = row.to;

  return {
    from: row.from,
    event: row.event,
    guard: row.guard ?? (row.branch > 0 ? 'otherwise' : ''),
    to,
    sends,
    description: row.description,
  };
}

function columnsFor(options: FormatOptions): readonly Column[] {
  return options.descriptions === false ? COLUMNS.filter((column) => column !== 'description') : COLUMNS;
}

/**
 * The table as plain text with aligned columns: a header, a rule, one line per
 * row. The last column is not padded, so no line ends in spaces.
 */
export function formatTableText(rows: readonly TableRow[], options: FormatOptions = {}): string {
  const columns = columnsFor(options);
  const header = Object.fromEntries(columns.map((column) => [column, column.toUpperCase()])) as Record<Column, string>;
  const lines = [header, ...rows.map(rowCells)];
  const widths = columns.map((column) => Math.max(...lines.map((cells) => cells[column].length)));
  const render = (cells: readonly string[]): string =>
    cells
      .map((cell, index) => (index === cells.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = render(widths.map((width) => '-'.repeat(width)));
  const [headerCells, ...bodyCells] = lines.map((cells) => render(columns.map((column) => cells[column])));
  return [headerCells, rule, ...bodyCells].join('\n') + '\n';
}

function markdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

/** The table as a GitHub-flavoured Markdown table. */
export function formatTableMarkdown(rows: readonly TableRow[], options: FormatOptions = {}): string {
  const columns = columnsFor(options);
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return (
    [
      line(columns),
      line(columns.map(() => '---')),
      ...rows.map((row) => {
        const cells = rowCells(row);
        return line(columns.map((column) => markdownCell(cells[column])));
      }),
    ].join('\n') + '\n'
  );
}

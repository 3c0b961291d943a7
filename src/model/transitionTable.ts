/**
 * The transition table of the TCP model, read from the machine definition
 * itself: every state, every event it handles (delayed transitions included),
 * every guarded branch, and every event it ignores on purpose (`meta.ignored`).
 *
 * Nothing here is a copy: change the machine and the table follows. The
 * formatters print it for people (aligned plain text, Markdown) and tools (JSON
 * is the rows themselves).
 */
import {
  PROFILE_GUARDS,
  TCP_STATES,
  tcpMachine,
  type OutputAction,
  type TcpEventType,
  type TcpMachine,
  type TcpState,
  type UserCallError,
  type UserSignal,
} from '../../machines/tcp.machine';
import { LINUX_PROFILE_OPTIONS } from '../../machines/linux';
import { actionType, outputActionsOf, rejectionOf, SEGMENT_LABELS, signalOf } from './actions';
import { describeGuard, guardExpression, requiredGuards } from './guards';
import {
  declaredOn,
  isTcpState,
  leafNode,
  leafTransitions,
  type TcpStateNode,
  type TcpTransitionDefinition,
} from './states';
import { parseDelayedEventType, timerEventName } from './timers';

export { describeGuard } from './guards';

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
  /**
   * Position among the branches `from` has for `event`: its own, then its parents' (XState takes the
   * first whose guard holds, trying the leaf before its parents).
   */
  readonly branch: number;
  /** The parent state that holds this branch for all its children (`SYNCHRONIZED`), absent when `from` itself does. */
  readonly inherited?: string;
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
  readonly inherited?: undefined;
  readonly to: null;
  readonly reenter: false;
  readonly sends: readonly [];
  readonly rejects?: undefined;
  readonly signals?: undefined;
  readonly actions: readonly [];
  readonly description: string;
}

export type TableRow = TransitionRow | IgnoredRow;

function transitionRow(
  from: TcpState,
  event: string,
  branch: number,
  definition: TcpTransitionDefinition,
): TransitionRow {
  const targetKey = definition.target?.[0]?.key;
  if (targetKey !== undefined && !isTcpState(targetKey)) {
    throw new Error(`transition ${from} + ${event} targets ${targetKey}, which is not one of the 11 TCP states`);
  }
  const rejects = rejectionOf(definition.actions);
  const signals = signalOf(definition.actions);
  const source = declaredOn(definition);
  return {
    kind: 'transition',
    from,
    event,
    ...(definition.guard === undefined ? {} : { guard: describeGuard(definition.guard) }),
    requires: definition.guard === undefined ? [] : requiredGuards(guardExpression(definition.guard)),
    branch,
    ...(source === from ? {} : { inherited: source }),
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
export function ignoredEvents(stateNode: TcpStateNode): Readonly<Partial<Record<TcpEventType, string>>> {
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
  for (const key of TCP_STATES) {
    for (const [eventType, definitions] of leafTransitions(key, machine)) {
      const delayed = parseDelayedEventType(eventType);
      const event = delayed === undefined ? eventType : timerEventName(delayed.delay);
      definitions.forEach((definition, branch) => rows.push(transitionRow(key, event, branch, definition)));
    }
    for (const [event, description] of Object.entries(ignoredEvents(leafNode(key, machine)))) {
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

/** True for a branch whose guard needs a profile guard to hold: RFC 9293's machine never takes it. */
export function isProfileRow(row: TableRow): boolean {
  const guards: readonly string[] = PROFILE_GUARDS;
  return row.requires.some((guard) => guards.includes(guard));
}

/** True for a branch whose guard needs one of the Linux profile's options to hold. */
export function isLinuxProfileRow(row: TableRow): boolean {
  const options: readonly string[] = LINUX_PROFILE_OPTIONS;
  return row.requires.some((guard) => options.includes(guard));
}

/**
 * The rows RFC 9293's machine can take: the Linux profile's branches left
 * out, and the others renumbered, so that a branch is `otherwise` only after
 * an RFC guard. A profile's branches are those that need a profile guard
 * (machines/tcp.machine.ts PROFILE_GUARDS).
 */
export function rfc9293Rows(rows: readonly TableRow[] = transitionTable()): TableRow[] {
  const branches = new Map<string, number>();
  return rows
    .filter((row) => !isProfileRow(row))
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

/**
 * A row's cells in words: `otherwise` for a fallback branch, `(stays)` for a targetless transition,
 * and the parent state that holds an inherited branch before its description (`(SYNCHRONIZED) …`).
 */
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
    // A branch a parent state holds for all its children is listed under each child, marked with the parent.
    description: row.inherited === undefined ? row.description : `(${row.inherited}) ${row.description}`,
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

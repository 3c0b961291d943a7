/**
 * The transition table is the machine, read back: these tests hold it against
 * the machine's JSON definition (a second view of the same config), plus a few
 * rows spot-checked by hand against RFC 9293.
 */
import { and, not, or } from 'xstate';
import { LINUX_PROFILE_OPTIONS } from '../../machines/linux';
import { leafNode } from '../../src/model/states';
import {
  OUTPUT_ACTIONS,
  STATE_SPECIFIC_EVENTS,
  TCP_EVENT_TYPES,
  TCP_STATES,
  tcpMachine,
  type TcpState,
} from '../../machines/tcp.machine';
import {
  describeGuard,
  formatTableMarkdown,
  formatTableText,
  isLinuxProfileRow,
  rfc9293Rows,
  transitionTable,
  type TableRow,
  type TransitionRow,
} from '../../src/model/transitionTable';

const rows = transitionTable();
const transitionRows = rows.filter((row): row is TransitionRow => row.kind === 'transition');
const ignoredRows = rows.filter((row) => row.kind === 'ignored');

/** A state's definition as JSON sees it: targets are `#STATE` ids, actions names or `{ type, params }`. */
interface JsonStateDefinition {
  readonly meta?: { readonly ignored?: Readonly<Record<string, string>> };
  readonly transitions: ReadonlyArray<{
    readonly eventType: string;
    /** Read from the live definition: JSON drops an `and(...)` guard, a function. */
    readonly guarded?: boolean;
    readonly target?: readonly string[];
    readonly reenter: boolean;
    readonly actions: ReadonlyArray<string | { readonly type: string }>;
    readonly description?: string;
    /** Through a choice state: the descriptions of the entering transition and of the branch, folded into one. */
    readonly folded?: readonly [string | undefined, string | undefined];
  }>;
}

type JsonTransition = JsonStateDefinition['transitions'][number];

/**
 * A transition as the table shows it: itself, or, if it enters a choice state
 * (SYN-RECEIVED's ESTABLISHING…), one per branch of the choice, guards
 * joined and actions one after the other, the choice's entry between them
 * (src/model/states.ts). The table
 * leaves out the combinations no profile takes, so these are the candidates.
 */
function throughChoice(transition: JsonTransition): JsonTransition[] {
  const target = transition.target?.[0];
  const choice = target === undefined ? undefined : tcpMachine.getStateNodeById(target.replace(/^#/, ''));
  if (choice === undefined || choice.always === undefined) return [transition];
  return choice.always.map((live) => {
    const branch = JSON.parse(JSON.stringify(live)) as JsonTransition;
    return {
      ...transition,
      guarded: transition.guarded === true || live.guard !== undefined,
      target: branch.target,
      reenter: branch.reenter,
      // The choice's entry (acknowledgeAll) runs between the entering transition's actions and the branch's.
      actions: [...transition.actions, ...choice.entry.map((action) => action as string), ...branch.actions],
      folded: [transition.description, branch.description],
    };
  });
}

/**
 * The definitions XState tries in `state`, read from the JSON definitions of
 * the leaf and its parents: per event the leaf's own branches, then each
 * parent's until one is unguarded (XState never tries further); timers last.
 */
function definitionOf(state: TcpState): JsonStateDefinition {
  const byEvent = new Map<string, JsonStateDefinition['transitions'][number][]>();
  for (
    let node: typeof tcpMachine.root | undefined = leafNode(state);
    node !== undefined && node !== tcpMachine.root;
    node = node.parent
  ) {
    const live = node.definition.transitions;
    const { transitions } = JSON.parse(JSON.stringify(node.definition)) as JsonStateDefinition;
    transitions.forEach((transition, index) => {
      const nearer = byEvent.get(transition.eventType) ?? [];
      if (!nearer.some((branch) => !branch.guarded))
        byEvent.set(transition.eventType, [
          ...nearer,
          ...throughChoice({ ...transition, guarded: live[index]!.guard !== undefined }),
        ]);
    });
  }
  const timersLast = [...byEvent.entries()].sort(
    ([a], [b]) => Number(a.startsWith('xstate.after.')) - Number(b.startsWith('xstate.after.')),
  );
  const { meta } = JSON.parse(JSON.stringify(leafNode(state).definition)) as JsonStateDefinition;
  return { ...(meta === undefined ? {} : { meta }), transitions: timersLast.flatMap(([, branches]) => branches) };
}

function findRow(from: TcpState, event: string, guard?: string): TableRow | undefined {
  return rows.find((row) => row.from === from && row.event === event && row.guard === guard);
}

describe('the table is the machine', () => {
  test.each(TCP_STATES)(
    '%s: one row per transition branch of the definition, in order, with its target and sends',
    (state) => {
      const definition = definitionOf(state);
      const stateRows = transitionRows.filter((row) => row.from === state);
      const rowOf = (row: TransitionRow | undefined) => ({
        to: row?.to,
        reenter: row?.reenter,
        sends: row?.sends,
        actions: row?.actions,
        description: row?.description,
      });
      let next = 0;
      for (const transition of definition.transitions) {
        const actionNames = transition.actions.map((action) => (typeof action === 'string' ? action : action.type));
        const expected = {
          to: transition.target?.[0]?.replace(/^#/, '') ?? null,
          reenter: transition.reenter,
          sends: actionNames.filter((name) => (OUTPUT_ACTIONS as readonly string[]).includes(name)),
          actions: actionNames,
          description: transition.description,
        };
        const row = stateRows[next];
        if (transition.folded === undefined) {
          expect(rowOf(row)).toEqual(expected);
          next++;
          continue;
        }
        // A folded branch: in the table unless no profile takes it; its description holds both parts.
        const parts = transition.folded.filter((part) => part !== undefined);
        const { description, ...shown } = rowOf(row);
        if (
          row?.event === transition.eventType &&
          parts.every((part) => description?.includes(part)) &&
          JSON.stringify(shown) === JSON.stringify({ ...expected, description: undefined })
        )
          next++;
      }
      expect(next).toBe(stateRows.length);
    },
  );

  test.each(TCP_STATES)('%s: one ignored row per entry of meta.ignored', (state) => {
    const ignored = definitionOf(state).meta?.ignored ?? {};
    expect(ignoredRows.filter((row) => row.from === state).map((row) => [row.event, row.description])).toEqual(
      Object.entries(ignored),
    );
  });

  test('every state appears, in the order of TCP_STATES', () => {
    expect([...new Set(rows.map((row) => row.from))]).toEqual([...TCP_STATES]);
  });

  test('every event is a TCP event or a timer named after its delay', () => {
    const timers = Object.keys(tcpMachine.implementations.delays).map((delay) => `after ${delay}`);
    const strays = rows.filter((row) => ![...TCP_EVENT_TYPES, ...STATE_SPECIFIC_EVENTS, ...timers].includes(row.event));
    expect(strays).toEqual([]);
    expect(new Set(rows.filter((row) => row.event.startsWith('after ')).map((row) => row.event))).toEqual(
      new Set(['after RTO', 'after TWO_MSL', 'after ACK_DELAY', 'after PERSIST', 'after USER_TIMEOUT']),
    );
  });

  test('every transition says why, citing an RFC', () => {
    const uncited = transitionRows.filter((row) => !/RFC \d+/.test(row.description));
    expect(uncited.map((row) => `${row.from} + ${row.event}`)).toEqual([]);
  });

  test('branches are numbered in the order XState tries them', () => {
    const synReceivedTimer = transitionRows.filter((row) => row.from === 'SYN_RECEIVED' && row.event === 'after RTO');
    expect(synReceivedTimer.map((row) => [row.branch, row.guard, row.to])).toEqual([
      [0, 'retriesLeft', 'SYN_RECEIVED'],
      [1, 'passiveOpen', 'LISTEN'],
      [2, undefined, 'CLOSED'],
    ]);
  });
});

describe('spot checks against RFC 9293', () => {
  test('SYN_SENT + RCV_SYN -> SYN_RECEIVED, sends SYN-ACK (§3.10.7.3, simultaneous open)', () => {
    expect(findRow('SYN_SENT', 'RCV_SYN')).toMatchObject({ to: 'SYN_RECEIVED', reenter: false, sends: ['sendSynAck'] });
  });

  test('SYN_SENT + after RTO with retries left re-enters SYN_SENT and resends the SYN', () => {
    expect(findRow('SYN_SENT', 'after RTO', 'retriesLeft')).toMatchObject({
      to: 'SYN_SENT',
      reenter: true,
      sends: ['sendSyn'],
    });
  });

  test('ESTABLISHED + after RTO resends data only while data is outstanding and retries are left', () => {
    expect(findRow('ESTABLISHED', 'after RTO', 'dataOutstanding and retriesLeft')).toMatchObject({
      to: 'ESTABLISHED',
      sends: ['sendData'],
    });
  });

  test('TIME_WAIT + after TWO_MSL -> CLOSED (§3.10.8)', () => {
    expect(findRow('TIME_WAIT', 'after TWO_MSL')).toMatchObject({ to: 'CLOSED', sends: [] });
  });

  test('FIN_WAIT_1 + CLOSE is refused: "connection closing" (§3.10.4)', () => {
    expect(findRow('FIN_WAIT_1', 'CLOSE')).toMatchObject({ to: null, sends: [], rejects: 'connection closing' });
  });

  test('CLOSED ignores RCV_RST (§3.10.7.1)', () => {
    expect(findRow('CLOSED', 'RCV_RST')).toMatchObject({ kind: 'ignored', to: null, sends: [] });
  });
});

describe('guards in words', () => {
  test.each([
    ['a named guard', 'retriesLeft', 'retriesLeft'],
    ['and', and(['dataOutstanding', 'retriesLeft']), 'dataOutstanding and retriesLeft'],
    ['not', not('rfc1337'), 'not rfc1337'],
    ['or inside and', and([or(['a', 'b']), 'c']), '(a or b) and c'],
    ['not of and', not(and(['a', 'b'])), 'not (a and b)'],
    ['a parameterized guard', { type: 'retriesLeft', params: {} }, 'retriesLeft'],
  ] as const)('%s', (_name, guard, words) => {
    expect(describeGuard(guard)).toBe(words);
  });
});

describe('formatting', () => {
  test('plain text: a header, a rule and one line per row, columns aligned, no trailing spaces', () => {
    const lines = formatTableText(rows).trimEnd().split('\n');
    expect(lines).toHaveLength(rows.length + 2);
    const [header = '', rule = ''] = lines;
    const columnStarts = ['EVENT', 'GUARD', 'TO', 'SENDS', 'DESCRIPTION'].map(
      (title) => header.indexOf(` ${title}`) + 1,
    );
    for (const line of lines.slice(2)) {
      for (const start of columnStarts) expect(line[start - 1]).toBe(' ');
    }
    expect(rule).toMatch(/^-+( +-+)+$/);
    expect(lines.filter((line) => line !== line.trimEnd())).toEqual([]);
  });

  test('plain text names the segments as the RFC draws them', () => {
    const text = formatTableText(rows);
    expect(text).toMatch(/SYN_SENT +RCV_SYN +otherwise +SYN_RECEIVED +SYN-ACK/);
    expect(text).toMatch(/TIME_WAIT +RCV_FIN +TIME_WAIT \(re-entered\) +ACK/);
    expect(text).toMatch(/SYN_SENT +after RTO +otherwise +CLOSED/);
  });

  test('plain text without descriptions drops the last column', () => {
    const text = formatTableText(rows, { descriptions: false });
    expect(text).not.toContain('DESCRIPTION');
    expect(text).not.toContain('RFC 9293');
  });

  test('Markdown: a header, a delimiter row and one row per table row, pipes escaped', () => {
    const lines = formatTableMarkdown(rows).trimEnd().split('\n');
    expect(lines).toHaveLength(rows.length + 2);
    expect(lines[0]).toBe('| from | event | guard | to | sends | description |');
    expect(lines[1]).toBe('| --- | --- | --- | --- | --- | --- |');
    // Six cells each: seven unescaped pipes.
    for (const line of lines) expect(line.match(/(?<!\\)\|/g)).toHaveLength(7);
  });
});

describe("the Linux profile's branches", () => {
  test("are the rows whose guard needs a Linux option, and RFC 9293's rows renumber without them", () => {
    const linux = transitionTable().filter(isLinuxProfileRow);
    expect(linux.map((row) => `${row.from} ${row.event} [${row.guard}]`)).toContain('LISTEN ACTIVE_OPEN [listenOnly]');
    // Each says which option it belongs to, and what RFC 9293 does instead.
    const unexplained = linux.filter(
      (row) =>
        !LINUX_PROFILE_OPTIONS.some((option) => row.guard!.includes(option) && row.description.startsWith(option)) ||
        !row.description.includes('RFC'),
    );
    expect(unexplained).toEqual([]);
    // What a branch requires is read from the guard itself: the operands of its `and`, none under `not`.
    const queuedFin = transitionTable().find(
      (row) => row.from === 'SYN_RECEIVED' && row.event === 'RCV_ACK' && row.branch === 0,
    );
    expect(queuedFin?.requires).toEqual(['closeQueuedUntilEstablished', 'closeQueued']);
    const rfc = rfc9293Rows();
    expect(rfc.filter(isLinuxProfileRow)).toEqual([]);
    const synSentSyn = rfc.filter((row) => row.from === 'SYN_SENT' && row.event === 'RCV_SYN');
    expect(synSentSyn.map((row) => [row.branch, row.guard])).toEqual([[0, undefined]]);
  });
});

describe("SYN-RECEIVED's choice states, folded", () => {
  test('a SYN-ACK has the branches a flat machine writes: none that no profile takes', () => {
    const synAck = rows
      .filter((row) => row.from === 'SYN_RECEIVED' && row.event === 'RCV_SYN_ACK')
      .map((row) => `[${row.guard ?? ''}] ${row.to ?? '-'} ${row.sends.join(',')}`);
    expect(synAck).toEqual([
      '[passiveOpen] - sendAck',
      '[ackSimultaneousSynAck and closeQueuedUntilEstablished and closeQueued and not dataQueued] FIN_WAIT_1 sendFin,sendAck',
      '[ackSimultaneousSynAck and queuedDataAfterAck and closeQueued] FIN_WAIT_1 sendAck,sendData,sendFin',
      '[ackSimultaneousSynAck and queuedDataAfterAck and dataQueued] ESTABLISHED sendAck,sendData',
      '[ackSimultaneousSynAck] ESTABLISHED sendAck',
      '[closeQueued] FIN_WAIT_1 sendData,sendFin',
      '[dataQueued] ESTABLISHED sendData',
      '[synTextQueued] ESTABLISHED sendAck',
      '[] ESTABLISHED ',
    ]);
  });

  test("a folded branch's description opens with the profile guard it departs by", () => {
    const queuedFin = rows.find((row) => row.from === 'SYN_RECEIVED' && row.event === 'RCV_FIN' && row.branch === 0);
    expect(queuedFin?.description).toMatch(
      /^closeQueuedUntilEstablished \(Linux tcp_shutdown\): .*; RFC 9293 §3\.10\.7\.4/,
    );
  });
});

describe('HANDSHAKE and HALF_SYNCHRONIZED: the user calls of SYN-SENT and SYN-RECEIVED, each written once', () => {
  /** A state's rows for an event as `[guard] target sends rejects (where written)`. */
  const branches = (from: TcpState, event: string) =>
    transitionRows
      .filter((row) => row.from === from && row.event === event)
      .map(
        (row) =>
          `[${row.guard ?? ''}] ${row.to ?? '-'} ${row.sends.join(',')}${row.rejects === undefined ? '' : ` "${row.rejects}"`} (${row.inherited ?? 'own'})`,
      );

  test('SEND in SYN-SENT is queued by HANDSHAKE (§3.10.2: "SYN-SENT STATE, SYN-RECEIVED STATE: Queue the data")', () => {
    expect(branches('SYN_SENT', 'SEND')).toEqual(['[] -  (HANDSHAKE)']);
    expect(findRow('SYN_SENT', 'SEND')).toMatchObject({ actions: ['queueData'] });
  });

  test('SYN-SENT deletes its TCB on CLOSE and ABORT and sends nothing (§3.10.4, §3.10.5)', () => {
    expect(branches('SYN_SENT', 'CLOSE')).toEqual(['[] CLOSED  (own)']);
    expect(branches('SYN_SENT', 'ABORT')).toEqual(['[] CLOSED  (own)']);
  });

  test("SYN-RECEIVED's calls are HALF_SYNCHRONIZED's, the refusal for a connection the user has no handle for (Linux) first, then HANDSHAKE's SEND", () => {
    const noHandle = '[passiveOpen and acceptOnEstablished] -  "connection does not exist" (HALF_SYNCHRONIZED)';
    expect(branches('SYN_RECEIVED', 'CLOSE')).toEqual([
      noHandle,
      '[closeQueued and repeatedCloseAccepted] -  (HALF_SYNCHRONIZED)',
      '[closeQueued] -  "connection closing" (HALF_SYNCHRONIZED)',
      '[dataQueued] -  (HALF_SYNCHRONIZED)',
      '[closeQueuedUntilEstablished] -  (HALF_SYNCHRONIZED)',
      '[] FIN_WAIT_1 sendFin (HALF_SYNCHRONIZED)',
    ]);
    expect(branches('SYN_RECEIVED', 'SEND')).toEqual([
      noHandle,
      '[closeQueued] -  "connection closing" (HALF_SYNCHRONIZED)',
      '[] -  (HANDSHAKE)',
    ]);
    expect(branches('SYN_RECEIVED', 'ABORT')).toEqual([noHandle, '[] CLOSED sendRst (HALF_SYNCHRONIZED)']);
  });
});

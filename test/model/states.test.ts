/**
 * Every state documents itself: a description for the visualizer, and the name
 * `netstat` and `ss` print for a connection in it (the seed article shows netstat's).
 */
import { TCP_STATES, tcpMachine, type TcpState } from '../../machines/tcp.machine';
import { isChoiceState, leafNode } from '../../src/model/states';

/** What `netstat -tan` prints in its State column (CLOSED is a fiction: no socket is shown). */
const NETSTAT_NAMES: Readonly<Record<TcpState, string | null>> = {
  CLOSED: null,
  LISTEN: 'LISTEN',
  SYN_SENT: 'SYN_SENT',
  SYN_RECEIVED: 'SYN_RECV',
  ESTABLISHED: 'ESTABLISHED',
  FIN_WAIT_1: 'FIN_WAIT1',
  FIN_WAIT_2: 'FIN_WAIT2',
  CLOSE_WAIT: 'CLOSE_WAIT',
  CLOSING: 'CLOSING',
  LAST_ACK: 'LAST_ACK',
  TIME_WAIT: 'TIME_WAIT',
};

/** What `ss -tan` prints in its State column (iproute2, misc/ss.c `sstate_name`); CLOSED shows no socket either. */
const SS_NAMES: Readonly<Record<TcpState, string | null>> = {
  CLOSED: null,
  LISTEN: 'LISTEN',
  SYN_SENT: 'SYN-SENT',
  SYN_RECEIVED: 'SYN-RECV',
  ESTABLISHED: 'ESTAB',
  FIN_WAIT_1: 'FIN-WAIT-1',
  FIN_WAIT_2: 'FIN-WAIT-2',
  CLOSE_WAIT: 'CLOSE-WAIT',
  CLOSING: 'CLOSING',
  LAST_ACK: 'LAST-ACK',
  TIME_WAIT: 'TIME-WAIT',
};

const stateNode = (state: TcpState) => leafNode(state);

/** The atomic states below `node` that a snapshot can rest in (a choice state is left in the step that enters it). */
function leaves(node: typeof tcpMachine.root): string[] {
  if (isChoiceState(node)) return [];
  return node.type === 'atomic' ? [node.key] : Object.values(node.states).flatMap(leaves);
}

test('the leaves of the machine are exactly the 11 states of RFC 9293 §3.3.2, each with its name as id', () => {
  expect(leaves(tcpMachine.root).sort()).toEqual([...TCP_STATES].sort());
  expect(TCP_STATES.map((state) => leafNode(state).id)).toEqual([...TCP_STATES]);
});

test('a connection starts in CLOSED', () => {
  expect(tcpMachine.root.initial?.target.map((target) => target.key)).toEqual(['CLOSED']);
});

describe.each(TCP_STATES)('%s', (state) => {
  test('has a description', () => {
    expect(stateNode(state).description?.trim()).toBeTruthy();
  });

  test(`netstat shows it as ${NETSTAT_NAMES[state] ?? 'nothing (null)'}`, () => {
    expect((stateNode(state).meta as { netstat?: unknown }).netstat).toBe(NETSTAT_NAMES[state]);
  });

  test(`ss shows it as ${SS_NAMES[state] ?? 'nothing (null)'}, and the description says what both show`, () => {
    expect((stateNode(state).meta as { ss?: unknown }).ss).toBe(SS_NAMES[state]);
    const description = stateNode(state).description ?? '';
    expect(description).toMatch(/netstat/);
    expect(description).toMatch(/\bss\b/);
  });
});

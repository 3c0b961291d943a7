/**
 * The Linux profile's branches, one scenario each (issue 11): the Linux
 * variant of the machine (machines/linux.ts) is driven from CLOSED to the
 * state the branch is written for, one event is fed, and the test checks the
 * state after, the segments sent, the refusal, and that the branch taken is
 * the one named. The kernel suites (`npm run test:linux`) hold the same
 * branches against Linux itself; these run anywhere in milliseconds.
 */
import { linuxTcpMachine } from '../../machines/linux';
import { tcpState, type OutputAction, type TcpState, type UserCallError } from '../../machines/tcp.machine';
import { LINUX_PROFILES } from '../../src/linux/profile';
import { leafTransitions, takenTransition } from '../../src/model/states';
import { isLinuxProfileRow, transitionTable } from '../../src/model/transitionTable';
import { closedSnapshot, eventTypeFor, run, step, type TcpSnapshot } from './fixtures';

interface Scenario {
  /** The branch, as the transition table numbers it: `FROM EVENT #branch`. */
  readonly branch: string;
  /** The events that lead from CLOSED to the state the branch is written for. */
  readonly before: readonly string[];
  readonly event: string;
  readonly to: TcpState;
  readonly sends: readonly OutputAction[];
  readonly rejects?: UserCallError;
}

const ESTABLISHED = ['ACTIVE_OPEN', 'RCV_SYN_ACK'];
/** A simultaneous open: our SYN crossed the peer's. */
const SIMULTANEOUS = ['ACTIVE_OPEN', 'RCV_SYN'];
const SIMULTANEOUS_WITH_DATA = ['ACTIVE_OPEN', 'SEND', 'RCV_SYN'];

const SCENARIOS: readonly Scenario[] = [
  // listenOnly (__inet_stream_connect, tcp_sendmsg_locked)
  {
    branch: 'LISTEN ACTIVE_OPEN #0',
    before: ['PASSIVE_OPEN'],
    event: 'ACTIVE_OPEN',
    to: 'LISTEN',
    sends: [],
    rejects: 'connection already exists',
  },
  {
    branch: 'LISTEN SEND #0',
    before: ['PASSIVE_OPEN'],
    event: 'SEND',
    to: 'LISTEN',
    sends: [],
    rejects: 'connection does not exist',
  },
  // queuedDataAfterAck: send() waits for ESTABLISHED; the kernel acknowledges first
  {
    branch: 'SYN_SENT RCV_SYN_ACK #0',
    before: ['ACTIVE_OPEN', 'SEND'],
    event: 'RCV_SYN_ACK',
    to: 'ESTABLISHED',
    sends: ['sendAck', 'sendData'],
  },
  // simultaneousOpenKeepsRetries (tcp_rcv_synsent_state_process)
  {
    branch: 'SYN_SENT RCV_SYN #0',
    before: ['ACTIVE_OPEN'],
    event: 'RCV_SYN',
    to: 'SYN_RECEIVED',
    sends: ['sendSynAck'],
  },
  // closeQueuedUntilEstablished (tcp_shutdown): the FIN leaves when the handshake completes
  {
    branch: 'SYN_RECEIVED RCV_ACK #0',
    before: [...SIMULTANEOUS, 'CLOSE'],
    event: 'RCV_ACK',
    to: 'FIN_WAIT_1',
    sends: ['sendFin'],
  },
  {
    branch: 'SYN_RECEIVED RCV_DATA #0',
    before: [...SIMULTANEOUS, 'CLOSE'],
    event: 'RCV_DATA',
    to: 'FIN_WAIT_1',
    sends: ['sendFin', 'sendAck'],
  },
  {
    branch: 'SYN_RECEIVED RCV_FIN #0',
    before: [...SIMULTANEOUS, 'CLOSE'],
    event: 'RCV_FIN',
    to: 'CLOSING',
    sends: ['sendFin', 'sendAck'],
  },
  {
    branch: 'SYN_RECEIVED RCV_FIN_ACK #0',
    before: [...SIMULTANEOUS, 'CLOSE'],
    event: 'RCV_FIN_ACK',
    to: 'CLOSING',
    sends: ['sendFin', 'sendAck'],
  },
  { branch: 'SYN_RECEIVED CLOSE #4', before: SIMULTANEOUS, event: 'CLOSE', to: 'SYN_RECEIVED', sends: [] },
  // queuedDataAfterAck in SYN-RECEIVED
  {
    branch: 'SYN_RECEIVED RCV_DATA #1',
    before: [...SIMULTANEOUS_WITH_DATA, 'CLOSE'],
    event: 'RCV_DATA',
    to: 'FIN_WAIT_1',
    sends: ['sendAck', 'sendData', 'sendFin'],
  },
  {
    branch: 'SYN_RECEIVED RCV_DATA #2',
    before: SIMULTANEOUS_WITH_DATA,
    event: 'RCV_DATA',
    to: 'ESTABLISHED',
    sends: ['sendAck', 'sendData'],
  },
  {
    branch: 'SYN_RECEIVED RCV_FIN #1',
    before: [...SIMULTANEOUS_WITH_DATA, 'CLOSE'],
    event: 'RCV_FIN',
    to: 'LAST_ACK',
    sends: ['sendAck', 'sendData', 'sendFin'],
  },
  {
    branch: 'SYN_RECEIVED RCV_FIN #2',
    before: SIMULTANEOUS_WITH_DATA,
    event: 'RCV_FIN',
    to: 'CLOSE_WAIT',
    sends: ['sendAck', 'sendData'],
  },
  {
    branch: 'SYN_RECEIVED RCV_FIN_ACK #1',
    before: [...SIMULTANEOUS_WITH_DATA, 'CLOSE'],
    event: 'RCV_FIN_ACK',
    to: 'LAST_ACK',
    sends: ['sendAck', 'sendData', 'sendFin'],
  },
  {
    branch: 'SYN_RECEIVED RCV_FIN_ACK #2',
    before: SIMULTANEOUS_WITH_DATA,
    event: 'RCV_FIN_ACK',
    to: 'CLOSE_WAIT',
    sends: ['sendAck', 'sendData'],
  },
  // ackSimultaneousSynAck (tcp_rcv_state_process)
  {
    branch: 'SYN_RECEIVED RCV_SYN_ACK #1',
    before: [...SIMULTANEOUS, 'CLOSE'],
    event: 'RCV_SYN_ACK',
    to: 'FIN_WAIT_1',
    sends: ['sendFin', 'sendAck'],
  },
  {
    branch: 'SYN_RECEIVED RCV_SYN_ACK #2',
    before: [...SIMULTANEOUS_WITH_DATA, 'CLOSE'],
    event: 'RCV_SYN_ACK',
    to: 'FIN_WAIT_1',
    sends: ['sendAck', 'sendData', 'sendFin'],
  },
  {
    branch: 'SYN_RECEIVED RCV_SYN_ACK #3',
    before: SIMULTANEOUS_WITH_DATA,
    event: 'RCV_SYN_ACK',
    to: 'ESTABLISHED',
    sends: ['sendAck', 'sendData'],
  },
  {
    branch: 'SYN_RECEIVED RCV_SYN_ACK #4',
    before: SIMULTANEOUS,
    event: 'RCV_SYN_ACK',
    to: 'ESTABLISHED',
    sends: ['sendAck'],
  },
  // synAckOnRetransmittedSyn (tcp_check_req)
  {
    branch: 'SYN_RECEIVED RCV_SYN #0',
    before: ['PASSIVE_OPEN', 'RCV_SYN'],
    event: 'RCV_SYN',
    to: 'SYN_RECEIVED',
    sends: ['sendSynAck'],
  },
  // acceptOnEstablished (inet_csk_accept): no handle on a request socket
  {
    branch: 'SYN_RECEIVED CLOSE #0',
    before: ['PASSIVE_OPEN', 'RCV_SYN'],
    event: 'CLOSE',
    to: 'SYN_RECEIVED',
    sends: [],
    rejects: 'connection does not exist',
  },
  {
    branch: 'SYN_RECEIVED SEND #0',
    before: ['PASSIVE_OPEN', 'RCV_SYN'],
    event: 'SEND',
    to: 'SYN_RECEIVED',
    sends: [],
    rejects: 'connection does not exist',
  },
  {
    branch: 'SYN_RECEIVED ABORT #0',
    before: ['PASSIVE_OPEN', 'RCV_SYN'],
    event: 'ABORT',
    to: 'SYN_RECEIVED',
    sends: [],
    rejects: 'connection does not exist',
  },
  // repeatedCloseAccepted (inet_shutdown): shutdown(SHUT_WR) again succeeds
  {
    branch: 'SYN_RECEIVED CLOSE #1',
    before: [...SIMULTANEOUS, 'CLOSE'],
    event: 'CLOSE',
    to: 'SYN_RECEIVED',
    sends: [],
  },
  { branch: 'FIN_WAIT_1 CLOSE #0', before: [...ESTABLISHED, 'CLOSE'], event: 'CLOSE', to: 'FIN_WAIT_1', sends: [] },
  {
    branch: 'FIN_WAIT_2 CLOSE #0',
    before: [...ESTABLISHED, 'CLOSE', 'RCV_ACK'],
    event: 'CLOSE',
    to: 'FIN_WAIT_2',
    sends: [],
  },
  {
    branch: 'CLOSING CLOSE #0',
    before: [...ESTABLISHED, 'CLOSE', 'RCV_FIN'],
    event: 'CLOSE',
    to: 'CLOSING',
    sends: [],
  },
  {
    branch: 'LAST_ACK CLOSE #0',
    before: [...ESTABLISHED, 'RCV_FIN', 'CLOSE'],
    event: 'CLOSE',
    to: 'LAST_ACK',
    sends: [],
  },
  // finResentWithData: a timeout resends the data and the FIN behind it
  {
    branch: 'FIN_WAIT_1 after RTO #1',
    before: [...ESTABLISHED, 'SEND', 'CLOSE'],
    event: 'after RTO',
    to: 'FIN_WAIT_1',
    sends: ['sendData', 'sendFin'],
  },
  {
    branch: 'FIN_WAIT_1 RCV_FIN #2',
    before: [...ESTABLISHED, 'SEND', 'CLOSE', 'after RTO'],
    event: 'RCV_FIN',
    to: 'CLOSING',
    sends: ['sendAck'],
  },
  // dataResentTogether (__tcp_retransmit_skb's collapse; retrans_stamp kept while resent data is outstanding)
  {
    branch: 'ESTABLISHED RCV_PARTIAL_ACK #0',
    before: [...ESTABLISHED, 'SEND', 'SEND', 'after RTO'],
    event: 'RCV_PARTIAL_ACK',
    to: 'ESTABLISHED',
    sends: [],
  },
  // dupAcksTakenForReordering (tcp_limit_reno_sacked): with two segments in flight the third duplicate resends nothing
  {
    branch: 'ESTABLISHED RCV_DUP_ACK #0',
    before: [...ESTABLISHED, 'SEND', 'SEND', 'RCV_DUP_ACK', 'RCV_DUP_ACK'],
    event: 'RCV_DUP_ACK',
    to: 'ESTABLISHED',
    sends: [],
  },
  {
    branch: 'CLOSING after RTO #0',
    before: [...ESTABLISHED, 'RCV_WINDOW_ZERO', 'SEND', 'CLOSE', 'RCV_FIN'],
    event: 'after RTO',
    to: 'CLOSING',
    sends: ['sendData', 'sendFin'],
  },
  {
    branch: 'LAST_ACK after RTO #0',
    before: [...ESTABLISHED, 'RCV_FIN', 'SEND', 'CLOSE'],
    event: 'after RTO',
    to: 'LAST_ACK',
    sends: ['sendData', 'sendFin'],
  },
  // finAckedBeforeQueuedData (tcp_fin): the peer's FIN is acknowledged before the data its window lets go
  {
    branch: 'FIN_WAIT_1 RCV_FIN #0',
    before: [...ESTABLISHED, 'RCV_WINDOW_ZERO', 'SEND', 'CLOSE'],
    event: 'RCV_FIN',
    to: 'CLOSING',
    sends: ['sendAck', 'sendData', 'sendFin'],
  },
  {
    branch: 'FIN_WAIT_1 RCV_FIN_ACK #0',
    before: [...ESTABLISHED, 'RCV_WINDOW_ZERO', 'SEND', 'CLOSE', 'after PERSIST'],
    event: 'RCV_FIN_ACK',
    to: 'CLOSING',
    sends: ['sendAck', 'sendData', 'sendFin'],
  },
  // ... and so is the FIN that comes with text
  {
    branch: 'FIN_WAIT_1 RCV_DATA_FIN #2',
    before: [...ESTABLISHED, 'RCV_WINDOW_ZERO', 'SEND', 'CLOSE'],
    event: 'RCV_DATA_FIN',
    to: 'CLOSING',
    sends: ['sendAck', 'sendData', 'sendFin'],
  },
  // abortResetsUnsentData (tcp_disconnect): ABORT resets a LAST-ACK whose data and FIN wait behind the window
  {
    branch: 'LAST_ACK ABORT #0',
    before: [...ESTABLISHED, 'RCV_FIN', 'RCV_WINDOW_ZERO', 'SEND', 'CLOSE'],
    event: 'ABORT',
    to: 'CLOSED',
    sends: ['sendRst'],
  },
  // ackOnRetransmittedFin (tcp_sequence): the ACK on a retransmitted FIN is processed
  {
    branch: 'CLOSING RCV_FIN_ACK #0',
    before: [...ESTABLISHED, 'CLOSE', 'RCV_FIN'],
    event: 'RCV_FIN_ACK',
    to: 'TIME_WAIT',
    sends: [],
  },
  {
    branch: 'LAST_ACK RCV_FIN_ACK #1',
    before: [...ESTABLISHED, 'RCV_FIN', 'CLOSE'],
    event: 'RCV_FIN_ACK',
    to: 'CLOSED',
    sends: [],
  },
  // ackOnRetransmittedFin behind the loss window: the retransmitted FIN's ACK covers the resent data, so what waits leaves
  {
    branch: 'CLOSE_WAIT RCV_FIN #0',
    before: [...ESTABLISHED, 'RCV_FIN', 'SEND', 'after RTO', 'SEND'],
    event: 'RCV_FIN',
    to: 'CLOSE_WAIT',
    sends: ['sendData'],
  },
  {
    branch: 'CLOSE_WAIT RCV_FIN_ACK #0',
    before: [...ESTABLISHED, 'RCV_FIN', 'SEND', 'after RTO', 'SEND'],
    event: 'RCV_FIN_ACK',
    to: 'CLOSE_WAIT',
    sends: ['sendData'],
  },
  {
    branch: 'LAST_ACK RCV_FIN #0',
    before: [...ESTABLISHED, 'RCV_FIN', 'SEND', 'after RTO', 'SEND', 'CLOSE'],
    event: 'RCV_FIN',
    to: 'LAST_ACK',
    sends: ['sendData', 'sendFin'],
  },
  {
    branch: 'LAST_ACK RCV_FIN_ACK #0',
    before: [...ESTABLISHED, 'RCV_FIN', 'SEND', 'after RTO', 'SEND', 'CLOSE'],
    event: 'RCV_FIN_ACK',
    to: 'LAST_ACK',
    sends: ['sendData', 'sendFin'],
  },
  // timeWaitWithoutHandle (tcp_time_wait): the user's socket is CLOSED already
  {
    branch: 'TIME_WAIT ABORT #0',
    before: [...ESTABLISHED, 'CLOSE', 'RCV_ACK', 'RCV_FIN'],
    event: 'ABORT',
    to: 'TIME_WAIT',
    sends: [],
  },
  {
    branch: 'TIME_WAIT CLOSE #0',
    before: [...ESTABLISHED, 'CLOSE', 'RCV_ACK', 'RCV_FIN'],
    event: 'CLOSE',
    to: 'TIME_WAIT',
    sends: [],
    rejects: 'connection does not exist',
  },
  // timeWaitBareAckUnanswered (tcp_timewait_state_process): a bare ACK restarts the timer, unanswered
  {
    branch: 'TIME_WAIT RCV_ACK #0',
    before: [...ESTABLISHED, 'CLOSE', 'RCV_ACK', 'RCV_FIN'],
    event: 'RCV_ACK',
    to: 'TIME_WAIT',
    sends: [],
  },
  // timeWaitInWindowRstDropped (tcp_timewait_state_process): a RST not at RCV.NXT is dropped, no challenge ACK
  {
    branch: 'TIME_WAIT RCV_RST_IN_WINDOW #1',
    before: [...ESTABLISHED, 'CLOSE', 'RCV_ACK', 'RCV_FIN'],
    event: 'RCV_RST_IN_WINDOW',
    to: 'TIME_WAIT',
    sends: [],
  },
  // inWindowSynResetsRequest (tcp_check_req, embryonic_reset): a SYN at RCV.NXT drops the request with a RST
  {
    branch: 'SYN_RECEIVED RCV_SYN_IN_WINDOW #0',
    before: ['PASSIVE_OPEN', 'RCV_SYN'],
    event: 'RCV_SYN_IN_WINDOW',
    to: 'LISTEN',
    sends: ['sendRst'],
  },
  // badAckResendsSyn (tcp_rcv_synsent_state_process): before any SYN timeout an unacceptable ACK rearms the timer at
  // TCP_TIMEOUT_MIN: the RST, then the SYN at once; a RST with such an ACK is not answered, but rearms it too
  {
    branch: 'SYN_SENT RCV_OLD_ACK #0',
    before: ['ACTIVE_OPEN'],
    event: 'RCV_OLD_ACK',
    to: 'SYN_SENT',
    sends: ['sendRst', 'sendSyn'],
  },
  {
    branch: 'SYN_SENT RCV_ACK_UNSENT #0',
    before: ['ACTIVE_OPEN'],
    event: 'RCV_ACK_UNSENT',
    to: 'SYN_SENT',
    sends: ['sendRst', 'sendSyn'],
  },
  {
    branch: 'SYN_SENT RCV_RST_ACK_UNSENT #0',
    before: ['ACTIVE_OPEN'],
    event: 'RCV_RST_ACK_UNSENT',
    to: 'SYN_SENT',
    sends: ['sendSyn'],
  },
  // synTextDropped (tcp_conn_request, tcp_rcv_synsent_state_process): text on a SYN or SYN-ACK is dropped
  {
    branch: 'LISTEN RCV_SYN_DATA #0',
    before: ['PASSIVE_OPEN'],
    event: 'RCV_SYN_DATA',
    to: 'SYN_RECEIVED',
    sends: ['sendSynAck'],
  },
  {
    branch: 'SYN_SENT RCV_SYN_DATA #0',
    before: ['ACTIVE_OPEN'],
    event: 'RCV_SYN_DATA',
    to: 'SYN_RECEIVED',
    sends: ['sendSynAck'],
  },
  {
    branch: 'SYN_SENT RCV_SYN_ACK_DATA #0',
    before: ['ACTIVE_OPEN', 'SEND'],
    event: 'RCV_SYN_ACK_DATA',
    to: 'ESTABLISHED',
    sends: ['sendAck', 'sendData'],
  },
];

/** Which branch `event` takes in `snapshot`, numbered as the transition table numbers them. */
function branchTaken(snapshot: TcpSnapshot, event: string): string {
  const state = tcpState(snapshot);
  const type = eventTypeFor(snapshot, event);
  const taken = takenTransition(linuxTcpMachine, snapshot, { type });
  const index = (leafTransitions(state, linuxTcpMachine).get(type) ?? []).findIndex(
    (definition) => definition === taken,
  );
  return `${state} ${event} #${index}`;
}

test('every branch of the Linux profile has its scenario here', () => {
  const linuxBranches = transitionTable()
    .filter(isLinuxProfileRow)
    .map((row) => `${row.from} ${row.event} #${row.branch}`);
  expect(SCENARIOS.map((scenario) => scenario.branch).sort()).toEqual(linuxBranches.sort());
});

test.each(SCENARIOS)('$branch: $event -> $to, sends [$sends]', ({ branch, before, event, to, sends, rejects }) => {
  const snapshot = run(closedSnapshot(LINUX_PROFILES[0]!.input, linuxTcpMachine), before);
  expect(branchTaken(snapshot, event)).toBe(branch);
  const result = step(snapshot, event);
  expect({ state: result.state, sends: result.sends, rejects: result.rejected }).toEqual({ state: to, sends, rejects });
});

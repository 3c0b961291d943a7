/**
 * The seed article (a Chinese walk through TCP's 11 states, each reached with
 * a packetdrill script): each state is reached with the same steps.
 * Both ISSs are 0, so the segments read exactly as the scripts' relative
 * sequence numbers: `< S 0:0(0) win 65535 <mss 100>` is the peer's SYN,
 * `> S. 0:0(0) ack 1 <...>` our SYN-ACK. Our side is the server of the
 * scripts (accept() is the passive open), except for SYN-SENT (connect()).
 *
 * netstat's name for each state, and its Send-Q column (SND.NXT − SND.UNA:
 * the SYN or FIN not yet acknowledged), are checked against the article's
 * output.
 */
import { tcpMachine, type TcpState } from '../../machines/tcp.machine';
import { seqSub } from '../../src/tcp/seq';
import { connectionIn, pattern, text, type Fixture } from './fixtures';

/** Both sides start at 0, as packetdrill prints relative sequence numbers. */
const SCRIPT = { iss: 0, peerIss: 0 } as const;

/** The states the scripts below reached, as netstat saw them. */
const reached = new Set<TcpState>();

function netstat(f: Fixture): { state: string | null; sendQ: number } {
  reached.add(f.state);
  const meta = tcpMachine.states[f.state]?.meta as { netstat: string | null } | undefined;
  const v = f.connection.variables;
  return { state: meta?.netstat ?? null, sendQ: f.state === 'CLOSED' ? 0 : seqSub(v.sndNxt, v.sndUna) };
}

/** `+0 < S 0:0(0) win 65535 <mss 100>` then `+0 > S. 0:0(0) ack 1 <...>` */
function synRcvd(): Fixture {
  const f = connectionIn('LISTEN', SCRIPT);
  f.recv({ flags: 'S', seq: 0, window: 65535, options: { mss: 100 } });
  f.expectSent([{ flags: 'S.', seq: 0, ack: 1, options: { mss: 1460 } }]);
  return f;
}

/** state_syn_rcvd.pkt with its last line back in: `+.1 < . 1:1(0) ack 1 win 65535` */
function established(): Fixture {
  const f = synRcvd();
  f.clock.advance(100);
  f.recv({ flags: '.', seq: 1, ack: 1, window: 65535 });
  f.expectSent([]);
  return f;
}

describe('the 11 states of the seed article, reached with its packetdrill steps', () => {
  test('CLOSED: a fictional state, where a connection starts; netstat shows nothing', () => {
    const f = connectionIn('CLOSED', SCRIPT);
    expect(f.state).toBe('CLOSED');
    expect(netstat(f).state).toBeNull();
  });

  test('LISTEN: new ServerSocket(9999) (bind + listen) -> LISTEN', () => {
    const f = connectionIn('CLOSED', { ...SCRIPT, remotePort: undefined });
    f.connection.listen();
    expect(f.state).toBe('LISTEN');
    f.expectSent([]);
    expect(netstat(f)).toEqual({ state: 'LISTEN', sendQ: 0 });
  });

  test('SYN_SENT (syn_sent.pkt): socket + connect() with no answer -> SYN_SENT, Send-Q 1; the timer resends the SYN', () => {
    const f = connectionIn('CLOSED', SCRIPT);
    f.connection.connect();
    f.expectSent([{ flags: 'S', seq: 0, options: { mss: 1460 } }]);
    expect(f.state).toBe('SYN_SENT');
    expect(netstat(f)).toEqual({ state: 'SYN_SENT', sendQ: 1 });
    f.clock.advance(1000);
    f.expectSent([{ flags: 'S', seq: 0, options: { mss: 1460 } }]);
    expect(f.state).toBe('SYN_SENT');
  });

  test('SYN_RECEIVED (state_syn_rcvd.pkt): SYN in, SYN-ACK out, the final ACK commented out -> SYN_RECEIVED', () => {
    const f = synRcvd();
    expect(f.state).toBe('SYN_RECEIVED');
    expect(netstat(f)).toEqual({ state: 'SYN_RECV', sendQ: 1 });
  });

  test('ESTABLISHED: the same script with the final ACK restored -> ESTABLISHED', () => {
    const f = established();
    expect(f.state).toBe('ESTABLISHED');
    expect(netstat(f)).toEqual({ state: 'ESTABLISHED', sendQ: 0 });
  });

  test('FIN_WAIT_1 (state_fin_wait_1.pkt): accept + close(4) -> sends F. 1:1(0) ack 1: FIN_WAIT_1, Send-Q 1', () => {
    const f = established();
    f.clock.advance(100);
    f.connection.close();
    f.expectSent([{ flags: 'F.', seq: 1, ack: 1 }]);
    expect(f.state).toBe('FIN_WAIT_1');
    expect(netstat(f)).toEqual({ state: 'FIN_WAIT1', sendQ: 1 });
  });

  test('FIN_WAIT_2 (state_fin_wait_2.pkt): close, then `< . 1:1(0) ack 2 win 257` -> FIN_WAIT_2', () => {
    const f = established();
    f.connection.close();
    f.clearSent();
    f.clock.advance(100);
    f.recv({ flags: '.', seq: 1, ack: 2, window: 257 });
    f.expectSent([]);
    expect(f.state).toBe('FIN_WAIT_2');
    expect(netstat(f)).toEqual({ state: 'FIN_WAIT2', sendQ: 0 });
  });

  test('CLOSE_WAIT (state_close_wait.pkt): `< F. 1:1(0)` -> sends `. 1:1(0) ack 2`: CLOSE_WAIT', () => {
    const f = established();
    f.clock.advance(100);
    f.recv({ flags: 'F.', seq: 1, ack: 1, window: 65535, options: { mss: 100 } });
    f.expectSent([{ flags: '.', seq: 1, ack: 2 }]);
    expect(f.state).toBe('CLOSE_WAIT');
    expect(netstat(f)).toEqual({ state: 'CLOSE_WAIT', sendQ: 0 });
  });

  test("LAST_ACK (state_last_ack.pkt): the peer's FIN, then close(4) -> sends `F. 1:1(0) ack 2`: LAST_ACK, Send-Q 1", () => {
    const f = established();
    f.recv({ flags: 'F.', seq: 1, ack: 1, window: 65535 });
    f.expectSent([{ flags: '.', seq: 1, ack: 2 }]);
    f.clock.advance(100);
    f.connection.close();
    f.expectSent([{ flags: 'F.', seq: 1, ack: 2 }]);
    expect(f.state).toBe('LAST_ACK');
    expect(netstat(f)).toEqual({ state: 'LAST_ACK', sendQ: 1 });
  });

  test('LAST_ACK + the ACK of our FIN -> CLOSED ("the connection is released")', () => {
    const f = connectionIn('LAST_ACK', SCRIPT);
    f.recv({ flags: '.', seq: 2, ack: 2 });
    expect(f.state).toBe('CLOSED');
  });

  test('TIME_WAIT (state_time_wait.pkt): close, `< . ack 2 win 257`, `< F. 1:1(0)` -> sends `. 2:2(0) ack 2`: TIME_WAIT', () => {
    const f = established();
    f.clock.advance(100);
    f.connection.close();
    f.expectSent([{ flags: 'F.', seq: 1, ack: 1 }]);
    f.clock.advance(100);
    f.recv({ flags: '.', seq: 1, ack: 2, window: 257 });
    f.clock.advance(100);
    f.recv({ flags: 'F.', seq: 1, ack: 2, window: 65535, options: { mss: 100 } });
    f.expectSent([{ flags: '.', seq: 2, ack: 2 }]);
    expect(f.state).toBe('TIME_WAIT');
    expect(netstat(f)).toEqual({ state: 'TIME_WAIT', sendQ: 0 });
  });

  test('TIME_WAIT: "after 2*MSL the connection is closed" (the quiz\'s answer, not SYN_SENT)', () => {
    const f = connectionIn('TIME_WAIT', SCRIPT);
    f.clock.advance(2 * 30_000);
    expect(f.state).toBe('CLOSED');
    f.expectSent([]);
  });

  test("CLOSING (state-closing.pkt): write 1000, ACK, close, the peer's FIN crosses ours -> CLOSING", () => {
    const f = established();
    // +0.100 write(4, ..., 1000) = 1000 — the peer's <mss 100> cuts it into ten segments
    f.clock.advance(100);
    const data = pattern(1000);
    expect(f.connection.send(data)).toBe(1000);
    f.expectSent(
      Array.from({ length: 10 }, (_, i) => ({
        flags: i === 9 ? 'P.' : '.',
        seq: 1 + 100 * i,
        ack: 1,
        payload: text(data.subarray(100 * i, 100 * (i + 1))),
      })),
    );
    // +0.01 < . 1:1(0) ack 1001 win 257
    f.clock.advance(10);
    f.recv({ flags: '.', seq: 1, ack: 1001, window: 257 });
    // +.1 close(4) = 0; +0 > F. 1001:1001(0) ack 1
    f.clock.advance(100);
    f.connection.close();
    f.expectSent([{ flags: 'F.', seq: 1001, ack: 1 }]);
    // +.1 < F. 1:1(0) ack 1001 win 257; +0 > . 1002:1002(0) ack 2
    f.clock.advance(100);
    f.recv({ flags: 'F.', seq: 1, ack: 1001, window: 257 });
    f.expectSent([{ flags: '.', seq: 1002, ack: 2 }]);
    expect(f.state).toBe('CLOSING');
    expect(netstat(f)).toEqual({ state: 'CLOSING', sendQ: 1 });
  });

  test("FIN_WAIT_1 + FIN+ACK of our FIN -> TIME_WAIT, skipping FIN_WAIT_2 (the article's third case)", () => {
    const f = connectionIn('FIN_WAIT_1', SCRIPT);
    f.recv({ flags: 'F.', seq: 1, ack: 2 });
    f.expectSent([{ flags: '.', seq: 2, ack: 2 }]);
    expect(f.state).toBe('TIME_WAIT');
  });

  test('the scripts above reached all 11 states', () => {
    expect([...reached].sort()).toEqual(Object.keys(tcpMachine.states).sort());
  });
});

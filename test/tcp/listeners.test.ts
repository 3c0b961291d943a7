/**
 * The connection's events: `state` (from, to, cause), `readable` and
 * `writable`. Listeners run once the call or segment that caused them is
 * fully processed, so they may call back into the connection.
 */
import { TcpUsageError } from '../../src/tcp/errors';
import { VirtualClock } from '../../src/net/clock';
import { TcpConnection, type StateChange } from '../../src/tcp/connection';
import { bytes, connectionIn, LOCAL_SEQ, REMOTE_SEQ } from './fixtures';

describe('state listener', () => {
  test('connect() -> { CLOSED -> SYN_SENT, cause: call connect }, with no reason key', () => {
    const f = connectionIn('CLOSED');
    f.connection.connect();
    expect(f.changes).toStrictEqual([{ from: 'CLOSED', to: 'SYN_SENT', cause: { kind: 'call', call: 'connect' } }]);
  });

  test('SYN_SENT + SYN-ACK -> { SYN_SENT -> ESTABLISHED, cause: that segment }, with no reason key', () => {
    const f = connectionIn('SYN_SENT');
    const synAck = f.segment({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    f.connection.receive(synAck);
    expect(f.changes).toStrictEqual([
      { from: 'SYN_SENT', to: 'ESTABLISHED', cause: { kind: 'segment', segment: synAck } },
    ]);
    expect(f.changes[0]!.cause.kind === 'segment' && f.changes[0]!.cause.segment).toBe(synAck);
  });

  test('ESTABLISHED + RST -> { ESTABLISHED -> CLOSED, reason: connection reset }', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'R', seq: REMOTE_SEQ + 1 });
    expect(f.changes).toEqual([
      expect.objectContaining({ from: 'ESTABLISHED', to: 'CLOSED', reason: 'connection reset' }),
    ]);
  });

  test('LISTEN + send() -> { LISTEN -> SYN_SENT, cause: call send }', () => {
    const f = connectionIn('LISTEN');
    f.connection.send(bytes('x'));
    expect(f.changes).toEqual([{ from: 'LISTEN', to: 'SYN_SENT', cause: { kind: 'call', call: 'send' } }]);
  });

  test('a retransmitted FIN in TIME_WAIT is reported as TIME_WAIT -> TIME_WAIT (the 2MSL timer restarts)', () => {
    const f = connectionIn('TIME_WAIT');
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 2 });
    expect(f.changes).toEqual([expect.objectContaining({ from: 'TIME_WAIT', to: 'TIME_WAIT' })]);
  });

  test('a refused call reports no change', () => {
    const f = connectionIn('FIN_WAIT_2');
    expect(() => f.connection.close()).toThrow();
    expect(f.changes).toEqual([]);
  });

  test('SYN_RECEIVED with a queued CLOSE + ACK -> two changes: SYN_RECEIVED -> ESTABLISHED -> FIN_WAIT_1', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.connection.send(bytes('x'));
    f.connection.close();
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    expect(f.changes.map(({ from, to }) => [from, to])).toEqual([
      ['SYN_RECEIVED', 'ESTABLISHED'],
      ['ESTABLISHED', 'FIN_WAIT_1'],
    ]);
  });

  test('listeners run after the segment is processed, so they may call back: close() on CLOSE_WAIT', () => {
    const f = connectionIn('ESTABLISHED');
    const seen: string[] = [];
    f.connection.on('state', (change: StateChange) => {
      seen.push(`${change.from}->${change.to}`);
      if (change.to === 'CLOSE_WAIT') f.connection.close();
    });
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    f.expectSent([
      { flags: '.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 2 },
      { flags: 'F.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 2 },
    ]);
    expect(seen).toEqual(['ESTABLISHED->CLOSE_WAIT', 'CLOSE_WAIT->LAST_ACK']);
    expect(f.state).toBe('LAST_ACK');
  });

  test('the function on() returns unsubscribes the listener', () => {
    const f = connectionIn('CLOSED');
    const seen: StateChange[] = [];
    const off = f.connection.on('state', (c) => seen.push(c));
    off();
    f.connection.listen();
    expect(seen).toEqual([]);
  });
});

describe('readable and writable', () => {
  test('in-order data -> readable, once per segment', () => {
    const f = connectionIn('ESTABLISHED');
    let readable = 0;
    f.connection.on('readable', () => readable++);
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, payload: 'abc' });
    expect(readable).toBe(1);
  });

  test('out-of-order data -> not readable yet', () => {
    const f = connectionIn('ESTABLISHED');
    let readable = 0;
    f.connection.on('readable', () => readable++);
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 2, ack: LOCAL_SEQ + 1, payload: 'bc' });
    expect(readable).toBe(0);
  });

  test("the peer's FIN -> readable (read() then reports the end)", () => {
    const f = connectionIn('ESTABLISHED');
    let readable = 0;
    f.connection.on('readable', () => readable++);
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    expect(readable).toBe(1);
  });

  test('an ACK that frees send buffer -> writable', () => {
    const f = connectionIn('ESTABLISHED');
    let writable = 0;
    f.connection.on('writable', () => writable++);
    f.connection.send(bytes('abc'));
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    expect(writable).toBe(0);
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 4 });
    expect(writable).toBe(1);
  });

  test('a readable listener may read at once', () => {
    const f = connectionIn('ESTABLISHED');
    const got: string[] = [];
    f.connection.on('readable', () => got.push(new TextDecoder().decode(f.connection.read())));
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, payload: 'hi' });
    expect(got).toEqual(['hi']);
  });
});

describe('restoreInPlace', () => {
  test('forgets an event a throwing listener left undelivered: no stale readable after the restore', () => {
    const f = connectionIn('ESTABLISHED');
    const snapshot = f.connection.snapshot();
    let readable = 0;
    f.connection.on('readable', () => readable++);
    // State changes are delivered before the other events, so the FIN's readable is still queued when this throws.
    const stop = f.connection.on('state', () => {
      throw new Error('listener failed');
    });
    const fin = f.segment({ flags: 'F.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    expect(() => f.connection.receive(fin)).toThrow('listener failed');
    stop();
    f.connection.restoreInPlace(snapshot);
    f.connection.setUserTimeout(0); // a call that raises no event of its own, whose end delivers what is queued
    expect(readable).toBe(0);
    expect(f.connection.state).toBe('ESTABLISHED');
  });
});

describe('re-entrancy', () => {
  test('output() calling back into the connection -> TcpUsageError; the call in progress completes', () => {
    const errors: unknown[] = [];
    const connection: TcpConnection = new TcpConnection({
      clock: new VirtualClock(),
      localPort: 1,
      remotePort: 2,
      iss: 0,
      output: () => {
        try {
          connection.abort();
        } catch (error) {
          errors.push(error);
        }
      },
    });
    connection.connect();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toEqual(
      new TcpUsageError('re-entrant call: output() and listeners must not call back into the connection synchronously'),
    );
    expect(errors[0]).toBeInstanceOf(TcpUsageError);
    expect(connection.state).toBe('SYN_SENT');
  });
});

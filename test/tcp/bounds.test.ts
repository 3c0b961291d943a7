/**
 * Bounded on every input (issue 10): what a hostile peer or a careless caller
 * can hand the connection, and what must follow — the send MSS clamped as
 * Linux clamps it, a bad RECEIVE count refused with nothing changed, and no
 * timer left on the clock once the connection is CLOSED.
 */
import type { TcpState } from '../../machines/tcp.machine';
import { VirtualClock } from '../../src/net/clock';
import { TcpConnection, type TcpConnectionOptions } from '../../src/tcp/connection';
import { TcpUsageError } from '../../src/tcp/errors';
import { MIN_SEND_MSS } from '../../src/tcp/segmentArrives';
import { bytes, connectionIn, Fixture, LOCAL_SEQ, pattern, REMOTE_SEQ, text } from './fixtures';

const L = (n: number) => LOCAL_SEQ + n;
const R = (n: number) => REMOTE_SEQ + n;

function payloadLengths(f: Fixture): number[] {
  const lengths = f.sent.filter((s) => s.payload.length > 0).map((s) => s.payload.length);
  f.clearSent();
  return lengths;
}

describe('the peer MSS is clamped (RFC 9293 §3.7.1, RFC 6691; Linux tcp_parse_options, TCP_MIN_SND_MSS)', () => {
  test('SYN-SENT + SYN-ACK <mss 0> then send(1000) -> the default 536, two segments', () => {
    const f = connectionIn('SYN_SENT');
    f.recv({ flags: 'S.', seq: R(0), ack: L(1), options: { mss: 0 } });
    f.clearSent();
    f.connection.send(pattern(1000));
    expect(payloadLengths(f)).toEqual([536, 464]);
  });

  test('SYN-SENT + SYN-ACK <mss 1> then send(100) -> segments of MIN_SEND_MSS (48)', () => {
    const f = connectionIn('SYN_SENT');
    f.recv({ flags: 'S.', seq: R(0), ack: L(1), options: { mss: 1 } });
    f.clearSent();
    f.connection.send(pattern(100));
    expect(MIN_SEND_MSS).toBe(48);
    expect(payloadLengths(f)).toEqual([48, 48, 4]);
  });

  test('LISTEN + SYN <mss 0>, the handshake, then send(600) -> segments of 536 and 64', () => {
    const f = connectionIn('LISTEN');
    f.recv({ flags: 'S', seq: R(0), options: { mss: 0 } });
    f.recv({ flags: '.', seq: R(1), ack: L(1) });
    expect(f.state).toBe('ESTABLISHED');
    f.clearSent();
    f.connection.send(pattern(600));
    expect(payloadLengths(f)).toEqual([536, 64]);
  });

  test('our own mss option below the floor still caps what we send (the user chose it)', () => {
    const f = connectionIn('SYN_SENT', { mss: 20 });
    f.recv({ flags: 'S.', seq: R(0), ack: L(1), options: { mss: 0 } });
    f.clearSent();
    f.connection.send(pattern(50));
    expect(payloadLengths(f)).toEqual([20, 20, 10]);
  });
});

describe('RECEIVE refuses a count that is not a whole number of bytes, and changes nothing', () => {
  test.each([-1, Number.NaN, 1.5, Number.NEGATIVE_INFINITY])('read(%p) -> TcpUsageError naming the value', (max) => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'P.', seq: R(1), ack: L(1), payload: 'hello world' });
    f.clearSent();
    const before = f.connection.snapshot();
    expect(() => f.connection.read(max)).toThrow(
      new TcpUsageError(`read: max must be a whole number of bytes, 0 or more (or Infinity), got ${max}`),
    );
    expect(f.connection.snapshot()).toEqual(before);
    expect(f.sent).toEqual([]);
    expect(text(f.connection.read())).toBe('hello world');
  });

  test('read(0) with data waiting -> nothing, the data stays', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'P.', seq: R(1), ack: L(1), payload: 'abc' });
    expect(f.connection.read(0)).toEqual(new Uint8Array(0));
    expect(f.connection.readableBytes).toBe(3);
  });

  test('a send buffer size that is not a whole number of bytes, 1 or more -> TcpUsageError', () => {
    expect(() => new Fixture({ sendBufferSize: Number.NaN })).toThrow(TcpUsageError);
    expect(() => new Fixture({ sendBufferSize: 0 })).toThrow(
      /sendBufferSize must be a whole number of bytes, 1 or more, got 0/,
    );
  });

  test('acceptRightEdge that is not true or false -> TcpUsageError', () => {
    // @ts-expect-error a JavaScript caller can pass anything
    expect(() => new Fixture({ acceptRightEdge: 'yes' })).toThrow(/acceptRightEdge must be true or false, got yes/);
  });
});

describe('each constructor option is refused outside its range, by name, and taken at its edges', () => {
  const base = { clock: new VirtualClock(), localPort: 80, output: () => {} } satisfies TcpConnectionOptions;
  const build = (options: Partial<TcpConnectionOptions>) => new TcpConnection({ ...base, ...options });

  test.each<[string, Partial<TcpConnectionOptions>, string]>([
    ['localPort', { localPort: -1 }, 'localPort must be an integer from 0 to 65535, got -1'],
    ['localPort', { localPort: 65536 }, 'localPort must be an integer from 0 to 65535, got 65536'],
    ['localPort', { localPort: 1.5 }, 'localPort must be an integer from 0 to 65535, got 1.5'],
    ['remotePort', { remotePort: 65536 }, 'remotePort must be an integer from 0 to 65535, got 65536'],
    ['window', { window: 65536 }, 'window must be an integer from 1 to 65535, got 65536'],
    ['mss', { mss: 0 }, 'mss must be an integer from 1 to 65495, got 0'],
    ['mss', { mss: 65496 }, 'mss must be an integer from 1 to 65495, got 65496'],
    ['mss', { mss: 1.5 }, 'mss must be an integer from 1 to 65495, got 1.5'],
  ])('%s: %p -> TcpUsageError', (_name, options, message) => {
    expect(() => build(options)).toThrow(new TcpUsageError(message));
  });

  test('the edges are taken: ports 0 and 65535, window 1, mss 1 and 65495 (IPv4 and TCP headers in 65535), send buffer 1', () => {
    expect(build({ localPort: 0, remotePort: 65535 }).state).toBe('CLOSED');
    expect(build({ localPort: 65535, remotePort: 0 }).receiveWindow()).toBe(65535);
    expect(build({ window: 1 }).receiveWindow()).toBe(1);
    expect(build({ mss: 1 }).options.mss).toBe(1);
    expect(build({ mss: 65495 }).options.mss).toBe(65495);
    expect(build({ sendBufferSize: 1 }).options.sendBufferSize).toBe(1);
  });
});

describe('CLOSED holds no timer: every path into CLOSED cancels them all', () => {
  const paths: Array<[string, TcpState, (f: Fixture) => void]> = [
    ['connect() then close() in SYN-SENT', 'SYN_SENT', (f) => f.connection.close()],
    [
      'abort() in ESTABLISHED with data outstanding',
      'ESTABLISHED',
      (f) => {
        f.connection.send(bytes('unacknowledged'));
        f.connection.abort();
      },
    ],
    [
      'abort() in ESTABLISHED with the persist timer running',
      'ESTABLISHED',
      (f) => {
        f.recv({ flags: '.', seq: R(1), ack: L(1), window: 0 });
        f.connection.send(bytes('waits for a window'));
        expect(f.connection.variables.persistDeadline).not.toBeNull();
        f.connection.abort();
      },
    ],
    [
      'a RST in ESTABLISHED with data outstanding',
      'ESTABLISHED',
      (f) => {
        f.connection.send(bytes('unacknowledged'));
        f.recv({ flags: 'R', seq: R(1) });
      },
    ],
    ['an acceptable RST in SYN-SENT', 'SYN_SENT', (f) => f.recv({ flags: 'R.', seq: 0, ack: L(1) })],
    [
      'the retransmission timer gives up',
      'SYN_SENT',
      (f) => {
        while (f.state !== 'CLOSED') f.nextTimer();
      },
    ],
    ['the ACK of our FIN in LAST-ACK', 'LAST_ACK', (f) => f.recv({ flags: '.', seq: R(2), ack: L(2) })],
    ['abort() in TIME-WAIT', 'TIME_WAIT', (f) => f.connection.abort()],
    ['the 2 MSL wait ends', 'TIME_WAIT', (f) => f.nextTimer()],
  ];

  test.each(paths)('%s -> CLOSED, no timer pending', (_name, start, path) => {
    const f = connectionIn(start, { maxRetries: 2 });
    path(f);
    expect(f.state).toBe('CLOSED');
    expect(f.clock.pendingTimers()).toBe(0);
  });

  test('LISTEN + close() -> CLOSED, no timer pending', () => {
    const f = connectionIn('LISTEN');
    f.connection.close();
    expect(f.clock.pendingTimers()).toBe(0);
  });
});

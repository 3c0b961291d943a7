/**
 * CLOSED (RFC 9293 §3.10.7.1): no TCB. Every segment but a RST is answered
 * with a RST, and every user call but OPEN is refused.
 */
import { TcpUserError } from '../../src/tcp/errors';
import { bytes, connectionIn, LOCAL_PORT, LOCAL_SEQ, REMOTE_SEQ, type Fixture } from './fixtures';

/** The RST of §3.10.7.1 carries no window, no options and no data. */
const RST = { window: 0 } as const;

describe('CLOSED: segments (RFC 9293 §3.10.7.1)', () => {
  test('CLOSED + SYN -> sends <SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK>', () => {
    const f = connectionIn('CLOSED');
    f.recv({ flags: 'S', seq: REMOTE_SEQ });
    f.expectSent([{ ...RST, flags: 'R.', seq: 0, ack: REMOTE_SEQ + 1 }]);
    expect(f.state).toBe('CLOSED');
  });

  test('CLOSED + SYN with data -> the RST acknowledges the SYN and the data', () => {
    const f = connectionIn('CLOSED');
    f.recv({ flags: 'S', seq: REMOTE_SEQ, payload: 'abc' });
    f.expectSent([{ ...RST, flags: 'R.', seq: 0, ack: REMOTE_SEQ + 4 }]);
  });

  test('CLOSED + SYN-ACK -> sends <SEQ=SEG.ACK><CTL=RST>', () => {
    const f = connectionIn('CLOSED');
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    f.expectSent([{ ...RST, flags: 'R', seq: LOCAL_SEQ + 1 }]);
  });

  test('CLOSED + ACK -> sends <SEQ=SEG.ACK><CTL=RST>', () => {
    const f = connectionIn('CLOSED');
    f.recv({ flags: '.', seq: REMOTE_SEQ, ack: 12345 });
    f.expectSent([{ ...RST, flags: 'R', seq: 12345 }]);
  });

  test('CLOSED + data without ACK -> sends RST,ACK covering the data', () => {
    const f = connectionIn('CLOSED');
    f.recv({ flags: 'P', seq: REMOTE_SEQ, payload: 'hello' });
    f.expectSent([{ ...RST, flags: 'R.', seq: 0, ack: REMOTE_SEQ + 5 }]);
  });

  test('CLOSED + FIN without ACK -> sends RST,ACK covering the FIN', () => {
    const f = connectionIn('CLOSED');
    f.recv({ flags: 'F', seq: REMOTE_SEQ });
    f.expectSent([{ ...RST, flags: 'R.', seq: 0, ack: REMOTE_SEQ + 1 }]);
  });

  test('CLOSED + FIN-ACK -> sends <SEQ=SEG.ACK><CTL=RST>', () => {
    const f = connectionIn('CLOSED');
    f.recv({ flags: 'F.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 7 });
    f.expectSent([{ ...RST, flags: 'R', seq: LOCAL_SEQ + 7 }]);
  });

  test('CLOSED + RST -> discarded, nothing sent', () => {
    const f = connectionIn('CLOSED');
    f.recv({ flags: 'R', seq: REMOTE_SEQ });
    f.recv({ flags: 'R.', seq: REMOTE_SEQ, ack: LOCAL_SEQ });
    f.expectSent([]);
  });

  test('CLOSED + SYN near 2^32 -> the RST acknowledges modulo 2^32', () => {
    const f = connectionIn('CLOSED');
    f.recv({ flags: 'S', seq: 0xffff_ffff });
    f.expectSent([{ ...RST, flags: 'R.', seq: 0, ack: 0 }]);
  });

  test('the RST goes back to the port the segment came from', () => {
    const f = connectionIn('CLOSED');
    f.connection.receive(f.segment({ flags: 'S', seq: 1, srcPort: 4242 }));
    expect(f.sent).toEqual([expect.objectContaining({ srcPort: LOCAL_PORT, dstPort: 4242 })]);
  });
});

describe('CLOSED: user calls (RFC 9293 §3.10)', () => {
  test.each([
    ['send', (f: Fixture) => f.connection.send(bytes('x'))],
    ['close', (f: Fixture) => f.connection.close()],
    ['abort', (f: Fixture) => f.connection.abort()],
    ['read', (f: Fixture) => f.connection.read()],
  ])('CLOSED + %s() -> error: connection does not exist', (_name, call) => {
    const f = connectionIn('CLOSED');
    expect(() => call(f)).toThrow(new TcpUserError('connection does not exist'));
    f.expectSent([]);
    expect(f.state).toBe('CLOSED');
  });

  test('CLOSED + listen() -> LISTEN, sends nothing', () => {
    const f = connectionIn('CLOSED');
    f.connection.listen();
    expect(f.state).toBe('LISTEN');
    f.expectSent([]);
  });

  test('CLOSED + connect() -> SYN_SENT, sends <SEQ=ISS><CTL=SYN> with our MSS', () => {
    const f = connectionIn('CLOSED');
    f.connection.connect();
    expect(f.state).toBe('SYN_SENT');
    f.expectSent([{ flags: 'S', seq: LOCAL_SEQ, options: { mss: 1460 } }]);
  });

  test('CLOSED + connect() without a foreign port -> error: foreign socket unspecified', () => {
    const f = connectionIn('CLOSED', { remotePort: undefined });
    expect(() => f.connection.connect()).toThrow(new TcpUserError('foreign socket unspecified'));
    expect(f.state).toBe('CLOSED');
    f.expectSent([]);
  });

  test('the TcpUserError carries the reason and the RFC message', () => {
    const f = connectionIn('CLOSED');
    let caught: unknown;
    try {
      f.connection.close();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TcpUserError);
    expect((caught as TcpUserError).reason).toBe('connection does not exist');
    expect((caught as TcpUserError).message).toBe('error: connection does not exist');
  });

  test('after a reset, read() -> error: connection does not exist; lostReason keeps "connection reset"', () => {
    // RFC 9293 §3.10.3, CLOSED: "connection does not exist"; the user was signaled "connection reset" as it was lost.
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'R', seq: REMOTE_SEQ + 1 });
    expect(f.state).toBe('CLOSED');
    expect(f.connection.lostReason).toBe('connection reset');
    expect(() => f.connection.read()).toThrow(new TcpUserError('connection does not exist'));
  });

  test('a closed connection can be opened again', () => {
    const f = connectionIn('ESTABLISHED');
    f.connection.abort();
    f.clearSent();
    f.connection.connect();
    expect(f.state).toBe('SYN_SENT');
    f.expectSent([{ flags: 'S', seq: LOCAL_SEQ, options: { mss: 1460 } }]);
  });
});

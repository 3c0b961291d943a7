/**
 * LISTEN (RFC 9293 §3.10.7.2 and the user calls of §3.10.1–§3.10.5): the
 * passive open of the seed article's first script.
 */
import { TcpUsageError, TcpUserError } from '../../src/tcp/errors';
import { bytes, connectionIn, LOCAL_MSS, LOCAL_SEQ, REMOTE_SEQ, text } from './fixtures';

const SYN_ACK = { flags: 'S.', seq: LOCAL_SEQ, ack: REMOTE_SEQ + 1, options: { mss: LOCAL_MSS } } as const;

describe('LISTEN: segments (RFC 9293 §3.10.7.2)', () => {
  test('LISTEN + SYN -> SYN_RECEIVED, sends <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>', () => {
    const f = connectionIn('LISTEN');
    f.recv({ flags: 'S', seq: REMOTE_SEQ });
    f.expectSent([SYN_ACK]);
    expect(f.state).toBe('SYN_RECEIVED');
    const v = f.connection.variables;
    expect([v.irs, v.rcvNxt, v.iss, v.sndUna, v.sndNxt]).toEqual([
      REMOTE_SEQ,
      REMOTE_SEQ + 1,
      LOCAL_SEQ,
      LOCAL_SEQ,
      LOCAL_SEQ + 1,
    ]);
  });

  test('LISTEN + SYN <mss 100> -> SYN_RECEIVED, the send MSS becomes 100', () => {
    const f = connectionIn('LISTEN');
    f.recv({ flags: 'S', seq: REMOTE_SEQ, options: { mss: 100 } });
    f.expectSent([SYN_ACK]);
    expect(f.connection.variables.sendMss).toBe(100);
  });

  test('LISTEN + SYN without MSS option -> the send MSS is 536 (RFC 9293 §3.7.1)', () => {
    const f = connectionIn('LISTEN');
    f.recv({ flags: 'S', seq: REMOTE_SEQ });
    expect(f.connection.variables.sendMss).toBe(536);
  });

  test('LISTEN + SYN with window 1000 -> SND.WND = 1000', () => {
    const f = connectionIn('LISTEN');
    f.recv({ flags: 'S', seq: REMOTE_SEQ, window: 1000 });
    expect(f.connection.variables.sndWnd).toBe(1000);
  });

  // RFC 9293 §3.10.7.2: "any other incoming control or data (combined with SYN) will be processed
  // in the SYN-RECEIVED state": the text waits there, unacknowledged, for ESTABLISHED.
  test('LISTEN + SYN with data -> SYN_RECEIVED, the SYN-ACK acknowledges the SYN only, the data is queued', () => {
    const f = connectionIn('LISTEN');
    f.recv({ flags: 'S', seq: REMOTE_SEQ, payload: 'early' });
    f.expectSent([SYN_ACK]);
    expect(f.connection.readableBytes).toBe(0);
  });

  test('LISTEN + SYN with data, then the handshake ACK -> ESTABLISHED, the data delivered and acknowledged', () => {
    const f = connectionIn('LISTEN');
    f.recv({ flags: 'S', seq: REMOTE_SEQ, payload: 'early' });
    f.clearSent();
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    expect(f.state).toBe('ESTABLISHED');
    f.expectSent([{ flags: '.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 6, window: 65535 - 5 }]);
    expect(text(f.connection.read())).toBe('early');
  });

  test('LISTEN + SYN from any port -> the connection binds to that port', () => {
    const f = connectionIn('LISTEN', { remotePort: undefined });
    f.connection.receive(f.segment({ flags: 'S', seq: REMOTE_SEQ, srcPort: 3333 }));
    f.expectSent([{ ...SYN_ACK, dstPort: 3333 }]);
    expect(f.connection.variables.remotePort).toBe(3333);
  });

  test('LISTEN + SYN-ACK -> sends <SEQ=SEG.ACK><CTL=RST>, stays LISTEN', () => {
    const f = connectionIn('LISTEN');
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: 777 });
    f.expectSent([{ flags: 'R', seq: 777, window: 0 }]);
    expect(f.state).toBe('LISTEN');
  });

  test('LISTEN + ACK -> sends <SEQ=SEG.ACK><CTL=RST>, stays LISTEN', () => {
    const f = connectionIn('LISTEN');
    f.recv({ flags: '.', seq: REMOTE_SEQ, ack: 4242 });
    f.expectSent([{ flags: 'R', seq: 4242, window: 0 }]);
    expect(f.state).toBe('LISTEN');
  });

  test('LISTEN + FIN-ACK -> sends <SEQ=SEG.ACK><CTL=RST>, stays LISTEN', () => {
    const f = connectionIn('LISTEN');
    f.recv({ flags: 'F.', seq: REMOTE_SEQ, ack: 4242 });
    f.expectSent([{ flags: 'R', seq: 4242, window: 0 }]);
    expect(f.state).toBe('LISTEN');
  });

  test('LISTEN + RST -> ignored', () => {
    const f = connectionIn('LISTEN');
    f.recv({ flags: 'R', seq: REMOTE_SEQ });
    f.recv({ flags: 'R.', seq: REMOTE_SEQ, ack: 1 });
    f.expectSent([]);
    expect(f.state).toBe('LISTEN');
  });

  test('LISTEN + SYN,RST -> ignored (the RST is checked first)', () => {
    const f = connectionIn('LISTEN');
    f.recv({ flags: 'SR', seq: REMOTE_SEQ });
    f.expectSent([]);
    expect(f.state).toBe('LISTEN');
  });

  test('LISTEN + FIN without ACK -> dropped', () => {
    const f = connectionIn('LISTEN');
    f.recv({ flags: 'F', seq: REMOTE_SEQ });
    f.expectSent([]);
    expect(f.state).toBe('LISTEN');
  });

  test('LISTEN + data without ACK -> dropped', () => {
    const f = connectionIn('LISTEN');
    f.recv({ flags: 'P', seq: REMOTE_SEQ, payload: 'x' });
    f.expectSent([]);
    expect(f.state).toBe('LISTEN');
  });
});

describe('LISTEN: user calls (RFC 9293 §3.10)', () => {
  test('LISTEN + listen() -> error: connection already exists', () => {
    const f = connectionIn('LISTEN');
    expect(() => f.connection.listen()).toThrow(new TcpUserError('connection already exists'));
    expect(f.state).toBe('LISTEN');
  });

  test('LISTEN + connect() -> SYN_SENT, sends a SYN', () => {
    const f = connectionIn('LISTEN');
    f.connection.connect();
    expect(f.state).toBe('SYN_SENT');
    f.expectSent([{ flags: 'S', seq: LOCAL_SEQ, options: { mss: LOCAL_MSS } }]);
  });

  test('LISTEN + connect() without a foreign port -> error: foreign socket unspecified', () => {
    const f = connectionIn('LISTEN', { remotePort: undefined });
    expect(() => f.connection.connect()).toThrow(new TcpUserError('foreign socket unspecified'));
    expect(f.state).toBe('LISTEN');
    f.expectSent([]);
  });

  test('LISTEN + send() -> SYN_SENT, sends a SYN and queues the data (RFC 9293 §3.10.2)', () => {
    const f = connectionIn('LISTEN');
    expect(f.connection.send(bytes('hi'))).toBe(2);
    expect(f.state).toBe('SYN_SENT');
    f.expectSent([{ flags: 'S', seq: LOCAL_SEQ, options: { mss: LOCAL_MSS } }]);
    expect(f.connection.unacknowledgedBytes).toBe(2);
  });

  test('LISTEN + send() without a foreign port -> error: foreign socket unspecified', () => {
    const f = connectionIn('LISTEN', { remotePort: undefined });
    expect(() => f.connection.send(bytes('hi'))).toThrow(new TcpUserError('foreign socket unspecified'));
    expect(f.state).toBe('LISTEN');
  });

  test('LISTEN + read() -> nothing yet', () => {
    const f = connectionIn('LISTEN');
    expect(f.connection.read()).toEqual(new Uint8Array(0));
  });

  test('LISTEN + close() -> CLOSED, sends nothing', () => {
    const f = connectionIn('LISTEN');
    f.connection.close();
    expect(f.state).toBe('CLOSED');
    f.expectSent([]);
  });

  test('LISTEN + abort() -> CLOSED, sends nothing', () => {
    const f = connectionIn('LISTEN');
    f.connection.abort();
    expect(f.state).toBe('CLOSED');
    f.expectSent([]);
  });

  test('LISTEN with a fixed foreign port + a segment from another port -> a usage error, not a TCP answer', () => {
    const f = connectionIn('LISTEN');
    expect(() => f.connection.receive(f.segment({ flags: 'S', seq: 1, srcPort: 1 }))).toThrow(
      new TcpUsageError('segment for port 80 from 1 delivered to the connection on 80 with 49152'),
    );
  });

  test('LISTEN for any foreign port + a segment for another local port -> a usage error naming the ports', () => {
    const f = connectionIn('LISTEN', { remotePort: undefined });
    expect(() => f.connection.receive(f.segment({ flags: 'S', seq: 1, dstPort: 81 }))).toThrow(
      new TcpUsageError('segment for port 81 from 49152 delivered to the connection on 80'),
    );
  });
});

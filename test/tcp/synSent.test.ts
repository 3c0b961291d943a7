/**
 * SYN-SENT (RFC 9293 §3.10.7.3): our SYN is out, no answer yet.
 */
import { TcpUserError } from '../../src/tcp/errors';
import { bytes, connectionIn, LOCAL_MSS, LOCAL_SEQ, REMOTE_SEQ, text } from './fixtures';

const ACK = { flags: '.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1 } as const;

describe('SYN_SENT: segments (RFC 9293 §3.10.7.3)', () => {
  test('SYN_SENT + SYN-ACK -> ESTABLISHED, sends ACK', () => {
    const f = connectionIn('SYN_SENT');
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    f.expectSent([ACK]);
    expect(f.state).toBe('ESTABLISHED');
    const v = f.connection.variables;
    expect([v.irs, v.rcvNxt, v.sndUna, v.sndNxt, v.sndWnd]).toEqual([
      REMOTE_SEQ,
      REMOTE_SEQ + 1,
      LOCAL_SEQ + 1,
      LOCAL_SEQ + 1,
      65535,
    ]);
  });

  test('SYN_SENT + SYN-ACK <mss 100> -> ESTABLISHED, the send MSS becomes 100', () => {
    const f = connectionIn('SYN_SENT');
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1, options: { mss: 100 } });
    f.expectSent([ACK]);
    expect(f.connection.variables.sendMss).toBe(100);
  });

  test('SYN_SENT + SYN-ACK <mss 9000> -> the send MSS stays at our own 1460', () => {
    const f = connectionIn('SYN_SENT');
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1, options: { mss: 9000 } });
    expect(f.connection.variables.sendMss).toBe(LOCAL_MSS);
  });

  test('SYN_SENT + SYN-ACK with data -> ESTABLISHED, the data is delivered and acknowledged', () => {
    const f = connectionIn('SYN_SENT');
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1, payload: 'abc' });
    f.expectSent([{ ...ACK, ack: REMOTE_SEQ + 4, window: 65532 }]);
    expect(f.state).toBe('ESTABLISHED');
    expect(new TextDecoder().decode(f.connection.read())).toBe('abc');
  });

  test('SYN_SENT + SYN-ACK with FIN -> CLOSE_WAIT, sends the ACK of SYN and FIN', () => {
    const f = connectionIn('SYN_SENT');
    f.recv({ flags: 'SF.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    f.expectSent([{ ...ACK, ack: REMOTE_SEQ + 2 }]);
    expect(f.state).toBe('CLOSE_WAIT');
  });

  test('SYN_SENT + SYN-ACK with SEG.ACK = ISS -> sends <SEQ=SEG.ACK><CTL=RST>, stays SYN_SENT', () => {
    const f = connectionIn('SYN_SENT');
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ });
    f.expectSent([{ flags: 'R', seq: LOCAL_SEQ, window: 0 }]);
    expect(f.state).toBe('SYN_SENT');
  });

  test('SYN_SENT + SYN-ACK with SEG.ACK > SND.NXT -> sends <SEQ=SEG.ACK><CTL=RST>, stays SYN_SENT', () => {
    const f = connectionIn('SYN_SENT');
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 2 });
    f.expectSent([{ flags: 'R', seq: LOCAL_SEQ + 2, window: 0 }]);
    expect(f.state).toBe('SYN_SENT');
  });

  test('SYN_SENT + ACK with an unacceptable SEG.ACK -> sends RST', () => {
    const f = connectionIn('SYN_SENT');
    f.recv({ flags: '.', seq: REMOTE_SEQ, ack: 99 });
    f.expectSent([{ flags: 'R', seq: 99, window: 0 }]);
    expect(f.state).toBe('SYN_SENT');
  });

  test('SYN_SENT + ACK with an acceptable SEG.ACK and no SYN -> dropped (fifth step)', () => {
    const f = connectionIn('SYN_SENT');
    f.recv({ flags: '.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    f.expectSent([]);
    expect(f.state).toBe('SYN_SENT');
  });

  test('SYN_SENT + RST with an acceptable ACK -> CLOSED, "connection reset", sends nothing', () => {
    const f = connectionIn('SYN_SENT');
    f.recv({ flags: 'R.', seq: 0, ack: LOCAL_SEQ + 1 });
    f.expectSent([]);
    expect(f.state).toBe('CLOSED');
    expect(f.connection.lostReason).toBe('connection reset');
  });

  test('SYN_SENT + RST without ACK -> dropped', () => {
    const f = connectionIn('SYN_SENT');
    f.recv({ flags: 'R', seq: REMOTE_SEQ });
    f.expectSent([]);
    expect(f.state).toBe('SYN_SENT');
  });

  test('SYN_SENT + RST with an unacceptable ACK -> dropped, no RST for a RST', () => {
    const f = connectionIn('SYN_SENT');
    f.recv({ flags: 'R.', seq: 0, ack: LOCAL_SEQ + 5 });
    f.expectSent([]);
    expect(f.state).toBe('SYN_SENT');
  });

  test('SYN_SENT + SYN -> SYN_RECEIVED, sends <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> (simultaneous open)', () => {
    const f = connectionIn('SYN_SENT');
    f.recv({ flags: 'S', seq: REMOTE_SEQ });
    f.expectSent([{ flags: 'S.', seq: LOCAL_SEQ, ack: REMOTE_SEQ + 1, options: { mss: LOCAL_MSS } }]);
    expect(f.state).toBe('SYN_RECEIVED');
    expect(f.connection.variables.passive).toBe(false);
  });

  // RFC 9293 §3.10.7.3 fourth: "If there are other controls or text in the segment, queue them for
  // processing after the ESTABLISHED state has been reached".
  test('SYN_SENT + SYN with data, then its SYN-ACK -> ESTABLISHED, the data delivered and acknowledged (simultaneous open)', () => {
    const f = connectionIn('SYN_SENT');
    f.recv({ flags: 'S', seq: REMOTE_SEQ, payload: 'hi' });
    f.expectSent([{ flags: 'S.', seq: LOCAL_SEQ, ack: REMOTE_SEQ + 1, options: { mss: LOCAL_MSS } }]);
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    expect(f.state).toBe('ESTABLISHED');
    f.expectSent([{ flags: '.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 3, window: 65535 - 2 }]);
    expect(text(f.connection.read())).toBe('hi');
  });

  test('SYN_SENT + FIN without SYN -> dropped', () => {
    const f = connectionIn('SYN_SENT');
    f.recv({ flags: 'F', seq: REMOTE_SEQ });
    f.recv({ flags: 'F.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    f.expectSent([]);
    expect(f.state).toBe('SYN_SENT');
  });

  test('SYN_SENT + data without SYN -> dropped', () => {
    const f = connectionIn('SYN_SENT');
    f.recv({ flags: 'P.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1, payload: 'x' });
    f.expectSent([]);
    expect(f.state).toBe('SYN_SENT');
  });
});

describe('SYN_SENT: user calls (RFC 9293 §3.10)', () => {
  test('SYN_SENT + send() -> queued, sent once the SYN-ACK arrives, carrying the ACK', () => {
    const f = connectionIn('SYN_SENT');
    expect(f.connection.send(bytes('hello'))).toBe(5);
    f.expectSent([]);
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    f.expectSent([{ flags: 'P.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1, payload: 'hello' }]);
    expect(f.state).toBe('ESTABLISHED');
  });

  test('SYN_SENT + close() -> CLOSED, sends nothing', () => {
    const f = connectionIn('SYN_SENT');
    f.connection.close();
    expect(f.state).toBe('CLOSED');
    f.expectSent([]);
  });

  test('SYN_SENT + abort() -> CLOSED, sends nothing (nothing is synchronized)', () => {
    const f = connectionIn('SYN_SENT');
    f.connection.abort();
    expect(f.state).toBe('CLOSED');
    f.expectSent([]);
  });

  test.each(['connect', 'listen'] as const)('SYN_SENT + %s() -> error: connection already exists', (call) => {
    const f = connectionIn('SYN_SENT');
    expect(() => f.connection[call]()).toThrow(new TcpUserError('connection already exists'));
    expect(f.state).toBe('SYN_SENT');
  });

  test('SYN_SENT + read() -> nothing yet', () => {
    const f = connectionIn('SYN_SENT');
    expect(f.connection.read()).toHaveLength(0);
  });
});

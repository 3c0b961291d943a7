/**
 * SYN-RECEIVED (RFC 9293 §3.10.7.4 with its SYN-RECEIVED rules): the
 * half-open handshake of the seed article's state_syn_rcvd.pkt, reached
 * passively (LISTEN + SYN) or by a simultaneous open (SYN-SENT + SYN).
 */
import { TcpUserError } from '../../src/tcp/errors';
import { bytes, connectionIn, Fixture, LOCAL_SEQ, REMOTE_SEQ } from './fixtures';

const ACK = { flags: '.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1 } as const;

describe('SYN_RECEIVED: segments (RFC 9293 §3.10.7.4)', () => {
  test('SYN_RECEIVED + ACK -> ESTABLISHED, sends nothing', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    f.expectSent([]);
    expect(f.state).toBe('ESTABLISHED');
    expect(f.connection.variables.sndUna).toBe(LOCAL_SEQ + 1);
  });

  test('SYN_RECEIVED + ACK with window 300 -> ESTABLISHED, SND.WND = 300', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, window: 300 });
    expect(f.connection.variables.sndWnd).toBe(300);
  });

  test('SYN_RECEIVED + ACK with SEG.ACK = SND.UNA -> sends <SEQ=SEG.ACK><CTL=RST>, stays SYN_RECEIVED', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ });
    f.expectSent([{ flags: 'R', seq: LOCAL_SEQ, window: 0 }]);
    expect(f.state).toBe('SYN_RECEIVED');
  });

  test('SYN_RECEIVED + ACK with SEG.ACK > SND.NXT -> sends <SEQ=SEG.ACK><CTL=RST>, stays SYN_RECEIVED', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 10 });
    f.expectSent([{ flags: 'R', seq: LOCAL_SEQ + 10, window: 0 }]);
    expect(f.state).toBe('SYN_RECEIVED');
  });

  test('SYN_RECEIVED + segment without ACK -> dropped', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.recv({ flags: 'P', seq: REMOTE_SEQ + 1, payload: 'x' });
    f.expectSent([]);
    expect(f.state).toBe('SYN_RECEIVED');
  });

  test('SYN_RECEIVED + ACK with data -> ESTABLISHED, the data is acknowledged', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, payload: 'GET /' });
    f.expectSent([{ ...ACK, ack: REMOTE_SEQ + 6, window: 65530 }]);
    expect(f.state).toBe('ESTABLISHED');
    expect(new TextDecoder().decode(f.connection.read())).toBe('GET /');
  });

  test('SYN_RECEIVED + FIN-ACK -> CLOSE_WAIT, sends the ACK of the FIN', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    f.expectSent([{ ...ACK, ack: REMOTE_SEQ + 2 }]);
    expect(f.state).toBe('CLOSE_WAIT');
  });

  test('SYN_RECEIVED + retransmitted SYN -> not acceptable: sends <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.recv({ flags: 'S', seq: REMOTE_SEQ });
    f.expectSent([ACK]);
    expect(f.state).toBe('SYN_RECEIVED');
  });

  test('passive SYN_RECEIVED + SYN in the window -> LISTEN (fourth step), sends nothing', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.recv({ flags: 'S', seq: REMOTE_SEQ + 100 });
    f.expectSent([]);
    expect(f.state).toBe('LISTEN');
  });

  test('active SYN_RECEIVED + SYN in the window -> challenge ACK (RFC 5961 §4.2)', () => {
    const f = connectionIn('SYN_RECEIVED', { open: 'active' });
    f.recv({ flags: 'S', seq: REMOTE_SEQ + 100 });
    f.expectSent([ACK]);
    expect(f.state).toBe('SYN_RECEIVED');
  });

  test('SYN_RECEIVED + data out of the window -> sends ACK, drops it', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 100_000, ack: LOCAL_SEQ + 1, payload: 'x' });
    f.expectSent([ACK]);
    expect(f.state).toBe('SYN_RECEIVED');
  });

  test('passive SYN_RECEIVED + RST (SEG.SEQ = RCV.NXT) -> LISTEN, sends nothing', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.recv({ flags: 'R', seq: REMOTE_SEQ + 1 });
    f.expectSent([]);
    expect(f.state).toBe('LISTEN');
    expect(f.connection.lostReason).toBeNull();
  });

  test('active SYN_RECEIVED + RST (SEG.SEQ = RCV.NXT) -> CLOSED, "connection refused"', () => {
    const f = connectionIn('SYN_RECEIVED', { open: 'active' });
    f.recv({ flags: 'R', seq: REMOTE_SEQ + 1 });
    f.expectSent([]);
    expect(f.state).toBe('CLOSED');
    expect(f.connection.lostReason).toBe('connection refused');
  });

  test('SYN_RECEIVED + RST in the window but not at RCV.NXT -> challenge ACK (RFC 5961 §3.2)', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.recv({ flags: 'R', seq: REMOTE_SEQ + 2 });
    f.expectSent([ACK]);
    expect(f.state).toBe('SYN_RECEIVED');
  });

  test('SYN_RECEIVED + RST out of the window -> dropped silently', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.recv({ flags: 'R', seq: REMOTE_SEQ - 1 });
    f.expectSent([]);
    expect(f.state).toBe('SYN_RECEIVED');
  });

  test('SYN_RECEIVED (simultaneous open) + SYN-ACK -> ESTABLISHED, sends nothing (RFC 9293 Figure 8)', () => {
    const f = connectionIn('SYN_RECEIVED', { open: 'active' });
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    f.expectSent([]);
    expect(f.state).toBe('ESTABLISHED');
  });

  test('SYN_RECEIVED (passive open) + SYN-ACK at SEG.SEQ = IRS -> not acceptable: sends <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, stays', () => {
    // RFC 9293 §3.10.7.4 (first): RCV.NXT = IRS+1, so neither end of the segment is in the window.
    const f = connectionIn('SYN_RECEIVED');
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    f.expectSent([{ flags: '.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1 }]);
    expect(f.state).toBe('SYN_RECEIVED');
  });

  test('SYN_RECEIVED (simultaneous open) + ACK -> ESTABLISHED', () => {
    const f = connectionIn('SYN_RECEIVED', { open: 'active' });
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    f.expectSent([]);
    expect(f.state).toBe('ESTABLISHED');
  });
});

describe('SYN_RECEIVED: user calls (RFC 9293 §3.10)', () => {
  test('SYN_RECEIVED + close() -> FIN_WAIT_1, sends FIN at once (nothing queued, RFC 9293 §3.10.4)', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.connection.close();
    f.expectSent([{ flags: 'F.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1 }]);
    expect(f.state).toBe('FIN_WAIT_1');
  });

  test('SYN_RECEIVED + close() and then the ACK of SYN and FIN -> FIN_WAIT_2', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.connection.close();
    f.clearSent();
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 2 });
    f.expectSent([]);
    expect(f.state).toBe('FIN_WAIT_2');
  });

  test('SYN_RECEIVED + send() -> queued; the ACK of the SYN releases it', () => {
    const f = connectionIn('SYN_RECEIVED');
    expect(f.connection.send(bytes('hello'))).toBe(5);
    f.expectSent([]);
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    f.expectSent([{ flags: 'P.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1, payload: 'hello' }]);
    expect(f.state).toBe('ESTABLISHED');
  });

  test('SYN_RECEIVED + send() + close() -> the CLOSE is queued; the ACK sends data then FIN: FIN_WAIT_1', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.connection.send(bytes('bye'));
    f.connection.close();
    f.expectSent([]);
    expect(f.state).toBe('SYN_RECEIVED');
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    f.expectSent([
      { flags: 'P.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1, payload: 'bye' },
      { flags: 'F.', seq: LOCAL_SEQ + 4, ack: REMOTE_SEQ + 1 },
    ]);
    expect(f.state).toBe('FIN_WAIT_1');
  });

  test('SYN_RECEIVED + send() + close() + FIN-ACK -> data, FIN: LAST_ACK', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.connection.send(bytes('bye'));
    f.connection.close();
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    f.expectSent([
      { flags: 'P.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 2, payload: 'bye' },
      { flags: 'F.', seq: LOCAL_SEQ + 4, ack: REMOTE_SEQ + 2 },
    ]);
    expect(f.state).toBe('LAST_ACK');
  });

  test('SYN_RECEIVED + send() + close() + close() -> error: connection closing', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.connection.send(bytes('x'));
    f.connection.close();
    expect(() => f.connection.close()).toThrow(new TcpUserError('connection closing'));
    expect(() => f.connection.send(bytes('y'))).toThrow(new TcpUserError('connection closing'));
  });

  test('SYN_RECEIVED + abort() -> CLOSED, sends <SEQ=SND.NXT><CTL=RST>', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.connection.abort();
    f.expectSent([{ flags: 'R', seq: LOCAL_SEQ + 1, window: 0 }]);
    expect(f.state).toBe('CLOSED');
  });

  test.each(['connect', 'listen'] as const)('SYN_RECEIVED + %s() -> error: connection already exists', (call) => {
    const f = connectionIn('SYN_RECEIVED');
    expect(() => f.connection[call]()).toThrow(new TcpUserError('connection already exists'));
  });
});

describe('SYN_RECEIVED after a SYN offering a zero window: the ACKs we owe keep SEQ = SND.NXT', () => {
  // sendAck moves SEQ back to SND.UNA+SND.WND only once synchronized (Linux's tcp_acceptable_seq); before the
  // peer has acknowledged our SYN, SND.NXT = ISS+1 lies past that edge, and an ACK with SEQ = ISS would repeat
  // the SYN's sequence number without its SYN.
  test('passive, SYN with window 0 + a segment beyond the window -> ACK <SEQ=ISS+1><ACK=RCV.NXT>', () => {
    const f = new Fixture({ open: 'passive' });
    f.connection.listen();
    f.recv({ ...f.peerSyn('S'), window: 0 });
    f.clearSent();
    f.recv({ flags: '.', seq: f.remote(100_000), ack: f.local(1) });
    f.expectSent([{ flags: '.', seq: f.local(1), ack: f.remote(1) }]);
    expect(f.state).toBe('SYN_RECEIVED');
  });
});

/**
 * The receive side's text and FIN handling in TcpConnection (receiveSide.ts:
 * `receiveText`, `receiveFin`, `receiveSynText`, `windowUpdateOwed`), at the
 * edges the scenario tests leave out: a FIN on a segment that repeats text
 * already received, text held out of order that runs past the window, a FIN
 * after the peer's FIN, the ACK of text queued from a SYN and of text that
 * fills the gap before a held FIN, and window updates after a read once the
 * peer has closed (RFC 9293 §3.10.7.4 seventh and eighth steps, RFC 5681
 * §4.2, RFC 9293 §3.8.6.2.2).
 */
import type { TcpState } from '../../machines/tcp.machine';
import type { SegmentSpec } from '../../src/wire/segment';
import { connectionIn, Fixture, type Open, pattern, text } from './fixtures';

const ACK_DELAY = 40;

describe('seventh and eighth steps: a FIN on a segment that repeats received text', () => {
  // RFC 9293 §3.10.7.4: "If a segment's contents straddle the boundary between old and new, only the new parts are
  // processed"; the FIN after the repeated text is new, so the eighth step takes it.
  test.each([
    ['repeats all of it', 'abc'],
    ['repeats part of it, then new text', 'abcdef'],
  ])('ESTABLISHED with "abc" received + text and FIN from RCV.NXT-3 that %s -> CLOSE_WAIT', (_name, payload) => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'P.', seq: f.remote(1), ack: f.local(1), payload: 'abc' });
    f.clearSent();
    f.recv({ flags: 'FP.', seq: f.remote(1), ack: f.local(1), payload });
    f.expectSent([{ flags: '.', seq: f.local(1), ack: f.remote(payload.length + 2), window: 65535 - payload.length }]);
    expect(f.state).toBe('CLOSE_WAIT');
    expect(text(f.connection.read())).toBe(payload);
  });
});

describe('first step: text that straddles RCV.NXT is the idealized segment that begins at RCV.NXT', () => {
  // RFC 9293 §3.10.7.4: "only the new parts are processed", on "the idealized segment that begins at RCV.NXT".
  test('ESTABLISHED, window 3 full of unread "abc" + "cde" from RCV.NXT-1 acknowledging our data -> SND.UNA advances, the new text is not taken: ACK, window 0', () => {
    const f = connectionIn('ESTABLISHED', { window: 3 });
    f.recv({ flags: 'P.', seq: f.remote(1), ack: f.local(1), payload: 'abc' });
    f.connection.send(new TextEncoder().encode('xy'));
    f.expectSent([
      { flags: '.', seq: f.local(1), ack: f.remote(4), window: 0 },
      { flags: 'P.', seq: f.local(1), ack: f.remote(4), window: 0, payload: 'xy' },
    ]);
    // The zero window takes a segment that covers RCV.NXT: its ACK is valid, only its text is trimmed away.
    f.recv({ flags: 'P.', seq: f.remote(3), ack: f.local(3), payload: 'cde' });
    f.expectSent([{ flags: '.', seq: f.local(3), ack: f.remote(4), window: 0 }]);
    expect(f.connection.variables.sndUna).toBe(f.local(3));
    expect(text(f.connection.read())).toBe('abc');
  });

  test('ESTABLISHED, the peer shut its window after "abc", data queued + "cde" from RCV.NXT-1 with the window open -> the window is taken (SEG.SEQ counts from RCV.NXT, not below SND.WL1): the data leaves', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'P.', seq: f.remote(1), ack: f.local(1), payload: 'abc' });
    f.recv({ flags: '.', seq: f.remote(4), ack: f.local(1), window: 0 });
    f.connection.send(new TextEncoder().encode('xy'));
    f.clearSent();
    f.recv({ flags: 'P.', seq: f.remote(3), ack: f.local(1), payload: 'cde' });
    f.expectSent([{ flags: 'P.', seq: f.local(1), ack: f.remote(6), window: 65535 - 5, payload: 'xy' }]);
    expect(text(f.connection.read())).toBe('abcde');
  });
});

describe('seventh step: text held out of order is trimmed to the window', () => {
  // RFC 9293 §3.10.7.4: a segment is "trimmed to fit the window"; for one ahead of RCV.NXT what fits is the window
  // less its offset from RCV.NXT.
  test('ESTABLISHED, window 10 + 10 bytes at RCV.NXT+4, then 4 at RCV.NXT -> only up to the right edge delivered', () => {
    const f = connectionIn('ESTABLISHED', { window: 10 });
    f.recv({ flags: 'P.', seq: f.remote(5), ack: f.local(1), payload: 'efghijklmn' });
    f.expectSent([{ flags: '.', seq: f.local(1), ack: f.remote(1) }]);
    f.recv({ flags: 'P.', seq: f.remote(1), ack: f.local(1), payload: 'abcd' });
    f.expectSent([{ flags: '.', seq: f.local(1), ack: f.remote(11), window: 0 }]);
    expect(text(f.connection.read())).toBe('abcdefghij');
  });
});

describe('eighth step: a FIN after the peer has closed', () => {
  // RFC 9293 §3.10.7.4: in CLOSE-WAIT the seventh step ignores the text and the eighth "remain[s] in the CLOSE-WAIT
  // state": a second FIN takes no sequence number and is not acknowledged.
  test.each([
    ['a bare FIN', 'F.', ''],
    ['text and FIN', 'FP.', 'xyz'],
  ])('CLOSE_WAIT + %s at RCV.NXT -> ignored: nothing sent, RCV.NXT unchanged', (_name, flags, payload) => {
    const f = connectionIn('CLOSE_WAIT');
    f.recv({ flags, seq: f.remote(2), ack: f.local(1), payload });
    f.expectSent([]);
    expect(f.state).toBe('CLOSE_WAIT');
    f.connection.close();
    f.expectSent([{ flags: 'F.', seq: f.local(1), ack: f.remote(2) }]);
  });
});

describe('the ACK of text queued from a SYN is not delayed', () => {
  // RFC 9293 §3.10.7.2, §3.10.7.3: text on a SYN is queued until ESTABLISHED; it is acknowledged as soon as it is
  // delivered there, whatever ackDelay says (segmentArrives.ts: "text on the ACK that completes the handshake is
  // acknowledged at once").
  test.each<[string, string, Open, (f: Fixture) => SegmentSpec]>([
    [
      'passive',
      'the ACK that completes the handshake',
      'passive',
      (f) => ({ flags: '.', seq: f.remote(6), ack: f.local(1) }),
    ],
    ['simultaneous', "the peer's SYN-ACK", 'active', (f) => f.peerSyn('S.')],
  ])(
    '%s open, ackDelay 40: SYN with text, then %s -> ESTABLISHED, the text acknowledged at once',
    (_name, _last, open, last) => {
      const f = new Fixture({ ackDelay: ACK_DELAY, open });
      if (open === 'passive') f.connection.listen();
      else f.connection.connect();
      f.recv({ ...f.peerSyn('S'), payload: 'hello' });
      f.clearSent();
      f.recv(last(f));
      expect(f.state).toBe('ESTABLISHED');
      f.expectSent([{ flags: '.', seq: f.local(1), ack: f.remote(6), window: 65535 - 5 }]);
      expect(text(f.connection.read())).toBe('hello');
    },
  );
});

describe('RFC 5681 §4.2: text that fills part of the gap before a held FIN', () => {
  test('ESTABLISHED, ackDelay 40, FIN held at RCV.NXT+3 + 2 bytes at RCV.NXT -> ACK at once, still ESTABLISHED', () => {
    const f = connectionIn('ESTABLISHED', { ackDelay: ACK_DELAY });
    f.recv({ flags: 'F.', seq: f.remote(4), ack: f.local(1) });
    f.expectSent([{ flags: '.', seq: f.local(1), ack: f.remote(1) }]);
    f.recv({ flags: 'P.', seq: f.remote(1), ack: f.local(1), payload: 'ab' });
    f.expectSent([{ flags: '.', seq: f.local(1), ack: f.remote(3), window: 65535 - 2 }]);
    expect(f.state).toBe('ESTABLISHED');
  });

  test('ESTABLISHED, ackDelay 40, FIN held at RCV.NXT+3 + 6 bytes at RCV.NXT -> the FIN is forgotten, later text waits for the delayed ACK', () => {
    // Text past the peer's own FIN: the held FIN is stale (Linux's tcp_ofo_queue drops it the same way), and no longer
    // a gap that later in-order text fills.
    const f = connectionIn('ESTABLISHED', { ackDelay: ACK_DELAY });
    f.recv({ flags: 'F.', seq: f.remote(4), ack: f.local(1) });
    f.recv({ flags: 'P.', seq: f.remote(1), ack: f.local(1), payload: 'abcdef' });
    expect(f.state).toBe('ESTABLISHED');
    f.clearSent();
    f.recv({ flags: 'P.', seq: f.remote(7), ack: f.local(1), payload: 'gh' });
    f.expectSent([]);
    f.clock.advance(ACK_DELAY);
    f.expectSent([{ flags: '.', seq: f.local(1), ack: f.remote(9), window: 65535 - 8 }]);
    expect(text(f.connection.read())).toBe('abcdefgh');
  });
});

describe('RFC 9293 §3.8.6.2.2: a window update after a read', () => {
  const MSS = 1460;
  // A read that frees an MSS opens the window by the threshold (min(window / 2, MSS)). The peer hears of it while it
  // may still send; once its FIN has arrived it sends no more text, and no update goes.
  test.each<[TcpState, string, TcpState, boolean]>([
    ['ESTABLISHED', 'P.', 'ESTABLISHED', true],
    ['FIN_WAIT_1', 'P.', 'FIN_WAIT_1', true],
    ['FIN_WAIT_2', 'P.', 'FIN_WAIT_2', true],
    ['ESTABLISHED', 'FP.', 'CLOSE_WAIT', false],
    ['FIN_WAIT_1', 'FP.', 'CLOSING', false],
    ['FIN_WAIT_2', 'FP.', 'TIME_WAIT', false],
  ])('%s + an MSS of text, flags %s -> %s; reading it sends a window update: %s', (from, flags, to, update) => {
    const f = connectionIn(from);
    const { rcvNxt, sndUna } = f.connection.variables;
    f.recv({ flags, seq: rcvNxt, ack: sndUna, payload: pattern(MSS) });
    expect(f.state).toBe(to);
    f.clearSent();
    expect(f.connection.read()).toEqual(pattern(MSS));
    const { sndNxt, rcvNxt: acked } = f.connection.variables;
    f.expectSent(update ? [{ flags: '.', seq: sndNxt, ack: acked }] : []);
  });
});

/**
 * Data transfer in ESTABLISHED: segmentation by the peer's MSS and window
 * (RFC 9293 §3.7.1, §3.8.6), the send buffer, out-of-order data (§3.10.7.4
 * seventh step), zero windows and the persist timer (§3.8.6.1), window
 * updates after a read (§3.8.6.2.2), fast retransmit (RFC 5681 §3.2) and
 * NewReno partial ACKs (RFC 6582), and sequence numbers that wrap at 2^32.
 */
import { VirtualClock } from '../../src/net/clock';
import { SimulatedNetwork } from '../../src/net/network';
import { TcpConnection, type TcpConnectionOptions } from '../../src/tcp/connection';
import type { Segment } from '../../src/wire/segment';
import { bytes, connectionIn, LOCAL_SEQ, pattern, REMOTE_SEQ, text } from './fixtures';

const L = (n: number) => LOCAL_SEQ + n;
const R = (n: number) => REMOTE_SEQ + n;

/**
 * Two connections with `options`, connected over a network with 1 ms of
 * delay: `a` (ISS 100) opened actively, `b` (ISS 900) passively. `lose`
 * picks segments that never reach the network.
 */
function connectedPair(options: Partial<TcpConnectionOptions>, lose: (segment: Segment) => boolean = () => false) {
  const clock = new VirtualClock();
  const network = new SimulatedNetwork({ clock, seed: 1, delayMs: 1 });
  const output = (from: string, to: string) => {
    const send = network.output(from, to);
    return (segment: Segment) => {
      if (!lose(segment)) send(segment);
    };
  };
  const a = new TcpConnection({
    clock,
    localPort: 1,
    remotePort: 2,
    iss: 100,
    ...options,
    output: output('10.0.0.1', '10.0.0.2'),
  });
  const b = new TcpConnection({ clock, localPort: 2, iss: 900, ...options, output: output('10.0.0.2', '10.0.0.1') });
  network.attach({ address: '10.0.0.1', receive: (s) => a.receive(s) });
  network.attach({ address: '10.0.0.2', receive: (s) => b.receive(s) });
  b.listen();
  a.connect();
  clock.advance(10);
  return { clock, network, a, b };
}

describe('sending: MSS, window, buffer', () => {
  test('peer MSS 100 + send(250) -> segments of 100, 100, 50; PSH on the last', () => {
    const f = connectionIn('ESTABLISHED', { peerMss: 100 });
    const data = pattern(250);
    expect(f.connection.send(data)).toBe(250);
    f.expectSent([
      { flags: '.', seq: L(1), ack: R(1), payload: text(data.subarray(0, 100)) },
      { flags: '.', seq: L(101), ack: R(1), payload: text(data.subarray(100, 200)) },
      { flags: 'P.', seq: L(201), ack: R(1), payload: text(data.subarray(200)) },
    ]);
  });

  test('no MSS option from the peer -> segments of 536 (RFC 9293 §3.7.1)', () => {
    const f = connectionIn('ESTABLISHED');
    f.connection.send(pattern(600));
    expect(f.sent.map((s) => s.payload.length)).toEqual([536, 64]);
  });

  test('our own mss option bounds what we send and is what we advertise', () => {
    const f = connectionIn('SYN_SENT', { mss: 200 });
    f.connection.abort();
    f.connection.connect();
    f.expectSent([{ flags: 'S', seq: L(0), options: { mss: 200 } }]);
    f.recv({ flags: 'S.', seq: R(0), ack: L(1), options: { mss: 1460 } });
    f.clearSent();
    f.connection.send(pattern(300));
    expect(f.sent.map((s) => s.payload.length)).toEqual([200, 100]);
  });

  test('peer window 150 + send(400) -> only 150 bytes leave; an ACK opening the window releases more', () => {
    const f = connectionIn('ESTABLISHED', { peerMss: 100, peerWindow: 150 });
    const data = pattern(400);
    f.connection.send(data);
    f.expectSent([
      { flags: '.', seq: L(1), ack: R(1), payload: text(data.subarray(0, 100)) },
      { flags: '.', seq: L(101), ack: R(1), payload: text(data.subarray(100, 150)) },
    ]);
    f.recv({ flags: '.', seq: R(1), ack: L(151), window: 150 });
    f.expectSent([
      { flags: '.', seq: L(151), ack: R(1), payload: text(data.subarray(150, 250)) },
      { flags: '.', seq: L(251), ack: R(1), payload: text(data.subarray(250, 300)) },
    ]);
  });

  test('a full send buffer -> send() returns a short count', () => {
    const f = connectionIn('ESTABLISHED', { sendBufferSize: 10 });
    expect(f.connection.send(pattern(25))).toBe(10);
    expect(f.connection.send(pattern(5))).toBe(0);
    f.recv({ flags: '.', seq: R(1), ack: L(5) });
    expect(f.connection.send(pattern(25))).toBe(4);
    expect(f.connection.unacknowledgedBytes).toBe(10);
  });

  test('send() copies the caller bytes', () => {
    const f = connectionIn('ESTABLISHED', { peerWindow: 0 });
    const data = bytes('abc');
    f.connection.send(data);
    data[0] = 120;
    f.clock.advance(1000); // persist probe
    expect(text(f.sent[0]!.payload)).toBe('a');
  });

  test('the FIN waits for queued data and never rides on a data segment', () => {
    const f = connectionIn('ESTABLISHED', { peerMss: 100, peerWindow: 100 });
    const data = pattern(150);
    f.connection.send(data);
    f.connection.close();
    f.expectSent([{ flags: '.', seq: L(1), ack: R(1), payload: text(data.subarray(0, 100)) }]);
    f.recv({ flags: '.', seq: R(1), ack: L(101), window: 100 });
    f.expectSent([
      { flags: 'P.', seq: L(101), ack: R(1), payload: text(data.subarray(100)) },
      { flags: 'F.', seq: L(151), ack: R(1) },
    ]);
  });
});

describe('receiving: out-of-order data (RFC 9293 §3.10.7.4 seventh step)', () => {
  test('segments arriving 3, 2, 1 -> held, then delivered in order when the gap fills', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: '.', seq: R(7), ack: L(1), payload: 'ghi' });
    f.recv({ flags: '.', seq: R(4), ack: L(1), payload: 'def' });
    f.expectSent([
      { flags: '.', seq: L(1), ack: R(1) },
      { flags: '.', seq: L(1), ack: R(1) },
    ]);
    expect(f.connection.readableBytes).toBe(0);
    f.recv({ flags: '.', seq: R(1), ack: L(1), payload: 'abc' });
    f.expectSent([{ flags: '.', seq: L(1), ack: R(10), window: 65535 - 9 }]);
    expect(text(f.connection.read())).toBe('abcdefghi');
  });

  test('overlapping out-of-order segments -> each byte delivered once', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: '.', seq: R(3), ack: L(1), payload: 'cdef' });
    f.recv({ flags: '.', seq: R(5), ack: L(1), payload: 'efgh' });
    f.recv({ flags: '.', seq: R(1), ack: L(1), payload: 'abcd' });
    expect(text(f.connection.read())).toBe('abcdefgh');
    expect(f.connection.variables.rcvNxt).toBe(R(9));
    expect(f.connection.variables.reassembly).toEqual({ held: [], finSeq: null });
  });

  test('a held FIN after held data -> CLOSE_WAIT once everything before it arrives', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'F.', seq: R(3), ack: L(1), payload: 'cd' });
    expect(f.state).toBe('ESTABLISHED');
    f.recv({ flags: '.', seq: R(1), ack: L(1), payload: 'ab' });
    f.expectSent([
      { flags: '.', seq: L(1), ack: R(1) },
      { flags: '.', seq: L(1), ack: R(6), window: 65531 },
    ]);
    expect(f.state).toBe('CLOSE_WAIT');
    expect(text(f.connection.read())).toBe('abcd');
  });
});

describe('receive window (RFC 9293 §3.8.6.2)', () => {
  test('the window offered is the buffer less the unread bytes', () => {
    const f = connectionIn('ESTABLISHED', { window: 1000 });
    f.recv({ flags: '.', seq: R(1), ack: L(1), payload: pattern(600) });
    f.expectSent([{ flags: '.', seq: L(1), ack: R(601), window: 400 }]);
  });

  test('read() freeing less than min(buffer/2, MSS) -> no window update', () => {
    const f = connectionIn('ESTABLISHED', { window: 1000 });
    f.recv({ flags: '.', seq: R(1), ack: L(1), payload: pattern(600) });
    f.clearSent();
    f.connection.read(100);
    f.expectSent([]);
  });

  test('read() freeing at least min(buffer/2, MSS) -> sends a window update (RFC 9293 §3.8.6.2.2)', () => {
    const f = connectionIn('ESTABLISHED', { window: 1000 });
    f.recv({ flags: '.', seq: R(1), ack: L(1), payload: pattern(600) });
    f.clearSent();
    f.connection.read(100);
    f.connection.read();
    f.expectSent([{ flags: '.', seq: L(1), ack: R(601), window: 1000 }]);
  });

  test('a full receive window -> data at RCV.NXT is not acceptable: ACK with window 0', () => {
    const f = connectionIn('ESTABLISHED', { window: 4 });
    f.recv({ flags: '.', seq: R(1), ack: L(1), payload: 'abcd' });
    f.expectSent([{ flags: '.', seq: L(1), ack: R(5), window: 0 }]);
    f.recv({ flags: '.', seq: R(5), ack: L(1), payload: 'e' });
    f.expectSent([{ flags: '.', seq: L(1), ack: R(5), window: 0 }]);
    expect(f.connection.readableBytes).toBe(4);
  });

  test('a zero window + an empty ACK at RCV.NXT -> acceptable (window update from the peer)', () => {
    const f = connectionIn('ESTABLISHED', { window: 4 });
    f.recv({ flags: '.', seq: R(1), ack: L(1), payload: 'abcd' });
    f.clearSent();
    f.recv({ flags: '.', seq: R(5), ack: L(1), window: 777 });
    f.expectSent([]);
    expect(f.connection.variables.sndWnd).toBe(777);
  });

  test('a zero window reopened by read() -> window update', () => {
    const f = connectionIn('ESTABLISHED', { window: 4 });
    f.recv({ flags: '.', seq: R(1), ack: L(1), payload: 'abcd' });
    f.clearSent();
    f.connection.read();
    f.expectSent([{ flags: '.', seq: L(1), ack: R(5), window: 4 }]);
  });
});

describe('zero window and the persist timer (RFC 9293 §3.8.6.1)', () => {
  test('peer window 0 + send() -> nothing leaves until the persist timer; probes back off 1 s, 2 s, 4 s', () => {
    const f = connectionIn('ESTABLISHED', { peerWindow: 0 });
    f.connection.send(bytes('hello'));
    f.expectSent([]);
    f.clock.advanceTo(7000);
    const probe = { flags: '.', seq: L(1), ack: R(1), payload: 'h' } as const;
    f.expectSentAt([
      [1000, probe],
      [3000, probe],
      [7000, probe],
    ]);
    expect(f.state).toBe('ESTABLISHED');
  });

  test('the persist timer has no retry limit while the window stays closed', () => {
    const f = connectionIn('ESTABLISHED', { peerWindow: 0, maxRetries: 2 });
    f.connection.send(bytes('hello'));
    for (let i = 0; i < 10; i++) {
      f.nextTimer();
      f.recv({ flags: '.', seq: R(1), ack: L(1), window: 0 });
    }
    expect(f.state).toBe('ESTABLISHED');
    expect(f.sent.length).toBeGreaterThanOrEqual(5);
    expect(f.sent.every((s) => s.seq === L(1) && text(s.payload) === 'h')).toBe(true);
  });

  test('the window opens (probe byte acknowledged) -> the rest is sent, the persist timer stops', () => {
    const f = connectionIn('ESTABLISHED', { peerWindow: 0 });
    f.connection.send(bytes('hello'));
    f.clock.advanceTo(1000);
    f.clearSent();
    f.recv({ flags: '.', seq: R(1), ack: L(2), window: 1000 });
    f.expectSent([{ flags: 'P.', seq: L(2), ack: R(1), payload: 'ello' }]);
    expect(f.connection.variables.persistDeadline).toBeNull();
  });

  test('the window opens without taking the probe byte -> everything is sent from SND.UNA', () => {
    const f = connectionIn('ESTABLISHED', { peerWindow: 0 });
    f.connection.send(bytes('hello'));
    f.clock.advanceTo(1000);
    f.clearSent();
    f.recv({ flags: '.', seq: R(1), ack: L(1), window: 1000 });
    f.expectSent([{ flags: 'P.', seq: L(2), ack: R(1), payload: 'ello' }]);
    expect(f.connection.variables.persistDeadline).toBeNull();
    expect(f.connection.variables.retransmitDeadline).not.toBeNull();
    f.clock.advanceTo(1000 + 1000);
    f.expectSent([{ flags: 'P.', seq: L(1), ack: R(1), payload: 'hello' }]);
  });

  test('the window closes as everything is acknowledged -> new data waits for the persist timer', () => {
    const f = connectionIn('ESTABLISHED');
    f.connection.send(bytes('ab'));
    f.clearSent();
    f.recv({ flags: '.', seq: R(1), ack: L(3), window: 0 });
    f.connection.send(bytes('cd'));
    f.expectSent([]);
    expect(f.connection.variables.persistDeadline).toBe(1000);
    expect(f.connection.variables.retransmitDeadline).toBeNull();
  });

  test('CLOSE after the probe byte is taken with the window still 0 -> the FIN is the probe, resent until acknowledged', () => {
    // The FIN leaves at once, into the zero window, while the persist timer runs and holds the retransmission timer
    // off; the persist timer must resend it (§3.8.1: resend until acknowledged), or FIN-WAIT-1 waits forever.
    const f = connectionIn('ESTABLISHED', { peerWindow: 0 });
    f.connection.send(bytes('a'));
    f.clock.advanceTo(1000);
    f.recv({ flags: '.', seq: R(1), ack: L(2), window: 0 });
    f.clearSent();
    f.connection.close();
    const fin = { flags: 'F.', seq: L(2), ack: R(1) } as const;
    f.expectSent([fin]);
    expect(f.state).toBe('FIN_WAIT_1');
    f.clock.advanceTo(7000);
    f.expectSentAt([
      [3000, fin],
      [7000, fin],
    ]);
    f.recv({ flags: '.', seq: R(1), ack: L(3), window: 0 });
    expect(f.state).toBe('FIN_WAIT_2');
    f.clearSent();
    f.clock.advanceTo(15000); // the persist timer's last round finds nothing to probe
    f.expectSent([]);
    expect(f.connection.variables).toMatchObject({ persistDeadline: null, retransmitDeadline: null });
  });

  test('the window closes with data in flight -> the retransmission timer, not the persist timer, runs', () => {
    const f = connectionIn('ESTABLISHED', { peerMss: 2 });
    f.connection.send(bytes('abcd'));
    f.clearSent();
    f.recv({ flags: '.', seq: R(1), ack: L(3), window: 0 });
    expect(f.connection.variables.persistDeadline).toBeNull();
    f.clock.advanceTo(1000);
    f.expectSent([{ flags: 'P.', seq: L(3), ack: R(1), payload: 'cd' }]);
  });
});

describe('zero windows on both sides: no ACK war', () => {
  test('a probe byte outstanding + data from the peer -> the ACK carries SEQ=SND.UNA+SND.WND, not SND.NXT', () => {
    const f = connectionIn('ESTABLISHED', { peerWindow: 0 });
    f.connection.send(bytes('hello'));
    f.clock.advanceTo(1000);
    f.expectSent([{ flags: '.', seq: L(1), ack: R(1), payload: 'h' }]);
    expect(f.connection.variables.sndNxt).toBe(L(2));
    f.recv({ flags: '.', seq: R(1), ack: L(1), window: 0, payload: 'x' });
    f.expectSent([{ flags: '.', seq: L(1), ack: R(2), window: 65534 }]);
  });

  test('two peers that both stop reading exchange window probes, not an endless stream of ACKs', () => {
    const { clock, network, a, b } = connectedPair({ window: 10 });
    a.send(pattern(100));
    b.send(pattern(100));
    clock.advance(10_000);
    // Handshake 3, data 2, ACKs 2, then per persist round (1, 3, 7 s) 2 probes and 2 ACKs.
    expect(network.stats.sent).toBeLessThan(30);
    expect([a.state, b.state]).toEqual(['ESTABLISHED', 'ESTABLISHED']);
  });
});

// RFC 9293 §3.10.7.4's table refuses an empty segment at RCV.NXT+RCV.WND. Each side's
// duplicate ACK (SEQ=SND.NXT) lies at the other's right edge, and so would each answer to it:
// refused, the two would trade ACKs until the retransmission (1,802 segments in 900 ms).
describe('full windows on both sides, the first segment lost each way: no ACK war', () => {
  test("the duplicate ACKs at each other's right edge are taken for their valid ACK, not answered", () => {
    const lostFrom = new Set<number>();
    const loseFirstData = (s: Segment) => {
      if (s.payload.length === 0 || lostFrom.has(s.srcPort)) return false;
      lostFrom.add(s.srcPort);
      return true;
    };
    const { clock, network, a, b } = connectedPair({ window: 10, mss: 5 }, loseFirstData);
    const before = network.stats.sent;
    a.send(pattern(10));
    b.send(pattern(10));
    clock.advance(900); // the retransmission timeout is 1 s
    // The second data segments 2, their duplicate ACKs 2.
    expect(network.stats.sent - before).toBe(4);
    clock.advance(2000);
    expect([text(a.read()), text(b.read())]).toEqual([text(pattern(10)), text(pattern(10))]);
  });
});

describe('fast retransmit (RFC 5681 §3.2) and partial ACKs (RFC 6582)', () => {
  function inFlight() {
    const f = connectionIn('ESTABLISHED', { peerMss: 100 });
    const data = pattern(500);
    f.connection.send(data);
    f.recv({ flags: '.', seq: R(1), ack: L(101) });
    f.clearSent();
    return { f, data };
  }

  test('ESTABLISHED + 2 duplicate ACKs -> nothing', () => {
    const { f } = inFlight();
    f.recv({ flags: '.', seq: R(1), ack: L(101) });
    f.recv({ flags: '.', seq: R(1), ack: L(101) });
    f.expectSent([]);
  });

  test('ESTABLISHED + 3 duplicate ACKs -> the earliest unacknowledged segment is resent at once', () => {
    const { f, data } = inFlight();
    for (let i = 0; i < 3; i++) f.recv({ flags: '.', seq: R(1), ack: L(101) });
    f.expectSent([{ flags: '.', seq: L(101), ack: R(1), payload: text(data.subarray(100, 200)) }]);
    f.recv({ flags: '.', seq: R(1), ack: L(101) });
    f.expectSent([]);
  });

  test('a partial ACK during recovery -> the next hole is resent at once; the full ACK ends recovery', () => {
    const { f, data } = inFlight();
    for (let i = 0; i < 3; i++) f.recv({ flags: '.', seq: R(1), ack: L(101) });
    f.clearSent();
    f.recv({ flags: '.', seq: R(1), ack: L(301) });
    f.expectSent([{ flags: '.', seq: L(301), ack: R(1), payload: text(data.subarray(300, 400)) }]);
    f.recv({ flags: '.', seq: R(1), ack: L(501) });
    f.expectSent([]);
    expect(f.connection.variables.recoverySeq).toBeNull();
    expect(f.connection.unacknowledgedBytes).toBe(0);
  });

  test('ESTABLISHED + timeout + 3 duplicate ACKs below `recover` -> nothing resent (RFC 6582 §3.2 "Retransmit timeouts")', () => {
    const { f } = inFlight();
    f.clock.advanceTo(1000);
    f.clearSent();
    for (let i = 0; i < 3; i++) f.recv({ flags: '.', seq: R(1), ack: L(101) });
    f.expectSent([]);
  });

  test('ACKs carrying data or a new window are not duplicates (RFC 5681 §2)', () => {
    const { f } = inFlight();
    f.recv({ flags: '.', seq: R(1), ack: L(101), window: 60000 });
    f.recv({ flags: '.', seq: R(1), ack: L(101), window: 50000 });
    f.recv({ flags: '.', seq: R(1), ack: L(101), payload: 'x', window: 50000 });
    expect(f.sent.filter((s) => s.payload.length > 0)).toEqual([]);
    expect(f.connection.variables.dupAcks).toBe(0);
  });
});

describe('sequence numbers wrap at 2^32 (RFC 9293 §3.4)', () => {
  test('ISS 0xfffffff0 + send(32) with MSS 10 -> segments at 0xfffffff1, 0xfffffffb, 5, 15; the ACK of 17 frees all', () => {
    const f = connectionIn('ESTABLISHED', { iss: 0xffff_fff0, mss: 10 });
    const data = pattern(32);
    f.connection.send(data);
    f.expectSent([
      { flags: '.', seq: 0xffff_fff1, ack: R(1), payload: text(data.subarray(0, 10)) },
      { flags: '.', seq: 0xffff_fffb, ack: R(1), payload: text(data.subarray(10, 20)) },
      { flags: '.', seq: 5, ack: R(1), payload: text(data.subarray(20, 30)) },
      { flags: 'P.', seq: 15, ack: R(1), payload: text(data.subarray(30)) },
    ]);
    f.recv({ flags: '.', seq: R(1), ack: 7 });
    expect(f.connection.unacknowledgedBytes).toBe(10);
    f.recv({ flags: '.', seq: R(1), ack: 17 });
    expect(f.connection.unacknowledgedBytes).toBe(0);
    expect(f.connection.variables.sndUna).toBe(17);
  });

  test('peer ISS 0xfffffff0 + data crossing 0, out of order -> delivered in order, ACK wraps', () => {
    const f = connectionIn('ESTABLISHED', { peerIss: 0xffff_fff0 });
    f.recv({ flags: '.', seq: 0x0000_0001, ack: L(1), payload: 'QRSTU' });
    f.recv({ flags: '.', seq: 0xffff_fff1, ack: L(1), payload: 'ABCDEFGHIJKLMNOP' });
    f.expectSent([
      { flags: '.', seq: L(1), ack: 0xffff_fff1 },
      { flags: '.', seq: L(1), ack: 6, window: 65535 - 21 },
    ]);
    expect(text(f.connection.read())).toBe('ABCDEFGHIJKLMNOPQRSTU');
  });

  test('FIN at 0xffffffff -> acknowledged with 0', () => {
    const f = connectionIn('ESTABLISHED', { peerIss: 0xffff_fffe });
    f.recv({ flags: 'F.', seq: 0xffff_ffff, ack: L(1) });
    f.expectSent([{ flags: '.', seq: L(1), ack: 0 }]);
    expect(f.state).toBe('CLOSE_WAIT');
  });

  test('ISS 0xffffffff: the SYN takes the last number, data starts at 0', () => {
    const f = connectionIn('ESTABLISHED', { iss: 0xffff_ffff });
    f.connection.send(bytes('z'));
    f.expectSent([{ flags: 'P.', seq: 0, ack: R(1), payload: 'z' }]);
  });
});

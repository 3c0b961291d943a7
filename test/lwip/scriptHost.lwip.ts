/**
 * The lwIP script host (src/lwip/lwipScriptHost.ts), one scenario per test:
 * the socket calls of a packetdrill script on lwIP 2.1.3, with the peer's
 * segments handed in by hand. Part of `npm run test:lwip`; skips with one
 * line where liblwip-dev or the addon is missing.
 */
import { lwipUnavailable } from '../../src/lwip/addon';
import { LwipScriptHost } from '../../src/lwip/lwipScriptHost';
import { LwipSut } from '../../src/lwip/lwipSut';
import { VirtualClock } from '../../src/net/clock';
import type { Datagram } from '../../src/sockets';
import { seqAdd } from '../../src/tcp/seq';
import { segment, type Segment } from '../../src/wire/segment';

const LOCAL = '192.168.0.1';
const PEER = '192.0.2.1';
const PORT = 8080;
const PEER_PORT = 40000;
const PEER_ISS = 1000;
const unavailable = lwipUnavailable();

/** A host listening on PORT, with what it sent so far. */
function listening() {
  const clock = new VirtualClock(0);
  const sent: Segment[] = [];
  const host = new LwipScriptHost({ address: LOCAL, clock, output: (datagram) => sent.push(datagram.segment) });
  const listener = host.socket();
  host.bind(listener, PORT);
  host.listen(listener);
  const fromPeer = (spec: Parameters<typeof segment>[0]): Datagram => ({
    src: PEER,
    dst: LOCAL,
    segment: segment({ srcPort: PEER_PORT, dstPort: PORT, ...spec }),
  });
  return { clock, sent, host, listener, fromPeer };
}

/** The handshake done and accepted: the host's ISS and the accepted descriptor. */
function established() {
  const fixture = listening();
  const { host, sent, fromPeer, listener } = fixture;
  host.receive(fromPeer({ seq: PEER_ISS, flags: 'S' }));
  const iss = sent.at(-1)!.seq;
  host.receive(fromPeer({ seq: PEER_ISS + 1, ack: seqAdd(iss, 1), flags: '.' }));
  return { ...fixture, iss, fd: host.accept(listener) };
}

if (unavailable !== null) {
  test.skip(`lwIP script host: skipped (${unavailable})`, () => {});
} else {
  test('accept before the handshake completes would block (EAGAIN)', () => {
    const { host, listener, fromPeer, sent } = listening();
    host.receive(fromPeer({ seq: PEER_ISS, flags: 'S' }));
    expect(sent.map((s) => s.flags.syn && s.flags.ack)).toEqual([true]);
    expect(() => host.accept(listener)).toThrow(/EAGAIN/);
  });

  test("read returns the peer's bytes, and only what the count allows", () => {
    const { host, fd, iss, fromPeer } = established();
    host.receive(fromPeer({ seq: PEER_ISS + 1, ack: seqAdd(iss, 1), flags: 'P.', payload: 'hello, lwip' }));
    expect(new TextDecoder().decode(host.read(fd, 5))).toBe('hello');
    expect(new TextDecoder().decode(host.read(fd, 100))).toBe(', lwip');
    expect(() => host.read(fd, 100)).toThrow(/EAGAIN/);
  });

  test('data not yet read narrows the window lwIP offers (tcp_recved only on read)', () => {
    const { host, fd, iss, fromPeer, sent } = established();
    const before = sent.length;
    host.receive(fromPeer({ seq: PEER_ISS + 1, ack: seqAdd(iss, 1), flags: 'P.', payload: new Uint8Array(1000) }));
    const ack = sent[before]!;
    expect(ack).toMatchObject({ ack: PEER_ISS + 1001, flags: { ack: true } });
    // TCP_WND 65535, unscaled: the peer's SYN offered no window scale (RFC 7323 §2.2).
    expect(ack.window).toBe(65535 - 1000);
    host.read(fd, 1000);
    host.receive(fromPeer({ seq: PEER_ISS + 1001, ack: seqAdd(iss, 1), flags: 'P.', payload: new Uint8Array(10) }));
    expect(sent.at(-1)!.window).toBe(65535 - 10);
  });

  test('the listener stays open after accept, and its close is tcp_close of the listening pcb', () => {
    const { host, listener, fd } = established();
    expect(host.stateOf(listener)).toBe('LISTEN');
    expect(host.allSockets().map((socket) => [socket.state, socket.fd])).toEqual([
      ['LISTEN', listener],
      ['ESTABLISHED', fd],
    ]);
    host.close(listener);
    expect(host.allSockets().map((socket) => socket.state)).toEqual(['ESTABLISHED']);
  });

  test("a RST reports ECONNRESET to the next call, as lwIP's err_to_errno does", () => {
    const { host, fd, iss, fromPeer } = established();
    host.receive(fromPeer({ seq: PEER_ISS + 1, ack: seqAdd(iss, 1), flags: 'R' }));
    expect(() => host.write(fd, new Uint8Array(10))).toThrow(/ECONNRESET/);
    expect(host.stateOf(fd)).toBe('CLOSED');
  });

  test('TIME-WAIT keeps tcp_tmr running until lwIP frees the pcb at 120.5 s', () => {
    const { host, fd, iss, fromPeer, clock } = established();
    host.close(fd);
    host.receive(fromPeer({ seq: PEER_ISS + 1, ack: seqAdd(iss, 2), flags: 'F.' }));
    const [, timeWait] = host.allSockets();
    expect(timeWait?.state).toBe('TIME_WAIT');
    clock.advance(120_000);
    expect(host.allSockets().map((socket) => socket.state)).toEqual(['LISTEN', 'TIME_WAIT']);
    clock.advance(1_000);
    expect(host.allSockets().map((socket) => socket.state)).toEqual(['LISTEN']);
    expect(clock.pendingTimers()).toBe(0);
  });

  test("a path after a script finds the netif on the path's addresses again", () => {
    const sut = new LwipSut();
    established();
    sut.reset();
    const listen = {
      from: 'CLOSED',
      to: 'LISTEN',
      sends: [],
      rejects: null,
      signals: null,
      delayMs: null,
      resends: false,
    } as const;
    sut.step({ ...listen, event: 'PASSIVE_OPEN' });
    const synReceived = sut.step({
      ...listen,
      event: 'RCV_SYN',
      from: 'LISTEN',
      to: 'SYN_RECEIVED',
      sends: ['sendSynAck'],
    });
    expect(synReceived).toMatchObject({ state: 'SYN_RECEIVED', problems: [] });
    expect(synReceived.sent.map((s) => s.kind)).toEqual(['sendSynAck']);
  });

  test('TCP settings are refused in one line: they are compile-time options in lwIP', () => {
    const { host, listener } = listening();
    expect(() => host.setSocketTcpOptions(listener, { mss: 1000 })).toThrow(
      'setsockopt of SO_RCVBUF, SO_SNDBUF or TCP_MAXSEG is not played against lwIP: its TCP settings are compile-time options (lwipopts.h)',
    );
  });
}

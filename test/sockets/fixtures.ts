/**
 * A host on a virtual clock whose every sent datagram is captured, and a
 * peer that speaks to it in segments (smoltcp's `recv!`/`send!` style): each
 * test builds a host in a named state, feeds it one segment, and states
 * what left. The host's ISS is fixed at 1000, the peer's at 5000.
 */
import { VirtualClock } from '../../src/net/clock';
import { Host, SocketError, type Datagram, type HostTcpOptions } from '../../src/sockets';
import { segment, type Segment, type SegmentSpec } from '../../src/wire/segment';

export const LOCAL = '192.168.0.1';
export const REMOTE = '192.0.2.1';
export const OTHER_REMOTE = '198.51.100.7';
export const SERVER_PORT = 8080;
export const CLIENT_PORT = 40000;
export const LOCAL_ISS = 1000;
export const REMOTE_ISS = 5000;

export interface HostFixture {
  readonly clock: VirtualClock;
  readonly host: Host;
  /** Everything the host sent, oldest first; `sent()` empties it. */
  readonly outbox: Datagram[];
  /** The datagrams sent since the last call. */
  sent(): Datagram[];
  /** Delivers a segment from `REMOTE:CLIENT_PORT` to `LOCAL:SERVER_PORT`, overridable by the spec. */
  deliver(spec: SegmentSpec & { from?: string; to?: string }): void;
}

export function hostFixture(tcp: HostTcpOptions = {}): HostFixture {
  const clock = new VirtualClock();
  const outbox: Datagram[] = [];
  const host = new Host({
    address: LOCAL,
    clock,
    output: (datagram) => outbox.push(datagram),
    tcp: { iss: LOCAL_ISS, ...tcp },
  });
  return {
    clock,
    host,
    outbox,
    sent: () => outbox.splice(0),
    deliver: ({ from = REMOTE, to = LOCAL, ...spec }) =>
      host.receive({
        src: from,
        dst: to,
        segment: segment({ srcPort: CLIENT_PORT, dstPort: SERVER_PORT, window: 65535, ...spec }),
      }),
  };
}

/** A segment's fields that tests compare, flags in packetdrill's letters. */
export function summary(sent: Segment): { flags: string; seq: number; ack: number; length: number } {
  const letters =
    (sent.flags.syn ? 'S' : '') +
    (sent.flags.fin ? 'F' : '') +
    (sent.flags.rst ? 'R' : '') +
    (sent.flags.psh ? 'P' : '') +
    (sent.flags.ack ? '.' : '');
  return { flags: letters, seq: sent.seq, ack: sent.ack, length: sent.payload.length };
}

/** A listener on `SERVER_PORT`, descriptor 3. */
export function listening(tcp: HostTcpOptions = {}, backlog = 8): HostFixture & { listener: number } {
  const fixture = hostFixture(tcp);
  const listener = fixture.host.socket();
  fixture.host.bind(listener, SERVER_PORT, LOCAL);
  fixture.host.listen(listener, backlog);
  return { ...fixture, listener };
}

/** A listener with one half-open connection from `CLIENT_PORT`: our SYN-ACK is out. */
export function synReceived(tcp: HostTcpOptions = {}): HostFixture & { listener: number } {
  const fixture = listening(tcp);
  fixture.deliver({ flags: 'S', seq: REMOTE_ISS, options: { mss: 1460 } });
  fixture.sent();
  return fixture;
}

/** A listener (3) and an accepted connection (4) in ESTABLISHED. */
export function established(tcp: HostTcpOptions = {}): HostFixture & { listener: number; fd: number } {
  const fixture = synReceived(tcp);
  fixture.deliver({ flags: '.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1 });
  const fd = fixture.host.accept(fixture.listener);
  return { ...fixture, fd };
}

/** An accepted connection in CLOSE-WAIT: the peer's FIN arrived and was acknowledged. */
export function closeWait(tcp: HostTcpOptions = {}): ReturnType<typeof established> {
  const fixture = established(tcp);
  fixture.deliver({ flags: 'F.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1 });
  fixture.sent();
  return fixture;
}

/** An active open from descriptor 3 to `REMOTE:SERVER_PORT`: our SYN is out. */
export function synSent(tcp: HostTcpOptions = {}): HostFixture & { fd: number; port: number } {
  const fixture = hostFixture(tcp);
  const fd = fixture.host.socket();
  fixture.host.connect(fd, { address: REMOTE, port: SERVER_PORT });
  fixture.sent();
  return { ...fixture, fd, port: fixture.host.localAddress(fd)!.port };
}

/** Text as bytes. */
export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The errno a call fails with, or 'no error'. */
export function errnoOf(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    if (error instanceof SocketError) return error.errno;
    throw error;
  }
  return 'no error';
}

/**
 * Addresses as the sockets layer sees them: an IP address and a port, and
 * the IP datagram that carries a segment between hosts. RFC 9293 §3.3.1
 * names a connection by its pair of sockets (address and port at each end),
 * so demultiplexing needs the addresses the `Segment` itself does not carry.
 */
import type { Segment } from '../wire/segment';

/** `INADDR_ANY`: bound to every address of the host. */
export const ANY_ADDRESS = '0.0.0.0';

export interface SocketAddress {
  readonly address: string;
  readonly port: number;
}

/** A segment with the addresses of the IP header around it. */
export interface Datagram {
  readonly src: string;
  readonly dst: string;
  readonly segment: Segment;
}

/** `192.0.2.1:8080`, or netstat's `0.0.0.0:*` for no foreign socket (a listener's). */
export function formatSocketAddress(socket: SocketAddress | null): string {
  return socket === null ? `${ANY_ADDRESS}:*` : `${socket.address}:${socket.port}`;
}

/** `a` and `b` can receive the same segments: equal, or either bound to every address. */
export function addressesOverlap(a: string, b: string): boolean {
  return a === b || a === ANY_ADDRESS || b === ANY_ADDRESS;
}

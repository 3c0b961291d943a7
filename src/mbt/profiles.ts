/**
 * The profiles the path suites run: a TCP the model describes (a variant of
 * the machine, machines/profiles.ts) with timer settings. `maxRetries: 2`
 * keeps the graph small (the retry limit is reached all the same); the
 * RFC 1337 profile is the only way to reach TIME-WAIT's "ignore the RST"
 * branch, and the quickack profile (delayed ACKs off, `ackDelay: 0`) the
 * only way to reach the immediate ACK of a first segment of text while our
 * data or FIN is outstanding. The rcvbuf profile bounds the receive buffer
 * to two segments of the peer's text (`receiveBuffer: 2`): the only one with
 * the user's RECEIVE, a window that shrinks to zero and reopens, and text
 * that arrives beyond the window; without retransmissions (`maxRetries: 0`)
 * its graph stays small (250 snapshots), the retry paths being the others'.
 * The bigsend profile's SEND fills two segments (`sendSegments: 2`: the peer
 * announces a small MSS, src/mbt/scriptedPeer.ts), so that one SEND puts
 * several segments in flight: the partial acknowledgment and the timeout that
 * resends one MSS of them follow a single SEND; one retransmission
 * (`maxRetries: 1`) is enough to resend and to give up. The usertimeout
 * profile sets RFC 9293 §3.10.8's USER TIMEOUT (`userTimeout: 2500`): the
 * only one where a connection gives up by time, from the first sending of
 * what is outstanding, between two retransmissions or probes: the SYN or
 * SYN-ACK after one retransmission (`maxRetries: 1` would give up at the
 * second timeout, at 3 s), data, FIN and probes after one or two.
 */
import { RFC9293 } from '../../machines/profiles';
import type { TcpInput, TcpMachine } from '../../machines/tcp.machine';

export interface ModelProfile {
  readonly name: string;
  /** The machine: RFC 9293's, or a variant of it (`tcpMachine.provide({ guards })`). */
  readonly machine: TcpMachine;
  readonly input: TcpInput;
}

export const TEST_PROFILES: readonly ModelProfile[] = [
  { name: 'rfc9293', machine: RFC9293.machine, input: { maxRetries: 2 } },
  { name: 'rfc1337', machine: RFC9293.machine, input: { maxRetries: 2, rfc1337: true } },
  { name: 'quickack', machine: RFC9293.machine, input: { maxRetries: 2, ackDelay: 0 } },
  { name: 'rcvbuf', machine: RFC9293.machine, input: { maxRetries: 0, receiveBuffer: 2 } },
  { name: 'bigsend', machine: RFC9293.machine, input: { maxRetries: 1, sendSegments: 2 } },
  { name: 'usertimeout', machine: RFC9293.machine, input: { maxRetries: 1, userTimeout: 2500 } },
];

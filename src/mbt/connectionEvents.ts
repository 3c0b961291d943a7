/**
 * TcpConnection's events besides its state changes, `readable` and
 * `writable`, judged against what the scripted peer knows (not against the
 * connection's own counters): the user is told that there is something to
 * read, or that SEND has room again, exactly when there is.
 *
 * - `readable` follows every segment a connection takes in (SEGMENT ARRIVES
 *   in any state but CLOSED, RFC 9293 §3.10.7) while in-order text waits
 *   unread or the peer's FIN has been taken (§3.10.7.4 eighth: "signal the
 *   user 'connection closing'"); never on a user call or a timer. A
 *   connection that is gone (CLOSED, or back to LISTEN) has nothing to read.
 * - `writable` follows an acknowledgment that moves SND.UNA over data octets
 *   (§3.10.7.4 fifth: "Any segments on the retransmission queue that are
 *   thereby entirely acknowledged are removed"), not over the SYN or the FIN
 *   alone.
 */
import type { TcpState } from '../../machines/tcp.machine';
import { seqAdd, seqGt, seqMin, seqSub } from '../tcp/seq';
import { finAccepted, type PeerState } from './scriptedPeer';

export type ConnectionEventName = 'readable' | 'writable';

const NO_PROBLEMS: readonly string[] = Object.freeze([]);

/**
 * Data octets (neither the SYN's nor the FIN's) between what the peer had
 * acknowledged before the step, `ackBefore` (its `lastAck`), and what it has
 * now, as far as the implementation has sent.
 */
export function dataOctetsAcknowledged(peer: Readonly<PeerState>, ackBefore: number | null): number {
  if (peer.iss === null || peer.nxt === null || peer.lastAck === null) return 0;
  const firstData = seqAdd(peer.iss, 1);
  const from = ackBefore !== null && seqGt(ackBefore, firstData) ? ackBefore : firstData;
  let to = seqMin(peer.lastAck, peer.nxt);
  if (peer.finSeq !== null) to = seqMin(to, peer.finSeq);
  return Math.max(0, seqSub(to, from));
}

/**
 * What is wrong with the events `seen` on a step, given the peer after it
 * (before `settlePeer`), the state the connection is in, whether the step
 * handed it a segment in a state other than CLOSED, and the data octets the
 * step's acknowledgment covered.
 */
export function checkConnectionEvents(
  seen: ReadonlySet<ConnectionEventName>,
  peer: Readonly<PeerState>,
  state: TcpState,
  segmentTaken: boolean,
  acknowledged: number,
): readonly string[] {
  const unread = state === 'CLOSED' || state === 'LISTEN' ? 0 : peer.dataAccepted - peer.bytesRead;
  const readable = segmentTaken && (unread > 0 || finAccepted(state));
  const writable = segmentTaken && acknowledged > 0;
  const readableWrong = seen.has('readable') !== readable;
  const writableWrong = seen.has('writable') !== writable;
  // The hot path: a step whose events are right allocates nothing here.
  if (!readableWrong && !writableWrong) return NO_PROBLEMS;
  const problems: string[] = [];
  if (readableWrong) {
    const why = readable
      ? unread > 0
        ? `${unread} bytes of text wait unread`
        : "the peer's FIN was taken"
      : segmentTaken
        ? 'nothing waits to be read'
        : 'the step handed it no segment';
    problems.push(`${readable ? 'no' : 'a'} readable event, expected ${readable ? 'one' : 'none'}: ${why}`);
  }
  if (writableWrong) {
    const why = writable ? `the ACK covers ${acknowledged} bytes of data` : 'no data was acknowledged';
    problems.push(`${writable ? 'no' : 'a'} writable event, expected ${writable ? 'one' : 'none'}: ${why}`);
  }
  return problems;
}

/**
 * The reset sent for a segment that has no connection to go to, or that a
 * state refuses (RFC 9293 §3.10.7.1 and §3.10.7.2/§3.10.7.3/§3.10.7.4):
 * "If the ACK bit is off, sequence number zero is used,
 * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. If the ACK bit is on,
 * <SEQ=SEG.ACK><CTL=RST>". A RST is never answered (returns null).
 */
import { segmentLength, type Segment } from '../wire/segment';
import { FLAGS } from './flags';
import { seqAdd } from './seq';

const EMPTY = new Uint8Array(0);

export function resetFor(incoming: Segment): Segment | null {
  if (incoming.flags.rst) return null;
  // Each field written out: a spread of shared fields into a literal is built in V8's runtime, several times slower.
  const srcPort = incoming.dstPort;
  const dstPort = incoming.srcPort;
  return incoming.flags.ack
    ? { srcPort, dstPort, seq: incoming.ack, ack: 0, flags: FLAGS.RST, window: 0, payload: EMPTY }
    : {
        srcPort,
        dstPort,
        seq: 0,
        ack: seqAdd(incoming.seq, segmentLength(incoming)),
        flags: FLAGS.RST_ACK,
        window: 0,
        payload: EMPTY,
      };
}

/**
 * The connection a script talks to (packetdrill's "socket under test") and
 * the mapping between the sequence numbers a script writes and those on the
 * wire (packetdrill's socket.h, `*_seq_script_to_live_offset`):
 *
 * - A SYN's sequence number is written as it is on the wire; the script's
 *   side takes the one in its SYN (or SYN-ACK) as its ISN, so `< S 0:0(0)`
 *   means remote ISN 0. Every later segment of the script's side is relative
 *   to it: `< . 1:1(0)` is ISN+1.
 * - Our side's ISN is learned from the first SYN or SYN-ACK the host sends
 *   that a `>` line matches; our sequence numbers are then relative to it,
 *   and a `>` SYN's own number is what the script wrote.
 * - `ack` follows the side it acknowledges: on `<` lines it is relative to
 *   our ISN, on `>` lines relative to the script's.
 */
import { seqAdd, seqSub } from '../../tcp/seq';

export class Flow {
  /** The script's ISN as on the wire (packetdrill's live.remote_isn); 0 until its first SYN. */
  remoteIsn = 0;
  remoteIsnKnown = false;
  /** Our ISN as sent, and as the script wrote it; null until learned. */
  localIsn: { readonly live: number; readonly script: number } | null = null;

  constructor(
    /** The host's port of the connection. */
    public localPort: number,
    /** The script's port. */
    readonly remotePort: number,
  ) {}

  /** The script's first SYN (or SYN-ACK) on this connection names its ISN; later ones are just segments. */
  learnRemoteIsn(seq: number): void {
    if (this.remoteIsnKnown) return;
    this.remoteIsn = seq;
    this.remoteIsnKnown = true;
  }

  /** A `<` line's sequence number on the wire. */
  inboundSeq(scriptSeq: number, syn: boolean): number {
    return syn ? scriptSeq >>> 0 : seqAdd(scriptSeq, this.remoteIsn);
  }

  /** A `<` line's acknowledgment number on the wire (our ISN 0 until learned, as packetdrill). */
  inboundAck(scriptAck: number, syn: boolean): number {
    return seqAdd(scriptAck, this.localOffset(syn));
  }

  /** A sent sequence number as a `>` line writes it. */
  outboundSeq(liveSeq: number, syn: boolean): number {
    return seqSub(liveSeq, this.localOffset(syn)) >>> 0;
  }

  /** A sent acknowledgment number as a `>` line writes it. */
  outboundAck(liveAck: number, syn: boolean): number {
    return syn ? liveAck >>> 0 : seqSub(liveAck, this.remoteIsn) >>> 0;
  }

  private localOffset(syn: boolean): number {
    const isn = this.localIsn;
    if (isn === null) return 0;
    return syn ? seqSub(isn.live, isn.script) >>> 0 : isn.live;
  }
}

/**
 * packetdrill's loose segmentation checks (run_packet.c,
 * do_outbound_script_packet; on unless `--strict_segments`): a `>` line of N
 * bytes is met by in-order segments whose data adds up to N, checked as the
 * one segment they make. A kernel may cut a write into TSO packets of any
 * size (tcp_tso_autosize follows the pacing rate), and scripts written for
 * one kernel's sizes still play on another's.
 *
 * Each fragment after the first must continue the one before it
 * (verify_packet_fragments): the next sequence number, the same SYN, RST,
 * ACK and URG flags, acknowledgment number, window and options; every
 * fragment but the last as long as the one before. FIN and PSH may differ:
 * the joined segment takes its flags, window and options from the last
 * fragment and its sequence number from the first (aggregate_packets).
 */
import type { Segment, SegmentOptions } from '../wire/segment';

/**
 * Appends `next` to `joined` (the fragments read so far, `last` the latest of
 * them) for a line expecting `expectedLength` bytes of data. Returns the
 * joined segment, or why `next` cannot be part of it, in packetdrill's terms.
 */
export function appendFragment(
  joined: Segment,
  last: Segment,
  next: Segment,
  expectedLength: number,
): Segment | string {
  const mismatch = fragmentMismatch(last, next);
  if (mismatch !== null) return `aggregate candidate ${mismatch}`;
  const remaining = expectedLength - joined.payload.length;
  if (next.payload.length < remaining && next.payload.length !== last.payload.length) {
    return `fragment payload: expected ${last.payload.length} bytes, sent ${next.payload.length}; total payload: expected ${expectedLength} bytes, sent ${joined.payload.length + next.payload.length}`;
  }
  const payload = new Uint8Array(joined.payload.length + next.payload.length);
  payload.set(joined.payload);
  payload.set(next.payload, joined.payload.length);
  return { ...next, seq: joined.seq, payload };
}

function fragmentMismatch(last: Segment, next: Segment): string | null {
  const following = (last.seq + last.payload.length) >>> 0;
  if (next.seq !== following) return `tcp_seq: expected ${following}, sent ${next.seq}`;
  for (const flag of ['syn', 'rst', 'ack', 'urg'] as const) {
    if (next.flags[flag] !== last.flags[flag])
      return `tcp_${flag}: expected ${Number(last.flags[flag])}, sent ${Number(next.flags[flag])}`;
  }
  if (next.ack !== last.ack) return `tcp_ack_seq: expected ${last.ack}, sent ${next.ack}`;
  if (next.window !== last.window) return `tcp_window: expected ${last.window}, sent ${next.window}`;
  if (optionNames(next.options) !== optionNames(last.options)) {
    return `tcp options: expected ${optionNames(last.options) || 'none'}, sent ${optionNames(next.options) || 'none'}`;
  }
  return null;
}

/** The options a segment carries (packetdrill compares the header's length; a timestamp's values change from one fragment to the next). */
function optionNames(options: SegmentOptions | undefined): string {
  return Object.keys(options ?? {})
    .filter((name) => options![name as keyof SegmentOptions] !== undefined)
    .sort()
    .join(',');
}

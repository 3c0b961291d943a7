/**
 * The TCP segment as the rest of the code sees it (smoltcp's `Repr`): fields,
 * not byte offsets. `src/wire/tcp.ts` turns bytes into a `Segment` and back;
 * the connection never touches a byte.
 */

/** The control bits of RFC 9293 §3.1 that this implementation acts on. */
export interface SegmentFlags {
  readonly syn: boolean;
  readonly ack: boolean;
  readonly fin: boolean;
  readonly rst: boolean;
  readonly psh: boolean;
  readonly urg: boolean;
  /**
   * RFC 3168 §6.1: ECN-Echo and Congestion Window Reduced. Our TCP does not
   * implement ECN and neither sends nor reads them; they are carried so that
   * a script can send them and the wire shows them. Present only when set,
   * so a segment without them equals one built before they existed.
   */
  readonly ece?: boolean;
  readonly cwr?: boolean;
}

/** RFC 7323 §3: TSval and TSecr. */
export interface TimestampOption {
  readonly value: number;
  readonly echo: number;
}

/** RFC 2018 §3: one block of data received out of order, SEG.SEQ of its first byte to one past its last. */
export interface SackBlock {
  readonly left: number;
  readonly right: number;
}

/** The options RFC 9293 §3.2 requires (MSS) and the common extensions. */
export interface SegmentOptions {
  /** RFC 9293 §3.7.1: only in a SYN. */
  readonly mss?: number;
  /** RFC 7323 §2: shift count, only in a SYN. */
  readonly windowScale?: number;
  /** RFC 2018 §2: only in a SYN. */
  readonly sackPermitted?: boolean;
  readonly timestamp?: TimestampOption;
  /** RFC 2018 §3: 1 to 4 blocks (3 beside timestamps), sent only to a peer that sent SACK-permitted (§2). */
  readonly sackBlocks?: readonly SackBlock[];
}

export interface Segment {
  readonly srcPort: number;
  readonly dstPort: number;
  /** Sequence number, an unsigned 32-bit integer. */
  readonly seq: number;
  /** Acknowledgment number, meaningful only when `flags.ack` is set. */
  readonly ack: number;
  readonly flags: SegmentFlags;
  /** The window field as sent (unscaled). */
  readonly window: number;
  /** Urgent pointer; meaningful only when `flags.urg` is set. */
  readonly urgentPointer?: number;
  readonly payload: Uint8Array;
  readonly options?: SegmentOptions;
}

export const NO_FLAGS: SegmentFlags = Object.freeze({
  syn: false,
  ack: false,
  fin: false,
  rst: false,
  psh: false,
  urg: false,
});

const EMPTY_PAYLOAD = new Uint8Array(0);

/** What `segment()` needs beyond the defaults: flags are given as a string of letters. */
export interface SegmentSpec {
  srcPort?: number;
  dstPort?: number;
  seq?: number;
  ack?: number;
  /**
   * packetdrill-style flag letters: `S` SYN, `.` ACK, `F` FIN, `R` RST, `P` PSH, `U` URG, `E` ECE, `W` CWR.
   * `"S."` is a SYN-ACK, `"F."` a FIN with ACK.
   */
  flags?: string;
  window?: number;
  urgentPointer?: number;
  payload?: Uint8Array | string;
  options?: SegmentOptions;
}

const parsedFlags = new Map<string, SegmentFlags>();

/** Parses packetdrill flag letters (memoized; the result is frozen); anything else is a programming error. */
export function parseFlags(letters: string): SegmentFlags {
  const known = parsedFlags.get(letters);
  // Stryker disable next-line ConditionalExpression: a memo: without it each call returns an equal frozen object, and
  // test files reach it as they load, so each mutant would run every test (docs/mutation.md).
  if (known !== undefined) return known;
  const flags = parseFlagLetters(letters);
  parsedFlags.set(letters, flags);
  return flags;
}

function parseFlagLetters(letters: string): SegmentFlags {
  const flags = { ...NO_FLAGS };
  for (const letter of letters) {
    switch (letter) {
      case 'S':
        flags.syn = true;
        break;
      case '.':
        flags.ack = true;
        break;
      case 'F':
        flags.fin = true;
        break;
      case 'R':
        flags.rst = true;
        break;
      case 'P':
        flags.psh = true;
        break;
      case 'U':
        flags.urg = true;
        break;
      case 'E':
        flags.ece = true;
        break;
      case 'W':
        flags.cwr = true;
        break;
      default:
        throw new RangeError(`unknown TCP flag letter '${letter}' in '${letters}'`);
    }
  }
  return Object.freeze(flags);
}

/** Prints flags as packetdrill's scripts write them (`S.`, `F.`, `P.`, `R`, `SEW`, `SE.`). */
export function formatFlags(flags: SegmentFlags): string {
  return (
    (flags.syn ? 'S' : '') +
    (flags.fin ? 'F' : '') +
    (flags.rst ? 'R' : '') +
    (flags.psh ? 'P' : '') +
    (flags.urg ? 'U' : '') +
    (flags.ece === true ? 'E' : '') +
    (flags.cwr === true ? 'W' : '') +
    (flags.ack ? '.' : '')
  );
}

/** A builder for tests and scripted peers: only the fields that matter are given. */
export function segment(spec: SegmentSpec = {}): Segment {
  const payload =
    typeof spec.payload === 'string' ? new TextEncoder().encode(spec.payload) : (spec.payload ?? EMPTY_PAYLOAD);
  return {
    srcPort: spec.srcPort ?? 0,
    dstPort: spec.dstPort ?? 0,
    seq: spec.seq ?? 0,
    ack: spec.ack ?? 0,
    flags: parseFlags(spec.flags ?? ''),
    window: spec.window ?? 65535,
    ...(spec.urgentPointer !== undefined ? { urgentPointer: spec.urgentPointer } : {}),
    payload,
    ...(spec.options !== undefined ? { options: spec.options } : {}),
  };
}

/**
 * RFC 9293 §3.4: the sequence space a segment occupies. SYN and FIN each take
 * one number, data one per octet.
 */
export function segmentLength(seg: Segment): number {
  return seg.payload.length + (seg.flags.syn ? 1 : 0) + (seg.flags.fin ? 1 : 0);
}

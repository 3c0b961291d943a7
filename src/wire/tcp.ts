/**
 * The TCP header on the wire (RFC 9293 §3.1) and its options: bytes to
 * `Segment` and back, smoltcp's `parse` and `emit`. Nothing outside
 * `src/wire/` sees a byte offset.
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |          Source Port          |       Destination Port        |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                        Sequence Number                        |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                    Acknowledgment Number                      |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |  Data |       |C|E|U|A|P|R|S|F|                               |
 *    | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 *    |       |       |R|E|G|K|H|T|N|N|                               |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |           Checksum            |         Urgent Pointer        |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                           [Options]                           |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                             Data                              :
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The round trip `decodeSegment(encodeSegment(s))` gives back `s` for every
 * segment in canonical form: `urgentPointer` present exactly when URG is set,
 * `options` present only when it holds an option, `sackPermitted` either
 * `true` or absent, and `sackBlocks` absent or not empty. CWR, ECE and the reserved bits are not modelled: they are
 * sent as zero and ignored on arrival.
 */

import {
  IP_PROTOCOL_TCP,
  finishChecksum,
  onesComplementSum,
  parseEndpoints,
  pseudoHeaderSum,
  type Endpoints,
  type ParsedEndpoints,
} from './checksum';
import { TcpWireError, checkField, hex16 } from './errors';
import type { SackBlock, Segment, SegmentFlags, SegmentOptions, TimestampOption } from './segment';

/** RFC 9293 §3.1: a header without options is five 32-bit words. */
export const TCP_HEADER_MIN_LENGTH = 20;
/** RFC 9293 §3.1: the data offset's 4 bits count at most 15 words, so options take at most 40 octets. */
const MAX_OPTIONS_LENGTH = 40;
/** RFC 2018 §3: a SACK option's kind and length octets, then 8 octets per block. */
const SACK_BLOCK_LENGTH = 8;

/** Byte offsets of the fixed header (RFC 9293 §3.1). */
const field = {
  srcPort: 0,
  dstPort: 2,
  seq: 4,
  ack: 8,
  dataOffset: 12,
  flags: 13,
  window: 14,
  checksum: 16,
  urgentPointer: 18,
} as const;

/** The control bits in octet 13 (RFC 9293 §3.1; ECE and CWR, RFC 3168 §6.1). */
const flagBit = {
  fin: 0x01,
  syn: 0x02,
  rst: 0x04,
  psh: 0x08,
  ack: 0x10,
  urg: 0x20,
  ece: 0x40,
  cwr: 0x80,
} as const;

/** Option kinds (RFC 9293 §3.2, RFC 7323 §2.2 and §3.2, RFC 2018 §2). */
const optionKind = {
  endOfList: 0,
  noOperation: 1,
  maximumSegmentSize: 2,
  windowScale: 3,
  sackPermitted: 4,
  sack: 5,
  timestamps: 8,
} as const;

/** The fixed length of each option we understand, kind and length octets included. */
const optionLength = {
  maximumSegmentSize: 4,
  windowScale: 3,
  sackPermitted: 2,
  timestamps: 10,
} as const;

const UINT16_MAX = 0xffff;
const UINT32_MAX = 0xffff_ffff;
const UINT8_MAX = 0xff;

/**
 * The octets the options take when encoded. Every option is laid out in its
 * own 32-bit-aligned block (see `writeOptions`), so no trailing padding is
 * ever needed.
 */
function optionsLength(options: SegmentOptions | undefined): number {
  if (options === undefined) return 0;
  let length = 0;
  if (options.mss !== undefined) length += 4;
  if (options.timestamp !== undefined) length += 12;
  if (options.sackPermitted === true && options.timestamp === undefined) length += 4;
  if (options.windowScale !== undefined) length += 4;
  if (options.sackBlocks !== undefined) length += 4 + SACK_BLOCK_LENGTH * options.sackBlocks.length;
  return length;
}

/** The length of `encodeSegment(segment, ...)`, header and data, without encoding. */
export function encodedSegmentLength(segment: Segment): number {
  return TCP_HEADER_MIN_LENGTH + optionsLength(segment.options) + segment.payload.length;
}

/**
 * Encodes `segment` with its checksum computed over the pseudo-header of
 * `endpoints` (IPv4 or IPv6, decided by the address strings). The result may
 * share its `ArrayBuffer` with other arrays (see `allocateUninitialised`).
 *
 * Throws `TcpWireError`: `bad-field` when a field does not fit its width
 * (ports, window, urgent pointer, MSS: 16 bits; seq, ack, timestamps: 32
 * bits; window scale: 8 bits), `bad-address` for an unusable address, and
 * `too-long` when an IPv4 pseudo-header's 16-bit TCP length cannot hold the
 * segment.
 */
export function encodeSegment(segment: Segment, endpoints: Endpoints): Uint8Array {
  checkFields(segment);
  const addresses = parseEndpoints(endpoints);
  const headerLength = TCP_HEADER_MIN_LENGTH + optionsLength(segment.options);
  const length = headerLength + segment.payload.length;
  checkLengthFits(length, addresses);

  const bytes = allocateUninitialised(length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  view.setUint16(field.srcPort, segment.srcPort);
  view.setUint16(field.dstPort, segment.dstPort);
  view.setUint32(field.seq, segment.seq);
  view.setUint32(field.ack, segment.ack);
  view.setUint8(field.dataOffset, (headerLength / 4) << 4);
  view.setUint8(field.flags, encodeFlags(segment.flags));
  view.setUint16(field.window, segment.window);
  view.setUint16(field.urgentPointer, segment.urgentPointer ?? 0);
  if (segment.options !== undefined) {
    writeOptions(view, TCP_HEADER_MIN_LENGTH, segment.options);
  }
  bytes.set(segment.payload, headerLength);

  // RFC 9293 §3.1: the checksum field itself is zero while the sum is taken.
  view.setUint16(field.checksum, 0);
  const sum = onesComplementSum(bytes, 0, length, segmentPseudoHeaderSum(addresses, length));
  view.setUint16(field.checksum, finishChecksum(sum));
  return bytes;
}

/**
 * Decodes and verifies a TCP segment that arrived between `endpoints`.
 * The payload is a view into `bytes`, not a copy.
 *
 * Throws `TcpWireError` and nothing else, whatever `bytes` holds:
 * `short-header`, `bad-data-offset`, `bad-checksum`, `bad-option`,
 * `too-long` (IPv4 only) or `bad-address`.
 */
export function decodeSegment(bytes: Uint8Array, endpoints: Endpoints): Segment {
  const addresses = parseEndpoints(endpoints);
  const length = bytes.length;
  if (length < TCP_HEADER_MIN_LENGTH) {
    throw new TcpWireError(
      'short-header',
      `segment of ${length} octets is shorter than the ${TCP_HEADER_MIN_LENGTH}-octet TCP header`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  const dataOffsetWords = view.getUint8(field.dataOffset) >>> 4;
  const headerLength = dataOffsetWords * 4;
  if (dataOffsetWords < TCP_HEADER_MIN_LENGTH / 4) {
    throw new TcpWireError(
      'bad-data-offset',
      `data offset ${dataOffsetWords} words is below the minimum of ${TCP_HEADER_MIN_LENGTH / 4}`,
    );
  }
  if (headerLength > length) {
    throw new TcpWireError(
      'bad-data-offset',
      `data offset ${dataOffsetWords} words (${headerLength} octets) runs past the end of the ${length}-octet segment`,
    );
  }
  checkLengthFits(length, addresses);

  // The checksum is checked before the options: a corrupted segment should be
  // reported as corrupted, not as whatever its corrupted options look like.
  const sum = onesComplementSum(bytes, 0, length, segmentPseudoHeaderSum(addresses, length));
  if (finishChecksum(sum) !== 0) {
    const received = view.getUint16(field.checksum);
    throw new TcpWireError(
      'bad-checksum',
      `checksum ${hex16(received)} does not verify: expected ${hex16(finishChecksum(sum - received))}`,
    );
  }

  const flags = decodeFlags(view.getUint8(field.flags));
  const options = readOptions(view, TCP_HEADER_MIN_LENGTH, headerLength);
  return {
    srcPort: view.getUint16(field.srcPort),
    dstPort: view.getUint16(field.dstPort),
    seq: view.getUint32(field.seq),
    ack: view.getUint32(field.ack),
    flags,
    window: view.getUint16(field.window),
    // RFC 9293 §3.1: the urgent pointer "is only to be interpreted in
    // segments with the URG control bit set".
    ...(flags.urg ? { urgentPointer: view.getUint16(field.urgentPointer) } : {}),
    payload: bytes.subarray(headerLength),
    ...(options !== undefined ? { options } : {}),
  };
}

/**
 * A `Uint8Array` of `length` octets whose every octet the caller overwrites.
 * Taken from Node's buffer pool: allocating a zeroed `ArrayBuffer` per
 * segment costs more than checksumming it. The result may share its
 * `ArrayBuffer` with other arrays, so readers must respect `byteOffset`, as
 * they must for the payload views `decodeSegment` returns anyway.
 */
function allocateUninitialised(length: number): Uint8Array {
  const pooled = Buffer.allocUnsafe(length);
  return new Uint8Array(pooled.buffer, pooled.byteOffset, length);
}

function segmentPseudoHeaderSum(addresses: ParsedEndpoints, length: number): number {
  return pseudoHeaderSum(addresses.src, addresses.dst, IP_PROTOCOL_TCP, length);
}

/**
 * RFC 9293 §3.1: the IPv4 pseudo-header carries the TCP length in 16 bits.
 * IPv6 carries it in 32 (RFC 8200 §8.1), more than any buffer we hold.
 */
function checkLengthFits(length: number, addresses: ParsedEndpoints): void {
  if (addresses.family === 4 && length > UINT16_MAX) {
    throw new TcpWireError(
      'too-long',
      `TCP segment of ${length} octets does not fit the 16-bit length of the IPv4 pseudo-header`,
    );
  }
}

function encodeFlags(flags: SegmentFlags): number {
  return (
    (flags.fin ? flagBit.fin : 0) |
    (flags.syn ? flagBit.syn : 0) |
    (flags.rst ? flagBit.rst : 0) |
    (flags.psh ? flagBit.psh : 0) |
    (flags.ack ? flagBit.ack : 0) |
    (flags.urg ? flagBit.urg : 0) |
    (flags.ece === true ? flagBit.ece : 0) |
    (flags.cwr === true ? flagBit.cwr : 0)
  );
}

function decodeFlags(octet: number): SegmentFlags {
  return {
    syn: (octet & flagBit.syn) !== 0,
    ack: (octet & flagBit.ack) !== 0,
    fin: (octet & flagBit.fin) !== 0,
    rst: (octet & flagBit.rst) !== 0,
    psh: (octet & flagBit.psh) !== 0,
    urg: (octet & flagBit.urg) !== 0,
    ...((octet & flagBit.ece) !== 0 ? { ece: true } : {}),
    ...((octet & flagBit.cwr) !== 0 ? { cwr: true } : {}),
  };
}

/**
 * Writes the options in Linux's layout (`tcp_options_write`), each in a
 * 32-bit-aligned block so the header needs no trailing padding:
 *
 *     MSS                      02 04 mss mss
 *     SACK-permitted + TS      04 02 08 0a TSval TSecr   (NOP NOP if no SACK-permitted)
 *     SACK-permitted alone     01 01 04 02
 *     window scale             01 03 03 shift
 *     SACK blocks              01 01 05 len (left right)…  (tcp_options_write's OPTION_SACK_ADVERTISE)
 *
 * A NOP (RFC 9293 §3.2) is what aligns each block; an EOL is never needed.
 */
function writeOptions(view: DataView, offset: number, options: SegmentOptions): void {
  if (options.mss !== undefined) {
    view.setUint8(offset++, optionKind.maximumSegmentSize);
    view.setUint8(offset++, optionLength.maximumSegmentSize);
    view.setUint16(offset, options.mss);
    offset += 2;
  }
  if (options.timestamp !== undefined) {
    if (options.sackPermitted === true) {
      view.setUint8(offset++, optionKind.sackPermitted);
      view.setUint8(offset++, optionLength.sackPermitted);
    } else {
      view.setUint8(offset++, optionKind.noOperation);
      view.setUint8(offset++, optionKind.noOperation);
    }
    view.setUint8(offset++, optionKind.timestamps);
    view.setUint8(offset++, optionLength.timestamps);
    view.setUint32(offset, options.timestamp.value);
    view.setUint32(offset + 4, options.timestamp.echo);
    offset += 8;
  }
  if (options.sackPermitted === true && options.timestamp === undefined) {
    view.setUint8(offset++, optionKind.noOperation);
    view.setUint8(offset++, optionKind.noOperation);
    view.setUint8(offset++, optionKind.sackPermitted);
    view.setUint8(offset++, optionLength.sackPermitted);
  }
  if (options.windowScale !== undefined) {
    view.setUint8(offset++, optionKind.noOperation);
    view.setUint8(offset++, optionKind.windowScale);
    view.setUint8(offset++, optionLength.windowScale);
    view.setUint8(offset++, options.windowScale);
  }
  if (options.sackBlocks !== undefined) {
    view.setUint8(offset++, optionKind.noOperation);
    view.setUint8(offset++, optionKind.noOperation);
    view.setUint8(offset++, optionKind.sack);
    view.setUint8(offset++, 2 + SACK_BLOCK_LENGTH * options.sackBlocks.length);
    for (const block of options.sackBlocks) {
      view.setUint32(offset, block.left);
      view.setUint32(offset + 4, block.right);
      offset += SACK_BLOCK_LENGTH;
    }
  }
}

type MutableOptions = { -readonly [K in keyof SegmentOptions]: SegmentOptions[K] };

/**
 * Reads the options in `bytes[start..end)` (RFC 9293 §3.2). Options we do
 * not know are skipped by their length, as §3.2 requires ("a TCP MUST be
 * able to ... ignore any options it does not implement"); a repeated option
 * overrides the earlier one. Values are reported as received: clamping a
 * window scale above 14 (RFC 7323 §2.3) is the connection's decision.
 */
function readOptions(view: DataView, start: number, end: number): SegmentOptions | undefined {
  let options: MutableOptions | undefined;
  let offset = start;
  while (offset < end) {
    const kind = view.getUint8(offset);
    if (kind === optionKind.endOfList) break;
    if (kind === optionKind.noOperation) {
      offset++;
      continue;
    }
    if (offset + 1 >= end) {
      throw new TcpWireError(
        'bad-option',
        `option kind ${kind} at offset ${offset} has no length octet before the end of the header at ${end}`,
      );
    }
    const length = view.getUint8(offset + 1);
    if (length < 2) {
      throw new TcpWireError(
        'bad-option',
        `option kind ${kind} at offset ${offset} has length ${length}, below the minimum of 2`,
      );
    }
    if (offset + length > end) {
      throw new TcpWireError(
        'bad-option',
        `option kind ${kind} at offset ${offset} with length ${length} runs past the end of the header at ${end}`,
      );
    }
    const value = offset + 2;
    switch (kind) {
      case optionKind.maximumSegmentSize:
        checkOptionLength('MSS', kind, length, optionLength.maximumSegmentSize);
        (options ??= {}).mss = view.getUint16(value);
        break;
      case optionKind.windowScale:
        checkOptionLength('window scale', kind, length, optionLength.windowScale);
        (options ??= {}).windowScale = view.getUint8(value);
        break;
      case optionKind.sackPermitted:
        checkOptionLength('SACK-permitted', kind, length, optionLength.sackPermitted);
        (options ??= {}).sackPermitted = true;
        break;
      case optionKind.timestamps: {
        checkOptionLength('timestamps', kind, length, optionLength.timestamps);
        const timestamp: TimestampOption = {
          value: view.getUint32(value),
          echo: view.getUint32(value + 4),
        };
        (options ??= {}).timestamp = timestamp;
        break;
      }
      case optionKind.sack:
        (options ??= {}).sackBlocks = readSackBlocks(view, value, kind, length);
        break;
      default:
        break;
    }
    offset += length;
  }
  return options;
}

/** RFC 2018 §3: a length of 2 + 8n, n ≥ 1 (at most 4 fit the header). */
function readSackBlocks(view: DataView, value: number, kind: number, length: number): SackBlock[] {
  if (length < 2 + SACK_BLOCK_LENGTH || (length - 2) % SACK_BLOCK_LENGTH !== 0) {
    throw new TcpWireError('bad-option', `SACK option (kind ${kind}) has length ${length}, expected 2 + 8n with n ≥ 1`);
  }
  const blocks: SackBlock[] = [];
  for (let at = value; at < value + length - 2; at += SACK_BLOCK_LENGTH) {
    blocks.push({ left: view.getUint32(at), right: view.getUint32(at + 4) });
  }
  return blocks;
}

function checkOptionLength(name: string, kind: number, length: number, expected: number): void {
  if (length !== expected) {
    throw new TcpWireError('bad-option', `${name} option (kind ${kind}) has length ${length}, expected ${expected}`);
  }
}

function checkFields(segment: Segment): void {
  checkField('source port', segment.srcPort, UINT16_MAX);
  checkField('destination port', segment.dstPort, UINT16_MAX);
  checkField('sequence number', segment.seq, UINT32_MAX);
  checkField('acknowledgment number', segment.ack, UINT32_MAX);
  checkField('window', segment.window, UINT16_MAX);
  if (segment.urgentPointer !== undefined) {
    checkField('urgent pointer', segment.urgentPointer, UINT16_MAX);
  }
  const options = segment.options;
  if (options === undefined) return;
  if (options.mss !== undefined) checkField('MSS', options.mss, UINT16_MAX);
  if (options.windowScale !== undefined) {
    checkField('window scale', options.windowScale, UINT8_MAX);
  }
  if (options.timestamp !== undefined) {
    checkField('TSval', options.timestamp.value, UINT32_MAX);
    checkField('TSecr', options.timestamp.echo, UINT32_MAX);
  }
  if (options.sackBlocks !== undefined) {
    if (options.sackBlocks.length === 0) throw new TcpWireError('bad-field', 'a SACK option holds 1 block or more');
    for (const block of options.sackBlocks) {
      checkField('SACK left edge', block.left, UINT32_MAX);
      checkField('SACK right edge', block.right, UINT32_MAX);
    }
  }
  const length = optionsLength(options);
  if (length > MAX_OPTIONS_LENGTH) {
    throw new TcpWireError(
      'bad-field',
      `options of ${length} octets do not fit the ${MAX_OPTIONS_LENGTH} a header holds`,
    );
  }
}

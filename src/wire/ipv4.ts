/**
 * A minimal IPv4 header (RFC 791 §3.1) around a TCP segment, enough to write
 * segments to and read them from a Linux TUN device. No options are sent,
 * options received are skipped, and fragments are refused: TCP over a TUN
 * with DF set does not produce them.
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |Version|  IHL  |Type of Service|          Total Length         |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |         Identification        |Flags|      Fragment Offset    |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |  Time to Live |    Protocol   |         Header Checksum       |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                       Source Address                          |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                    Destination Address                        |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */

import { IP_PROTOCOL_TCP, internetChecksum, parseIpAddress } from './checksum';
import { TcpWireError, checkField, hex16 } from './errors';

/** RFC 791 §3.1: five 32-bit words without options. */
export const IPV4_HEADER_MIN_LENGTH = 20;

/** RFC 1700: the recommended TTL, which is also the one Linux uses by default (net.ipv4.ip_default_ttl). */
export const IPV4_DEFAULT_TTL = 64;

/** Byte offsets of the fixed header (RFC 791 §3.1). */
const field = {
  versionAndIhl: 0,
  typeOfService: 1,
  totalLength: 2,
  identification: 4,
  flagsAndFragmentOffset: 6,
  timeToLive: 8,
  protocol: 9,
  headerChecksum: 10,
  source: 12,
  destination: 16,
} as const;

/** RFC 791 §3.1: bit 1 of Flags, "Don't Fragment". */
const DONT_FRAGMENT = 0x4000;
/** RFC 791 §3.1: bit 2 of Flags, "More Fragments". */
const MORE_FRAGMENTS = 0x2000;
const FRAGMENT_OFFSET_MASK = 0x1fff;

export interface Ipv4Header {
  /** Dotted-quad source address. */
  readonly src: string;
  /** Dotted-quad destination address. */
  readonly dst: string;
  /** Time to live; `IPV4_DEFAULT_TTL` when omitted. */
  readonly ttl?: number;
  /** Identification; 0 when omitted (RFC 6864 §4.1: unused when DF is set). */
  readonly id?: number;
  /** RFC 3168 §5: the ECN field, the low two bits of the old TOS octet; Not-ECT (0) when omitted. */
  readonly ecn?: EcnCodepoint;
}

/** RFC 3168 §5: Not-ECT, ECT(1), ECT(0), CE. */
export const ECN_CODEPOINTS = { notEct: 0b00, ect1: 0b01, ect0: 0b10, ce: 0b11 } as const;
export type EcnCodepoint = (typeof ECN_CODEPOINTS)[keyof typeof ECN_CODEPOINTS];

export interface Ipv4Packet {
  readonly src: string;
  readonly dst: string;
  readonly ttl: number;
  readonly id: number;
  /** The upper-layer protocol number; `IP_PROTOCOL_TCP` for TCP. */
  readonly protocol: number;
  /** RFC 3168 §5's ECN field; present only when not Not-ECT. */
  readonly ecn?: EcnCodepoint;
  /** The bytes after the header, up to Total Length: a view, not a copy. */
  readonly payload: Uint8Array;
}

/**
 * Wraps `tcpBytes` (an encoded TCP segment) in an IPv4 header with DF set
 * (RFC 1191 path-MTU discovery, as Linux sends TCP).
 *
 * Throws `TcpWireError`: `bad-address` unless both addresses are IPv4,
 * `bad-field` for a TTL or identification out of range, `too-long` when the
 * packet exceeds the 16-bit Total Length.
 */
export function encodeIpv4Packet(header: Ipv4Header, tcpBytes: Uint8Array): Uint8Array {
  const src = parseIpv4Address(header.src);
  const dst = parseIpv4Address(header.dst);
  const ttl = header.ttl ?? IPV4_DEFAULT_TTL;
  const id = header.id ?? 0;
  checkField('TTL', ttl, 0xff);
  checkField('identification', id, 0xffff);
  const totalLength = IPV4_HEADER_MIN_LENGTH + tcpBytes.length;
  if (totalLength > 0xffff) {
    throw new TcpWireError('too-long', `IPv4 packet of ${totalLength} octets does not fit the 16-bit Total Length`);
  }

  const bytes = new Uint8Array(totalLength);
  const view = new DataView(bytes.buffer);
  view.setUint8(field.versionAndIhl, (4 << 4) | (IPV4_HEADER_MIN_LENGTH / 4));
  view.setUint8(field.typeOfService, header.ecn ?? ECN_CODEPOINTS.notEct);
  view.setUint16(field.totalLength, totalLength);
  view.setUint16(field.identification, id);
  view.setUint16(field.flagsAndFragmentOffset, DONT_FRAGMENT);
  view.setUint8(field.timeToLive, ttl);
  view.setUint8(field.protocol, IP_PROTOCOL_TCP);
  bytes.set(src, field.source);
  bytes.set(dst, field.destination);
  // RFC 791 §3.1: the checksum covers the header only, computed with the
  // checksum field zero.
  view.setUint16(field.headerChecksum, internetChecksum(bytes, 0, IPV4_HEADER_MIN_LENGTH));
  bytes.set(tcpBytes, IPV4_HEADER_MIN_LENGTH);
  return bytes;
}

/**
 * Reads and verifies an IPv4 header. Octets beyond Total Length (link-layer
 * padding) are ignored.
 *
 * Throws `TcpWireError` and nothing else: `short-packet` when fewer octets
 * arrived than the header or Total Length claims, `bad-ip-header` for a
 * version other than 4, an IHL below 5 or past Total Length, or a fragment,
 * and `bad-checksum` when the header checksum does not verify.
 */
export function decodeIpv4Packet(bytes: Uint8Array): Ipv4Packet {
  if (bytes.length < IPV4_HEADER_MIN_LENGTH) {
    throw new TcpWireError(
      'short-packet',
      `packet of ${bytes.length} octets is shorter than the ${IPV4_HEADER_MIN_LENGTH}-octet IPv4 header`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const versionAndIhl = view.getUint8(field.versionAndIhl);
  const version = versionAndIhl >>> 4;
  if (version !== 4) {
    throw new TcpWireError('bad-ip-header', `IP version ${version} is not 4`);
  }
  const ihlWords = versionAndIhl & 0x0f;
  const headerLength = ihlWords * 4;
  if (headerLength < IPV4_HEADER_MIN_LENGTH) {
    throw new TcpWireError(
      'bad-ip-header',
      `IHL ${ihlWords} words is below the minimum of ${IPV4_HEADER_MIN_LENGTH / 4}`,
    );
  }
  const totalLength = view.getUint16(field.totalLength);
  if (totalLength < headerLength) {
    throw new TcpWireError(
      'bad-ip-header',
      `total length ${totalLength} is shorter than the ${headerLength}-octet header (IHL ${ihlWords})`,
    );
  }
  if (totalLength > bytes.length) {
    throw new TcpWireError('short-packet', `total length ${totalLength} exceeds the ${bytes.length} octets received`);
  }
  // RFC 791 §3.1: summed with its checksum, a correct header gives zero.
  if (internetChecksum(bytes, 0, headerLength) !== 0) {
    throw new TcpWireError(
      'bad-checksum',
      `IPv4 header checksum ${hex16(view.getUint16(field.headerChecksum))} does not verify`,
    );
  }
  const fragment = view.getUint16(field.flagsAndFragmentOffset);
  if ((fragment & MORE_FRAGMENTS) !== 0 || (fragment & FRAGMENT_OFFSET_MASK) !== 0) {
    throw new TcpWireError(
      'bad-ip-header',
      `fragment (offset ${(fragment & FRAGMENT_OFFSET_MASK) * 8}, more fragments ${(fragment & MORE_FRAGMENTS) !== 0}) is not reassembled`,
    );
  }
  const ecn = (view.getUint8(field.typeOfService) & 0b11) as EcnCodepoint;
  return {
    src: formatIpv4Address(bytes, field.source),
    dst: formatIpv4Address(bytes, field.destination),
    ttl: view.getUint8(field.timeToLive),
    id: view.getUint16(field.identification),
    protocol: view.getUint8(field.protocol),
    payload: bytes.subarray(headerLength, totalLength),
    ...(ecn !== ECN_CODEPOINTS.notEct ? { ecn } : {}),
  };
}

function parseIpv4Address(text: string): Uint8Array {
  const address = parseIpAddress(text);
  if (address.length !== 4) {
    throw new TcpWireError('bad-address', `'${text}' is not an IPv4 address`);
  }
  return address;
}

function formatIpv4Address(bytes: Uint8Array, offset: number): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/**
 * The Internet checksum (RFC 1071) and the pseudo-header TCP sums with it
 * (RFC 9293 §3.1 for IPv4, RFC 8200 §8.1 for IPv6).
 *
 * The sum is kept open (unfolded) between calls so the pseudo-header, the
 * header and the payload are summed where they lie, without concatenating
 * them (RFC 1071 §2(A): the sum is commutative and associative). This is on
 * the hot path of the throughput benchmark: no allocation per byte, one pass.
 */

import { isIPv4, isIPv6 } from 'node:net';
import { TcpWireError } from './errors';

/** RFC 9293 §3.1: "PTCL" in the pseudo-header; RFC 8200 §8.1 "Next Header". */
export const IP_PROTOCOL_TCP = 6;

/**
 * RFC 1071 §2(B), byte order independence: summing the words in the host's
 * byte order and swapping the folded result gives the same sum. On a
 * little-endian host (every platform Node runs on in practice) that lets the
 * loop read whole 16-bit words through a `Uint16Array` view.
 */
// Stryker disable next-line all: equivalent on the little-endian hosts the runs use (the portable loop gives the same
// sum, and `true` is the value itself); it is module-level, so each mutant would run every test (docs/mutation.md).
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Adds the 16-bit big-endian words of `bytes[start..end)` to `sum` and returns
 * the open (unfolded) sum; pass it to the next call or to `finishChecksum`.
 *
 * An odd-length range is padded with a zero octet (RFC 1071 §1), so only the
 * last range of a chain may have odd length.
 *
 * The open sum stays an exact integer (below 2^53) for any input that fits in
 * memory, so the carries are deferred (RFC 1071 §2(D)) to `finishChecksum`.
 */
export function onesComplementSum(bytes: Uint8Array, start = 0, end = bytes.length, sum = 0): number {
  const absoluteStart = bytes.byteOffset + start;
  // A Uint16Array view needs 2-octet alignment in the underlying buffer, and
  // is not worth creating for a short range (an address, a bare header).
  if (!HOST_IS_LITTLE_ENDIAN || (absoluteStart & 1) !== 0 || end - start < 64) {
    return sumBigEndianWords(bytes, start, end, sum);
  }
  const wordCount = (end - start) >>> 1;
  const words = new Uint16Array(bytes.buffer, absoluteStart, wordCount);
  let hostOrderSum = 0;
  let k = 0;
  for (; k + 7 < wordCount; k += 8) {
    hostOrderSum +=
      words[k]! +
      words[k + 1]! +
      words[k + 2]! +
      words[k + 3]! +
      words[k + 4]! +
      words[k + 5]! +
      words[k + 6]! +
      words[k + 7]!;
  }
  for (; k < wordCount; k++) {
    hostOrderSum += words[k]!;
  }
  const folded = foldCarries(hostOrderSum);
  const swapped = ((folded & 0xff) << 8) | (folded >>> 8);
  return sumBigEndianWords(bytes, start + wordCount * 2, end, sum + swapped);
}

/** The portable loop: words assembled octet by octet, any alignment, any host. */
function sumBigEndianWords(bytes: Uint8Array, start: number, end: number, sum: number): number {
  const evenEnd = end - ((end - start) & 1);
  let i = start;
  for (; i < evenEnd; i += 2) {
    sum += (bytes[i]! << 8) | bytes[i + 1]!;
  }
  if (evenEnd < end) {
    sum += bytes[evenEnd]! << 8;
  }
  return sum;
}

/** The end-around carry: adds the carries out of bit 15 back in until none remain. */
function foldCarries(sum: number): number {
  // `sum` may exceed 2^32, so no `>>>` until it is small.
  while (sum > 0xffff) {
    sum = (sum % 0x10000) + Math.floor(sum / 0x10000);
  }
  return sum;
}

/**
 * Folds the carries of an open sum into 16 bits and returns its ones'
 * complement (RFC 1071 §1): the value of a checksum field.
 * Summing data that already holds its correct checksum gives 0 here.
 */
export function finishChecksum(sum: number): number {
  return ~foldCarries(sum) & 0xffff;
}

/** The checksum of one byte range: RFC 1071 in one call. */
export function internetChecksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return finishChecksum(onesComplementSum(bytes, start, end));
}

/**
 * The open sum of the pseudo-header for a transport segment of `length`
 * octets (header plus data).
 *
 * IPv4 (RFC 9293 §3.1): source, destination, zero, PTCL, TCP length (16 bits).
 * IPv6 (RFC 8200 §8.1): source, destination, upper-layer packet length
 * (32 bits), three zero octets, next header. Zero octets add nothing and the
 * order of words does not matter to the sum, so one function serves both:
 * the 32-bit length is added as its two 16-bit halves.
 */
export function pseudoHeaderSum(src: Uint8Array, dst: Uint8Array, protocol: number, length: number): number {
  let sum = onesComplementSum(src);
  sum = onesComplementSum(dst, 0, dst.length, sum);
  return sum + protocol + (length >>> 16) + (length & 0xffff);
}

/** The two addresses of a segment, as the caller writes them. */
export interface Endpoints {
  readonly src: string;
  readonly dst: string;
}

/**
 * `src` and `dst` parsed, both of one family (4 or 16 octets). The arrays may
 * be shared with other callers (see `parseEndpoints`): read them, never write.
 */
export interface ParsedEndpoints {
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
  readonly family: 4 | 6;
}

/**
 * Parsed addresses by their text. A connection sends every segment between
 * the same two addresses, and parsing `fe80::1` costs more than summing a
 * full-sized segment, so each address is parsed once and remembered. The
 * bound keeps a scan over many addresses from growing it without limit.
 */
const parsedAddresses = new Map<string, Uint8Array>();
const PARSED_ADDRESSES_LIMIT = 256;

function parseIpAddressRemembered(text: string): Uint8Array {
  let address = parsedAddresses.get(text);
  if (address === undefined) {
    address = parseIpAddress(text);
    if (parsedAddresses.size >= PARSED_ADDRESSES_LIMIT) parsedAddresses.clear();
    parsedAddresses.set(text, address);
  }
  return address;
}

/**
 * Parses both addresses of a segment. A pseudo-header has one family, so an
 * IPv4 source with an IPv6 destination is refused as well.
 */
export function parseEndpoints(endpoints: Endpoints): ParsedEndpoints {
  const src = parseIpAddressRemembered(endpoints.src);
  const dst = parseIpAddressRemembered(endpoints.dst);
  if (src.length !== dst.length) {
    throw new TcpWireError(
      'bad-address',
      `source '${endpoints.src}' and destination '${endpoints.dst}' are of different IP versions`,
    );
  }
  return { src, dst, family: src.length === 4 ? 4 : 6 };
}

/**
 * Parses a textual IPv4 (`10.0.0.1`) or IPv6 (`fe80::1`, `::ffff:10.0.0.1`,
 * `fe80::1%eth0`) address into its 4 or 16 octets. A zone index names an
 * interface, not part of the address, and is dropped.
 */
export function parseIpAddress(text: string): Uint8Array {
  if (isIPv4(text)) {
    const bytes = new Uint8Array(4);
    writeDottedQuad(text, bytes, 0);
    return bytes;
  }
  if (isIPv6(text)) {
    return parseIpv6(text);
  }
  throw new TcpWireError('bad-address', `'${text}' is not an IPv4 or IPv6 address`);
}

/** Writes a dotted quad that `isIPv4` has accepted. */
function writeDottedQuad(text: string, bytes: Uint8Array, offset: number): void {
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x2e /* . */) {
      bytes[offset++] = value;
      value = 0;
    } else {
      value = value * 10 + (code - 0x30);
    }
  }
  bytes[offset] = value;
}

/**
 * Parses an address that `isIPv6` has accepted (RFC 4291 §2.2): groups
 * before `::` fill from the front, groups after it from the back, and the
 * last group may be a dotted quad.
 */
function parseIpv6(text: string): Uint8Array {
  const zone = text.indexOf('%');
  const address = zone < 0 ? text : text.slice(0, zone);
  const bytes = new Uint8Array(16);
  const gap = address.indexOf('::');
  if (gap < 0) {
    writeGroups(address, bytes, 0);
  } else {
    writeGroups(address.slice(0, gap), bytes, 0);
    const tail = address.slice(gap + 2);
    writeGroups(tail, bytes, 16 - groupsLength(tail));
  }
  return bytes;
}

/** The octets a run of colon-separated groups takes (a dotted quad is 4). */
function groupsLength(groups: string): number {
  if (groups === '') return 0;
  let colons = 0;
  for (let i = 0; i < groups.length; i++) {
    if (groups.charCodeAt(i) === 0x3a /* : */) colons++;
  }
  return (colons + 1) * 2 + (groups.includes('.') ? 2 : 0);
}

function writeGroups(groups: string, bytes: Uint8Array, offset: number): void {
  if (groups === '') return;
  for (const group of groups.split(':')) {
    if (group.includes('.')) {
      writeDottedQuad(group, bytes, offset);
      offset += 4;
    } else {
      const value = parseInt(group, 16);
      bytes[offset++] = value >>> 8;
      bytes[offset++] = value & 0xff;
    }
  }
}

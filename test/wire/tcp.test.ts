import fc from 'fast-check';
import { fuzzRuns } from '../fuzz/runs';
import {
  IP_PROTOCOL_TCP,
  finishChecksum,
  internetChecksum,
  onesComplementSum,
  parseEndpoints,
  pseudoHeaderSum,
  type Endpoints,
} from '../../src/wire/checksum';
import { TcpWireError } from '../../src/wire/errors';
import { segment, type Segment, type SegmentOptions, type SegmentSpec } from '../../src/wire/segment';
import { TCP_HEADER_MIN_LENGTH, decodeSegment, encodeSegment, encodedSegmentLength } from '../../src/wire/tcp';
import { hex, toHex, wireError } from './fixtures';

const CLIENT: Endpoints = { src: '192.168.1.2', dst: '192.168.1.1' };
const LINK_LOCAL: Endpoints = { src: 'fe80::1', dst: 'fe80::2' };

/** RFC 1071 over pseudo-header and segment together: a correct segment gives 0. */
function verifies(bytes: Uint8Array, endpoints: Endpoints): boolean {
  const { src, dst } = parseEndpoints(endpoints);
  const sum = onesComplementSum(bytes, 0, bytes.length, pseudoHeaderSum(src, dst, IP_PROTOCOL_TCP, bytes.length));
  return finishChecksum(sum) === 0;
}

/** Rewrites the checksum of hand-edited bytes, so a test reaches the check after it. */
function resealed(bytes: Uint8Array, endpoints: Endpoints = CLIENT): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const { src, dst } = parseEndpoints(endpoints);
  copy[16] = 0;
  copy[17] = 0;
  const checksum = finishChecksum(
    onesComplementSum(copy, 0, copy.length, pseudoHeaderSum(src, dst, IP_PROTOCOL_TCP, copy.length)),
  );
  copy[16] = checksum >>> 8;
  copy[17] = checksum & 0xff;
  return copy;
}

/** A 20-octet header, data offset `words`, followed by `options` (already padded by the test). */
function withOptions(options: string, words = 5 + hex(options).length / 4): Uint8Array {
  const header = hex('c000 0050 0000 03e8 0000 0000 0002 faf0 0000 0000');
  const bytes = new Uint8Array(header.length + hex(options).length);
  bytes.set(header);
  bytes.set(hex(options), header.length);
  bytes[12] = words << 4;
  return resealed(bytes);
}

/** The SYN of the known vectors: 49152 -> 80, ISS 1000, window 64240, MSS 1460. */
const synWithMss = segment({
  srcPort: 49152,
  dstPort: 80,
  seq: 1000,
  flags: 'S',
  window: 64240,
  options: { mss: 1460 },
});

describe('encoding known segments', () => {
  test('SYN with MSS 1460 over IPv4 encodes to the exact bytes, checksum 55a9', () => {
    const bytes = encodeSegment(synWithMss, CLIENT);
    // Checksum computed independently (Python, RFC 1071) over the pseudo-header
    // c0a80102 c0a80101 0006 0018 and the header.
    expect(toHex(bytes)).toBe(toHex(hex('c000 0050 0000 03e8 0000 0000 6002 faf0 55a9 0000 0204 05b4')));
  });

  test('SYN with MSS 1460 sums to ffff with its pseudo-header (RFC 1071)', () => {
    const bytes = encodeSegment(synWithMss, CLIENT);
    const pseudoHeader = hex('c0a8 0102 c0a8 0101 0006 0018');
    const whole = new Uint8Array(pseudoHeader.length + bytes.length);
    whole.set(pseudoHeader);
    whole.set(bytes, pseudoHeader.length);
    expect(internetChecksum(whole)).toBe(0);
  });

  test('SYN with MSS 1460 over IPv6 takes the RFC 8200 pseudo-header, checksum dbf8', () => {
    const bytes = encodeSegment(synWithMss, LINK_LOCAL);
    expect(toHex(bytes.subarray(16, 18))).toBe('dbf8');
    expect(verifies(bytes, LINK_LOCAL)).toBe(true);
  });

  test('a zone index names an interface, not an address: over fe80::1%eth0.100 the SYN still has checksum dbf8', () => {
    const bytes = encodeSegment(synWithMss, { src: 'fe80::1%eth0.100', dst: 'fe80::2%eth0.100' });
    expect(toHex(bytes.subarray(16, 18))).toBe('dbf8');
  });

  test('Linux SYN lays out MSS, SACK-permitted+timestamps, NOP, window scale', () => {
    const syn = segment({
      srcPort: 40000,
      dstPort: 8080,
      seq: 0xdeadbeef,
      flags: 'S',
      window: 64240,
      options: { mss: 1460, sackPermitted: true, timestamp: { value: 0x01020304, echo: 0 }, windowScale: 7 },
    });
    const bytes = encodeSegment(syn, { src: '10.0.0.1', dst: '10.0.0.2' });
    expect(toHex(bytes)).toBe(
      toHex(
        hex('9c40 1f90 dead beef 0000 0000 a002 faf0 db98 0000' + '0204 05b4 0402 080a 0102 0304 0000 0000 0103 0307'),
      ),
    );
  });

  test('SACK-permitted without timestamps is NOP NOP 04 02, before window scale', () => {
    const syn = segment({ flags: 'S', options: { mss: 536, sackPermitted: true, windowScale: 0 } });
    const bytes = encodeSegment(syn, CLIENT);
    expect(toHex(bytes.subarray(TCP_HEADER_MIN_LENGTH))).toBe('02040218' + '01010402' + '01030300');
  });

  test('timestamps without SACK-permitted are preceded by NOP NOP', () => {
    const ack = segment({ flags: '.', options: { timestamp: { value: 1, echo: 2 } } });
    const bytes = encodeSegment(ack, CLIENT);
    expect(toHex(bytes.subarray(TCP_HEADER_MIN_LENGTH))).toBe('0101080a' + '00000001' + '00000002');
    expect(bytes[12]! >>> 4).toBe(8);
  });

  test('SACK blocks are NOP NOP 05 len, then each block as left and right edges (RFC 2018 §3)', () => {
    const ack = segment({
      flags: '.',
      options: {
        sackBlocks: [
          { left: 1461, right: 2921 },
          { left: 0xffff_fff0, right: 16 },
        ],
      },
    });
    const bytes = encodeSegment(ack, CLIENT);
    expect(toHex(bytes.subarray(TCP_HEADER_MIN_LENGTH))).toBe(
      '01010512' + '000005b5' + '00000b69' + 'fffffff0' + '00000010',
    );
    expect(decodeSegment(bytes, CLIENT).options).toEqual(ack.options);
  });

  test('PSH-ACK with "hello" encodes header then data, checksum f8a5', () => {
    const data = segment({
      srcPort: 8080,
      dstPort: 40000,
      seq: 1000,
      ack: 0xdeadbef0,
      flags: 'P.',
      window: 502,
      payload: 'hello',
    });
    const bytes = encodeSegment(data, { src: '10.0.0.2', dst: '10.0.0.1' });
    expect(toHex(bytes)).toBe(toHex(hex('1f90 9c40 0000 03e8 dead bef0 5018 01f6 f8a5 0000 6865 6c6c 6f')));
  });

  test('encodedSegmentLength predicts the encoded length', () => {
    const syn = segment({ flags: 'S', payload: 'abc', options: { mss: 1460, sackPermitted: true, windowScale: 7 } });
    expect(encodedSegmentLength(syn)).toBe(encodeSegment(syn, CLIENT).length);
    expect(encodedSegmentLength(syn)).toBe(20 + 12 + 3);
  });

  test('the urgent pointer is sent with URG', () => {
    const urgent = segment({ flags: 'U.', urgentPointer: 0x1234 });
    const bytes = encodeSegment(urgent, CLIENT);
    expect(toHex(bytes.subarray(18, 20))).toBe('1234');
    expect(bytes[13]).toBe(0x30);
  });
});

describe('decoding known segments', () => {
  test('the SYN with MSS decodes to the segment it was built from', () => {
    const bytes = hex('c000 0050 0000 03e8 0000 0000 6002 faf0 55a9 0000 0204 05b4');
    expect(decodeSegment(bytes, CLIENT)).toStrictEqual(synWithMss);
  });

  test('the payload is a view into the received bytes, not a copy', () => {
    const bytes = encodeSegment(segment({ flags: 'P.', payload: 'hello' }), CLIENT);
    const decoded = decodeSegment(bytes, CLIENT);
    expect(decoded.payload.buffer).toBe(bytes.buffer);
    expect(decoded.payload.byteOffset).toBe(bytes.byteOffset + TCP_HEADER_MIN_LENGTH);
    expect(Buffer.from(decoded.payload).toString()).toBe('hello');
  });

  test('a segment inside a larger buffer (after an IP header) decodes in place', () => {
    const encoded = encodeSegment(segment({ flags: 'P.', payload: 'hi', options: { mss: 1 } }), CLIENT);
    const packet = new Uint8Array(20 + encoded.length);
    packet.set(encoded, 20);
    const decoded = decodeSegment(packet.subarray(20), CLIENT);
    expect(decoded.options).toEqual({ mss: 1 });
    expect(decoded.payload.byteOffset).toBe(20 + 24);
  });

  test('an unknown option is skipped by its length', () => {
    // Kind 254 (RFC 6994 experimental), length 4, then MSS.
    const decoded = decodeSegment(withOptions('fe04 abcd 0204 05b4'), CLIENT);
    expect(decoded.options).toEqual({ mss: 1460 });
  });

  test('a SACK option (kind 5) with one block reads as that block (RFC 2018 §3)', () => {
    const decoded = decodeSegment(withOptions('0101 050a 0000 0001 0000 0002'), CLIENT);
    expect(decoded.options).toEqual({ sackBlocks: [{ left: 1, right: 2 }] });
  });

  test('end of option list stops parsing; what follows is padding', () => {
    const decoded = decodeSegment(withOptions('0204 05b4 00ff ffff'), CLIENT);
    expect(decoded.options).toEqual({ mss: 1460 });
  });

  test('a header of NOPs has no options', () => {
    expect(decodeSegment(withOptions('0101 0101'), CLIENT)).not.toHaveProperty('options');
  });

  test('a window scale above 14 is reported as received (RFC 7323 §2.3 clamps later)', () => {
    expect(decodeSegment(withOptions('0103 030f'), CLIENT).options).toEqual({ windowScale: 15 });
  });

  test('a repeated option: the last one wins', () => {
    expect(decodeSegment(withOptions('0204 0001 0204 0002'), CLIENT).options).toEqual({ mss: 2 });
  });

  test('without URG the urgent pointer field is ignored', () => {
    const bytes = encodeSegment(segment({ flags: '.', urgentPointer: 7 }), CLIENT);
    expect(decodeSegment(bytes, CLIENT)).not.toHaveProperty('urgentPointer');
  });

  test('the reserved bits are ignored', () => {
    const bytes = Uint8Array.from(encodeSegment(segment({ flags: 'S.' }), CLIENT));
    bytes[12] = bytes[12]! | 0x0f;
    expect(decodeSegment(resealed(bytes), CLIENT).flags).toEqual(segment({ flags: 'S.' }).flags);
  });

  test('CWR and ECE (RFC 3168 §6.1) decode as W and E', () => {
    const bytes = Uint8Array.from(encodeSegment(segment({ flags: 'S.' }), CLIENT));
    bytes[13] = bytes[13]! | 0xc0;
    expect(decodeSegment(resealed(bytes), CLIENT).flags).toEqual(segment({ flags: 'SEW.' }).flags);
  });

  test('all six control bits decode', () => {
    const all = segment({ flags: 'SFRPU.', urgentPointer: 1 });
    expect(decodeSegment(encodeSegment(all, CLIENT), CLIENT)).toStrictEqual(all);
  });
});

describe('malformed segments raise TcpWireError', () => {
  test('19 octets: short-header', () => {
    expect(() => decodeSegment(new Uint8Array(19), CLIENT)).toThrow(
      wireError('short-header', 'segment of 19 octets is shorter than the 20-octet TCP header'),
    );
  });

  test.each([
    ['4: below the minimum of 5', 4, 'data offset 4 words is below the minimum of 5'],
    [
      '6 in a 20-octet segment: runs past the end',
      6,
      'data offset 6 words (24 octets) runs past the end of the 20-octet segment',
    ],
  ])('data offset %s: bad-data-offset', (_name, words, message) => {
    expect(() => decodeSegment(withOptions('', words), CLIENT)).toThrow(wireError('bad-data-offset', message));
  });

  // The SYN's right checksum is 55a9 (computed independently, see 'encoding known segments').
  test.each([
    ['zero, which is not "no checksum" for TCP', 0x0000, '0x0000'],
    ['0x1234', 0x1234, '0x1234'],
    ['one below the right one', 0x55a8, '0x55a8'],
  ])('the SYN with checksum %s: bad-checksum, expected 0x55a9', (_name, received, printed) => {
    const bytes = Uint8Array.from(encodeSegment(synWithMss, CLIENT));
    bytes[16] = received >>> 8;
    bytes[17] = received & 0xff;
    expect(() => decodeSegment(bytes, CLIENT)).toThrow(
      wireError('bad-checksum', `checksum ${printed} does not verify: expected 0x55a9`),
    );
  });

  // Ones' complement: 0x0100 more in a word of the sum is 0x0100 less in the checksum ('h' to 'i'), one more is
  // one less (.2 to .3). The checksum the message expects, written into the segment, makes it verify.
  test.each([
    {
      name: 'a PSH-ACK whose "hello" arrives as "iello"',
      sent: { flags: 'P.', payload: 'hello' },
      lowBitFlippedAt: 20,
      arrival: CLIENT,
      message: 'checksum 0xe8a1 does not verify: expected 0xe7a1',
      expected: 'e7a1',
    },
    {
      name: 'the SYN checked against a source one higher, 192.168.1.3',
      sent: { srcPort: 49152, dstPort: 80, seq: 1000, flags: 'S', window: 64240, options: { mss: 1460 } },
      lowBitFlippedAt: undefined,
      arrival: { src: '192.168.1.3', dst: '192.168.1.1' },
      message: 'checksum 0x55a9 does not verify: expected 0x55a8',
      expected: '55a8',
    },
  ])(
    '$name: bad-checksum, and the checksum expected verifies',
    ({ sent, lowBitFlippedAt, arrival, message, expected }) => {
      const bytes = Uint8Array.from(encodeSegment(segment(sent), CLIENT));
      if (lowBitFlippedAt !== undefined) bytes[lowBitFlippedAt] = bytes[lowBitFlippedAt]! ^ 0x01;
      expect(() => decodeSegment(bytes, arrival)).toThrow(wireError('bad-checksum', message));
      bytes.set(hex(expected), 16);
      expect(verifies(bytes, arrival)).toBe(true);
      expect(() => decodeSegment(bytes, arrival)).not.toThrow();
    },
  );

  test.each([
    [
      'option length 1, below the minimum of 2',
      '0201 0000',
      'option kind 2 at offset 20 has length 1, below the minimum of 2',
    ],
    [
      'option length 0, which would loop forever',
      'fe00 0000',
      'option kind 254 at offset 20 has length 0, below the minimum of 2',
    ],
    [
      'option running past the header',
      '0101 0208',
      'option kind 2 at offset 22 with length 8 runs past the end of the header at 24',
    ],
    [
      'option kind with no length octet',
      '0101 01fe',
      'option kind 254 at offset 23 has no length octet before the end of the header at 24',
    ],
    ['MSS of length 3', '0203 0501', 'MSS option (kind 2) has length 3, expected 4'],
    ['window scale of length 4', '0304 0701', 'window scale option (kind 3) has length 4, expected 3'],
    ['SACK-permitted of length 3', '0403 0001', 'SACK-permitted option (kind 4) has length 3, expected 2'],
    ['timestamps of length 8', '0808 0000 0000 0000', 'timestamps option (kind 8) has length 8, expected 10'],
    ['SACK of length 2, no block', '0502 0000', 'SACK option (kind 5) has length 2, expected 2 + 8n with n ≥ 1'],
    [
      'SACK of length 11, not 2 + 8n',
      '0101 050b 0000 0001 0000 0002 0000 0000',
      'SACK option (kind 5) has length 11, expected 2 + 8n with n ≥ 1',
    ],
  ])('%s: bad-option', (_name, options, message) => {
    expect(() => decodeSegment(withOptions(options), CLIENT)).toThrow(wireError('bad-option', message));
  });

  test('an address that is not IP: bad-address', () => {
    expect(() => decodeSegment(encodeSegment(synWithMss, CLIENT), { src: 'host', dst: '10.0.0.1' })).toThrow(
      wireError('bad-address', "'host' is not an IPv4 or IPv6 address"),
    );
    expect(() => encodeSegment(synWithMss, { src: '10.0.0.1', dst: '::1' })).toThrow(
      wireError('bad-address', "source '10.0.0.1' and destination '::1' are of different IP versions"),
    );
  });
});

describe('fields that do not fit raise bad-field on encode', () => {
  const fourSackBlocks = [1, 2, 3, 4].map((n) => ({ left: n * 10, right: n * 10 + 5 }));

  test.each<[string, SegmentSpec, string]>([
    ['source port 65536', { srcPort: 65536 }, 'source port 65536 is not an integer in 0..65535'],
    ['destination port -1', { dstPort: -1 }, 'destination port -1 is not an integer in 0..65535'],
    ['sequence number 2^32', { seq: 2 ** 32 }, 'sequence number 4294967296 is not an integer in 0..4294967295'],
    ['acknowledgment number 1.5', { ack: 1.5 }, 'acknowledgment number 1.5 is not an integer in 0..4294967295'],
    ['window 65536', { window: 65536 }, 'window 65536 is not an integer in 0..65535'],
    [
      'urgent pointer 65536',
      { flags: 'U', urgentPointer: 65536 },
      'urgent pointer 65536 is not an integer in 0..65535',
    ],
    ['MSS 65536', { options: { mss: 65536 } }, 'MSS 65536 is not an integer in 0..65535'],
    ['window scale 256', { options: { windowScale: 256 } }, 'window scale 256 is not an integer in 0..255'],
    [
      'TSval 2^32',
      { options: { timestamp: { value: 2 ** 32, echo: 0 } } },
      'TSval 4294967296 is not an integer in 0..4294967295',
    ],
    [
      'TSecr NaN',
      { options: { timestamp: { value: 0, echo: Number.NaN } } },
      'TSecr NaN is not an integer in 0..4294967295',
    ],
    [
      'a SACK option without blocks (RFC 2018 §3)',
      { options: { sackBlocks: [] } },
      'a SACK option holds 1 block or more',
    ],
    [
      'a SACK left edge of 2^32',
      { options: { sackBlocks: [{ left: 2 ** 32, right: 1 }] } },
      'SACK left edge 4294967296 is not an integer in 0..4294967295',
    ],
    [
      'a SACK right edge of -1 in the second block',
      {
        options: {
          sackBlocks: [
            { left: 1, right: 2 },
            { left: 3, right: -1 },
          ],
        },
      },
      'SACK right edge -1 is not an integer in 0..4294967295',
    ],
    [
      'four SACK blocks beside timestamps, 48 octets of options in our layout',
      { flags: '.', options: { timestamp: { value: 1, echo: 2 }, sackBlocks: fourSackBlocks } },
      'options of 48 octets do not fit the 40 a header holds',
    ],
  ])('%s', (_name, fields, message) => {
    // segment() is called here, not in the table: the table is built as jest collects the tests, outside any.
    expect(() => encodeSegment(segment(fields), CLIENT)).toThrow(wireError('bad-field', message));
  });
});

describe('the 16-bit TCP length of the IPv4 pseudo-header (RFC 9293 §3.1)', () => {
  test('a segment of exactly 65,535 octets fits: it encodes, verifies and decodes', () => {
    const largest = segment({ payload: new Uint8Array(65535 - 20).fill(0xa5) });
    const bytes = encodeSegment(largest, CLIENT);
    expect(bytes.length).toBe(65535);
    expect(verifies(bytes, CLIENT)).toBe(true);
    expect(decodeSegment(bytes, CLIENT)).toStrictEqual(largest);
  });

  test('a segment of 65,536 octets does not: too-long on encode, and on decode between IPv4 addresses', () => {
    const huge = segment({ payload: new Uint8Array(65536 - 20) });
    const message = 'TCP segment of 65536 octets does not fit the 16-bit length of the IPv4 pseudo-header';
    expect(() => encodeSegment(huge, CLIENT)).toThrow(wireError('too-long', message));
    // IPv6 carries the length in 32 bits (RFC 8200 §8.1): the same segment goes, and is refused over IPv4.
    const overIpv6 = encodeSegment(huge, LINK_LOCAL);
    expect(verifies(overIpv6, LINK_LOCAL)).toBe(true);
    expect(() => decodeSegment(overIpv6, CLIENT)).toThrow(wireError('too-long', message));
  });
});

// ---- properties -------------------------------------------------------------

const uint16 = fc.nat({ max: 0xffff });
const uint32 = fc.nat({ max: 0xffff_ffff });

/** Options in canonical form: only what we encode, `sackPermitted` true or absent, none -> undefined. */
const optionsArbitrary: fc.Arbitrary<SegmentOptions | undefined> = fc
  .record(
    {
      mss: uint16,
      windowScale: fc.nat({ max: 0xff }),
      sackPermitted: fc.constant(true as const),
      timestamp: fc.record({ value: uint32, echo: uint32 }, { noNullPrototype: true }),
      // Two blocks at most, so that every other option fits beside them in 40 octets.
      sackBlocks: fc.array(fc.record({ left: uint32, right: uint32 }, { noNullPrototype: true }), {
        minLength: 1,
        maxLength: 2,
      }),
    },
    // Plain objects, like the decoder's, so toStrictEqual compares fields only.
    { requiredKeys: [], noNullPrototype: true },
  )
  .map((options) => (Object.keys(options).length === 0 ? undefined : options));

const flagLetters = fc.subarray(['S', 'F', 'R', 'P', 'U', '.']).map((letters) => letters.join(''));

/** Any segment `decodeSegment(encodeSegment(s))` must give back exactly. */
const segmentArbitrary: fc.Arbitrary<Segment> = fc
  .record({
    srcPort: uint16,
    dstPort: uint16,
    seq: uint32,
    ack: uint32,
    flags: flagLetters,
    window: uint16,
    urgentPointer: uint16,
    payload: fc.uint8Array({ maxLength: 64 }),
    options: optionsArbitrary,
  })
  .map(({ flags, urgentPointer, options, ...fields }) =>
    segment({
      ...fields,
      flags,
      // Canonical: the urgent pointer exists exactly when URG is set (RFC 9293 §3.1).
      ...(flags.includes('U') ? { urgentPointer } : {}),
      ...(options !== undefined ? { options } : {}),
    }),
  );

const endpointsArbitrary: fc.Arbitrary<Endpoints> = fc.oneof(
  fc.record({ src: fc.ipV4(), dst: fc.ipV4() }),
  fc.record({ src: fc.ipV6(), dst: fc.ipV6() }),
);

/**
 * Option bytes for the parser fuzz: a run of well-formed options (ours, NOP,
 * EOL, unknown kinds) mixed with garbage, cut to whole words within the
 * 40 octets a header can hold.
 */
const optionBytesArbitrary: fc.Arbitrary<Uint8Array> = fc
  .array(
    fc.oneof(
      uint16.map((mss) => [2, 4, mss >>> 8, mss & 0xff]),
      fc.nat({ max: 0xff }).map((shift) => [3, 3, shift]),
      fc.constant([4, 2]),
      fc.uint8Array({ minLength: 8, maxLength: 8 }).map((values) => [8, 10, ...values]),
      fc.constant([1]),
      fc.constant([0]),
      fc.uint8Array({ maxLength: 6 }).map((data) => [253, data.length + 2, ...data]),
      fc.uint8Array({ maxLength: 4 }).map((garbage) => Array.from(garbage)),
    ),
    { maxLength: 8 },
  )
  .map((parts) => {
    const flat = parts.flat().slice(0, 40);
    return Uint8Array.from(flat.slice(0, flat.length - (flat.length % 4)));
  });

/** Runs `decode` and reports anything but a Segment or a TcpWireError as a failure. */
function decodesOrRefuses(bytes: Uint8Array, endpoints: Endpoints): boolean {
  try {
    const decoded = decodeSegment(bytes, endpoints);
    return typeof decoded.seq === 'number';
  } catch (error) {
    if (error instanceof TcpWireError) return true;
    throw error;
  }
}

describe('wire laws (fast-check)', () => {
  test('decodeSegment(encodeSegment(s)) is s for any canonical segment, IPv4 or IPv6', () => {
    fc.assert(
      fc.property(segmentArbitrary, endpointsArbitrary, (original, endpoints) => {
        const bytes = encodeSegment(original, endpoints);
        expect(bytes.length).toBe(encodedSegmentLength(original));
        expect(verifies(bytes, endpoints)).toBe(true);
        expect(decodeSegment(bytes, endpoints)).toStrictEqual(original);
      }),
      { numRuns: fuzzRuns('FUZZ_WIRE_RUNS', 100) },
    );
  });

  test('any bytes decode to a Segment or raise TcpWireError, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => decodesOrRefuses(bytes, CLIENT)),
      { numRuns: fuzzRuns('FUZZ_WIRE_RUNS', 2000) },
    );
  });

  test('any bytes with a correct checksum decode or raise TcpWireError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 100 }), (bytes) =>
        decodesOrRefuses(resealed(bytes), CLIENT),
      ),
      { numRuns: fuzzRuns('FUZZ_WIRE_RUNS', 2000) },
    );
  });

  test('any mix of well-formed and garbled options decodes or raises TcpWireError', () => {
    fc.assert(
      fc.property(optionBytesArbitrary, fc.uint8Array({ maxLength: 16 }), (options, payload) => {
        const header = withOptions(Buffer.from(options).toString('hex'));
        const bytes = new Uint8Array(header.length + payload.length);
        bytes.set(header);
        bytes.set(payload, header.length);
        return decodesOrRefuses(resealed(bytes), CLIENT);
      }),
      { numRuns: fuzzRuns('FUZZ_WIRE_RUNS', 2000) },
    );
  });

  test('flipping any single bit of an encoded segment is caught', () => {
    fc.assert(
      fc.property(segmentArbitrary, endpointsArbitrary, fc.nat(), (original, endpoints, at) => {
        const bytes = Uint8Array.from(encodeSegment(original, endpoints));
        const bit = at % (bytes.length * 8);
        bytes[bit >>> 3] = bytes[bit >>> 3]! ^ (0x80 >>> (bit & 7));
        expect(() => decodeSegment(bytes, endpoints)).toThrow(TcpWireError);
      }),
      { numRuns: fuzzRuns('FUZZ_WIRE_RUNS', 100) },
    );
  });
});

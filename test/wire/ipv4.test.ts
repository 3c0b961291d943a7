import fc from 'fast-check';
import { fuzzRuns } from '../fuzz/runs';
import { IP_PROTOCOL_TCP, internetChecksum } from '../../src/wire/checksum';
import { TcpWireError, type TcpWireErrorCode } from '../../src/wire/errors';
import {
  IPV4_DEFAULT_TTL,
  IPV4_HEADER_MIN_LENGTH,
  decodeIpv4Packet,
  encodeIpv4Packet,
  type Ipv4Header,
} from '../../src/wire/ipv4';
import { segment } from '../../src/wire/segment';
import { decodeSegment, encodeSegment } from '../../src/wire/tcp';
import { hex, toHex, wireError } from './fixtures';

const CLIENT = { src: '192.168.1.2', dst: '192.168.1.1' };

/**
 * The SYN of test/wire/tcp.test.ts: 24 octets, MSS 1460. Encoded in each test that uses it, not once as the file
 * loads: a mutation run (npm run mutate:all) would otherwise run every test for each mutant of the encoder.
 */
const synBytes = (): Uint8Array =>
  encodeSegment(
    segment({ srcPort: 49152, dstPort: 80, seq: 1000, flags: 'S', window: 64240, options: { mss: 1460 } }),
    CLIENT,
  );

/** `header` (with any checksum) followed by `payloadLength` zero octets, header checksum rewritten. */
function packet(header: string, payloadLength = 0): Uint8Array {
  const headerBytes = hex(header);
  const bytes = new Uint8Array(headerBytes.length + payloadLength);
  bytes.set(headerBytes);
  const headerLength = (bytes[0]! & 0x0f) * 4;
  if (headerLength >= IPV4_HEADER_MIN_LENGTH && headerLength <= bytes.length) {
    bytes[10] = 0;
    bytes[11] = 0;
    const checksum = internetChecksum(bytes, 0, headerLength);
    bytes[10] = checksum >>> 8;
    bytes[11] = checksum & 0xff;
  }
  return bytes;
}

describe('encoding known packets', () => {
  test('a SYN from 192.168.1.2 to 192.168.1.1 gets a DF header, TTL 64, checksum b778', () => {
    const bytes = encodeIpv4Packet(CLIENT, synBytes());
    // Checksum computed independently (Python, RFC 1071).
    expect(toHex(bytes.subarray(0, 20))).toBe(toHex(hex('4500 002c 0000 4000 4006 b778 c0a8 0102 c0a8 0101')));
    expect(toHex(bytes.subarray(20))).toBe(toHex(synBytes()));
  });

  test('TTL and identification are written as given', () => {
    const bytes = encodeIpv4Packet({ ...CLIENT, ttl: 1, id: 0xbeef }, synBytes());
    expect(toHex(bytes.subarray(4, 10))).toBe('beef40000106');
    expect(internetChecksum(bytes, 0, 20)).toBe(0);
  });
});

describe('decoding known packets', () => {
  test('the well-known header 4500 0073 ... b861 decodes: UDP from 192.168.0.1 to 192.168.0.199', () => {
    const bytes = new Uint8Array(0x73);
    bytes.set(hex('4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7'));
    expect(decodeIpv4Packet(bytes)).toStrictEqual({
      src: '192.168.0.1',
      dst: '192.168.0.199',
      ttl: 64,
      id: 0,
      protocol: 17,
      payload: new Uint8Array(0x73 - 20),
    });
  });

  test('a SYN in IPv4 decodes back to the SYN, through the addresses of the IP header', () => {
    const ip = decodeIpv4Packet(encodeIpv4Packet(CLIENT, synBytes()));
    expect(ip.protocol).toBe(IP_PROTOCOL_TCP);
    expect(ip.ttl).toBe(IPV4_DEFAULT_TTL);
    expect(decodeSegment(ip.payload, ip).options).toEqual({ mss: 1460 });
  });

  test('the payload is a view into the received bytes, not a copy', () => {
    const bytes = encodeIpv4Packet(CLIENT, synBytes());
    const { payload } = decodeIpv4Packet(bytes);
    expect(payload.buffer).toBe(bytes.buffer);
    expect(payload.byteOffset).toBe(20);
  });

  test('octets after Total Length (link padding) are not payload', () => {
    const bytes = packet('4500 0016 0000 4000 4006 0000 0a00 0001 0a00 0002', 26 + 2);
    expect(decodeIpv4Packet(bytes).payload.length).toBe(2);
  });

  test('IP options (IHL 6) are skipped', () => {
    const bytes = packet('4600 001a 0000 4000 4006 0000 0a00 0001 0a00 0002 0101 0101', 2);
    expect(decodeIpv4Packet(bytes).payload.length).toBe(2);
  });
});

describe('malformed packets raise TcpWireError', () => {
  // `packet` rewrites the header checksum, so each header reaches the check it is built to fail.
  test.each<[string, string, TcpWireErrorCode, string]>([
    [
      'a header cut to 19 octets',
      '4500 0014 0000 4000 4006 0000 0a00 0001 0a00 00',
      'short-packet',
      'packet of 19 octets is shorter than the 20-octet IPv4 header',
    ],
    ['version 6', '6500 0014 0000 4000 4006 0000 0a00 0001 0a00 0002', 'bad-ip-header', 'IP version 6 is not 4'],
    // RFC 791 §3.1: "the minimum value for a correct header is 5" (20 octets), the IHL of the packets that decode above.
    [
      'IHL 4',
      '4400 0014 0000 4000 4006 0000 0a00 0001 0a00 0002',
      'bad-ip-header',
      'IHL 4 words is below the minimum of 5',
    ],
    [
      'IHL 0',
      '4000 0014 0000 4000 4006 0000 0a00 0001 0a00 0002',
      'bad-ip-header',
      'IHL 0 words is below the minimum of 5',
    ],
    [
      'Total Length 19, shorter than the header',
      '4500 0013 0000 4000 4006 0000 0a00 0001 0a00 0002',
      'bad-ip-header',
      'total length 19 is shorter than the 20-octet header (IHL 5)',
    ],
    [
      'IHL 15 in a 20-octet packet',
      '4f00 0014 0000 4000 4006 0000 0a00 0001 0a00 0002',
      'bad-ip-header',
      'total length 20 is shorter than the 60-octet header (IHL 15)',
    ],
    [
      'Total Length 21, beyond the 20 octets received',
      '4500 0015 0000 4000 4006 0000 0a00 0001 0a00 0002',
      'short-packet',
      'total length 21 exceeds the 20 octets received',
    ],
    // RFC 791 §3.1: the Fragment Offset counts 8-octet units. 185 units is 1,480 octets, the data of the first
    // fragment of a datagram on a 1,500-octet MTU.
    [
      'a first fragment (MF set, offset 0)',
      '4500 0014 0000 2000 4006 0000 0a00 0001 0a00 0002',
      'bad-ip-header',
      'fragment (offset 0, more fragments true) is not reassembled',
    ],
    [
      'a middle fragment (MF set, offset 185 units)',
      '4500 0014 0000 20b9 4006 0000 0a00 0001 0a00 0002',
      'bad-ip-header',
      'fragment (offset 1480, more fragments true) is not reassembled',
    ],
    [
      'a last fragment (MF clear, offset 185 units)',
      '4500 0014 0000 00b9 4006 0000 0a00 0001 0a00 0002',
      'bad-ip-header',
      'fragment (offset 1480, more fragments false) is not reassembled',
    ],
    [
      'a last fragment at the largest offset, 8191 units',
      '4500 0014 0000 1fff 4006 0000 0a00 0001 0a00 0002',
      'bad-ip-header',
      'fragment (offset 65528, more fragments false) is not reassembled',
    ],
  ])('%s: %s', (_name, header, code, message) => {
    expect(() => decodeIpv4Packet(packet(header))).toThrow(wireError(code, message));
  });

  test.each([
    ['one bit flipped: b778 arrives as b779', 0xb779, '0xb779'],
    ['0x00ab, printed with four digits', 0x00ab, '0x00ab'],
  ])('a wrong header checksum, %s: bad-checksum', (_name, received, printed) => {
    const bytes = Uint8Array.from(encodeIpv4Packet(CLIENT, synBytes()));
    bytes[10] = received >>> 8;
    bytes[11] = received & 0xff;
    expect(() => decodeIpv4Packet(bytes)).toThrow(
      wireError('bad-checksum', `IPv4 header checksum ${printed} does not verify`),
    );
  });
});

describe('encoding refuses what IPv4 cannot carry', () => {
  test.each<[string, Ipv4Header, number, TcpWireErrorCode, string]>([
    ['an IPv6 source', { src: '::1', dst: '10.0.0.1' }, 24, 'bad-address', "'::1' is not an IPv4 address"],
    ['an IPv6 destination', { src: '10.0.0.1', dst: 'fe80::1' }, 24, 'bad-address', "'fe80::1' is not an IPv4 address"],
    ['TTL 256', { ...CLIENT, ttl: 256 }, 24, 'bad-field', 'TTL 256 is not an integer in 0..255'],
    [
      'identification 65536',
      { ...CLIENT, id: 65536 },
      24,
      'bad-field',
      'identification 65536 is not an integer in 0..65535',
    ],
    [
      'a packet of 65,536 octets',
      CLIENT,
      65536 - 20,
      'too-long',
      'IPv4 packet of 65536 octets does not fit the 16-bit Total Length',
    ],
  ])('%s: %s', (_name, header, tcpLength, code, message) => {
    expect(() => encodeIpv4Packet(header, new Uint8Array(tcpLength))).toThrow(wireError(code, message));
  });

  test('a packet of exactly 65,535 octets fits: Total Length ffff, and it decodes back', () => {
    const tcpBytes = new Uint8Array(65535 - 20).fill(0x5a);
    const bytes = encodeIpv4Packet(CLIENT, tcpBytes);
    expect(toHex(bytes.subarray(2, 4))).toBe('ffff');
    expect(decodeIpv4Packet(bytes).payload).toStrictEqual(tcpBytes);
  });
});

describe('IPv4 laws (fast-check)', () => {
  const header = fc.record({
    src: fc.ipV4(),
    dst: fc.ipV4(),
    ttl: fc.nat({ max: 0xff }),
    id: fc.nat({ max: 0xffff }),
  });

  test('decodeIpv4Packet(encodeIpv4Packet(h, p)) gives back h, TCP and p', () => {
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 100 }), (sent, payload) => {
        expect(decodeIpv4Packet(encodeIpv4Packet(sent, payload))).toStrictEqual({
          ...sent,
          protocol: IP_PROTOCOL_TCP,
          payload,
        });
      }),
      { numRuns: fuzzRuns('FUZZ_WIRE_RUNS', 100) },
    );
  });

  test('any bytes decode to a packet or raise TcpWireError, nothing else', () => {
    const decodesOrRefuses = (bytes: Uint8Array): boolean => {
      try {
        return typeof decodeIpv4Packet(bytes).src === 'string';
      } catch (error) {
        if (error instanceof TcpWireError) return true;
        throw error;
      }
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), decodesOrRefuses), {
      numRuns: fuzzRuns('FUZZ_WIRE_RUNS', 2000),
    });
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 100 }), (bytes) => decodesOrRefuses(packet(toHex(bytes)))),
      { numRuns: fuzzRuns('FUZZ_WIRE_RUNS', 2000) },
    );
  });

  test('flipping any single bit of the header is caught', () => {
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 40 }), fc.nat({ max: 159 }), (sent, payload, bit) => {
        const bytes = Uint8Array.from(encodeIpv4Packet(sent, payload));
        bytes[bit >>> 3] = bytes[bit >>> 3]! ^ (0x80 >>> (bit & 7));
        expect(() => decodeIpv4Packet(bytes)).toThrow(TcpWireError);
      }),
      { numRuns: fuzzRuns('FUZZ_WIRE_RUNS', 100) },
    );
  });
});

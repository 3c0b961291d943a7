import fc from 'fast-check';
import {
  finishChecksum,
  internetChecksum,
  onesComplementSum,
  parseEndpoints,
  parseIpAddress,
  pseudoHeaderSum,
} from '../../src/wire/checksum';
import { hex, toHex, wireError } from './fixtures';

/** RFC 1071 §4.1's loop, one big-endian word at a time, an odd last octet padded: the reference sums. */
function referenceChecksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

describe('Internet checksum (RFC 1071)', () => {
  test('RFC 1071 §3 example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2', () => {
    const bytes = hex('0001 f203 f4f5 f6f7');
    // The folded sum is ddf2, so the checksum is its complement.
    expect(internetChecksum(bytes)).toBe(~0xddf2 & 0xffff);
    expect(internetChecksum(bytes)).toBe(0x220d);
  });

  test('RFC 1071 §2(A): the sum is the same taken in pieces', () => {
    const bytes = hex('0001 f203 f4f5 f6f7');
    const firstHalf = onesComplementSum(bytes, 0, 4);
    expect(finishChecksum(onesComplementSum(bytes, 4, 8, firstHalf))).toBe(0x220d);
  });

  test('an odd trailing octet is padded with zero (RFC 1071 §1)', () => {
    expect(internetChecksum(hex('0001 f2'))).toBe(internetChecksum(hex('0001 f200')));
  });

  test('the well-known IPv4 header 4500 0073 ... has checksum b861', () => {
    const header = hex('4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7');
    expect(internetChecksum(header)).toBe(0xb861);
  });

  test('data holding its own checksum sums to zero', () => {
    const header = hex('4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7');
    expect(internetChecksum(header)).toBe(0);
  });

  test('the sum of nothing is checksum ffff', () => {
    expect(internetChecksum(new Uint8Array(0))).toBe(0xffff);
  });

  test('a range inside a larger buffer is summed alone', () => {
    const bytes = hex('ffff 0001 f203 f4f5 f6f7 ffff');
    expect(internetChecksum(bytes, 2, 10)).toBe(0x220d);
  });

  test('an odd range inside a larger buffer is padded with zero, not with the octet after it', () => {
    expect(internetChecksum(hex('0001 f2ff'), 0, 3)).toBe(internetChecksum(hex('0001 f200')));
  });

  // On a little-endian host a range of 64 octets or more at an even address is summed through a Uint16Array
  // (RFC 1071 §2(B)): eight words a step, then word by word, then an odd last octet alone; anything else takes the
  // octet-by-octet loop. Every octet is non-zero, the one after the range included, so a word left out, subtracted
  // or read past the end changes the sum.
  test.each([
    ['64 octets, the shortest range summed a word at a time: four steps of eight words', 0, 64],
    ['78 octets: four steps of eight words, then seven single words', 0, 78],
    ['65 octets: the odd last octet is padded with zero', 0, 65],
    ['63 octets, one short of the word-at-a-time path', 0, 63],
    ['100 octets at an odd address, where no Uint16Array can start', 1, 100],
    ['100 octets at an even offset into the buffer', 2, 100],
  ])('%s gives the reference sum', (_name, start, length) => {
    const buffer = Uint8Array.from({ length: start + length + 1 }, (_, i) => ((i * 151 + 7) & 0xff) | 1);
    const end = start + length;
    expect(internetChecksum(buffer, start, end)).toBe(referenceChecksum(buffer.slice(start, end)));
  });

  test('a sum past 2^32 is folded exactly (a megabyte of ff)', () => {
    // 2^19 words of ffff: each is -0 in ones' complement, so the sum is ffff.
    expect(internetChecksum(new Uint8Array(1 << 20).fill(0xff))).toBe(0);
  });
});

describe('pseudo-headers', () => {
  test('IPv4 pseudo-header (RFC 9293 §3.1) sums as its 12 octets', () => {
    const src = parseIpAddress('192.168.1.2');
    const dst = parseIpAddress('192.168.1.1');
    const written = hex('c0a8 0102 c0a8 0101 0006 0018');
    expect(finishChecksum(pseudoHeaderSum(src, dst, 6, 24))).toBe(internetChecksum(written));
  });

  test('IPv6 pseudo-header (RFC 8200 §8.1) sums as its 40 octets, length in 32 bits', () => {
    const src = parseIpAddress('fe80::1');
    const dst = parseIpAddress('2001:db8::2');
    const written = hex(
      'fe80 0000 0000 0000 0000 0000 0000 0001' + '2001 0db8 0000 0000 0000 0000 0000 0002' + '0001 0018 0000 0006',
    );
    expect(finishChecksum(pseudoHeaderSum(src, dst, 6, 0x1_0018))).toBe(internetChecksum(written));
  });
});

describe('addresses', () => {
  test.each([
    ['10.0.0.1', '0a000001'],
    ['255.255.255.255', 'ffffffff'],
    ['::1', '00000000000000000000000000000001'],
    ['::', '00000000000000000000000000000000'],
    ['fe80::1', 'fe800000000000000000000000000001'],
    ['2001:db8::', '20010db8000000000000000000000000'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
    ['::ffff:10.0.0.1', '00000000000000000000ffff0a000001'],
    ['64:ff9b::192.0.2.33', '0064ff9b0000000000000000c0000221'],
    ['fe80::1%eth0', 'fe800000000000000000000000000001'],
    // A zone index (RFC 4007 §11) is an interface name, dots and colons allowed (Linux's VLAN eth0.100).
    ['fe80::1%eth0.100', 'fe800000000000000000000000000001'],
    ['fe80::2%a:b', 'fe800000000000000000000000000002'],
    ['::%1', '00000000000000000000000000000000'],
    ['2001:db8::%eth0', '20010db8000000000000000000000000'],
    ['1:2:3:4:5:6:7:8%9.9', '00010002000300040005000600070008'],
    ['::ffff:10.0.0.1%eth0.5', '00000000000000000000ffff0a000001'],
  ])('%s parses to %s', (text, expected) => {
    expect(toHex(parseIpAddress(text))).toBe(expected);
  });

  test.each(['', 'localhost', '10.0.0.256', '10.0.0', '1::2::3', ':::', '%eth0'])(
    '%p is refused with bad-address',
    (text) => {
      expect(() => parseIpAddress(text)).toThrow(wireError('bad-address', `'${text}' is not an IPv4 or IPv6 address`));
    },
  );

  test.each([
    ['10.0.0.1', '::1'],
    ['::1', '10.0.0.1'],
  ])('a pseudo-header has one family: %s to %s is refused with bad-address', (src, dst) => {
    expect(() => parseEndpoints({ src, dst })).toThrow(
      wireError('bad-address', `source '${src}' and destination '${dst}' are of different IP versions`),
    );
  });

  test('addresses parse right however many a run has seen, past the bound of those remembered', () => {
    // 1,000 distinct addresses, about four times the bound (256), then the first 300 again.
    const addresses = Array.from({ length: 1000 }, (_, i) => [10, 1 + (i >>> 8), i & 0xff, 1]);
    for (const octets of [...addresses, ...addresses.slice(0, 300)]) {
      const parsed = parseEndpoints({ src: octets.join('.'), dst: '10.0.0.1' });
      expect(Array.from(parsed.src)).toEqual(octets);
      expect(Array.from(parsed.dst)).toEqual([10, 0, 0, 1]);
    }
  });

  test('any IPv4 address parses to its four decimal octets', () => {
    fc.assert(
      fc.property(fc.ipV4(), (text) => {
        const octets = text.split('.').map(Number);
        expect(Array.from(parseIpAddress(text))).toEqual(octets);
      }),
    );
  });

  test('a zone index never changes the address: any IPv6 address with any zone parses as without it', () => {
    // Node's isIPv6 takes a zone of letters, digits, '-', '.' and ':'.
    const zone = fc.stringMatching(/^[0-9A-Za-z.:-]{1,12}$/);
    fc.assert(
      fc.property(fc.ipV6(), zone, (text, zoneIndex) => {
        expect(toHex(parseIpAddress(`${text}%${zoneIndex}`))).toBe(toHex(parseIpAddress(text)));
      }),
    );
  });

  test('any IPv6 address parses to the octets URL normalisation agrees with', () => {
    const uncompressed = (bytes: Uint8Array): string =>
      Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16)).join(':');
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        const bytes = parseIpAddress(text);
        expect(bytes.length).toBe(16);
        expect(new URL(`http://[${uncompressed(bytes)}]/`).hostname).toBe(new URL(`http://[${text}]/`).hostname);
      }),
    );
  });
});

describe('checksum laws (fast-check)', () => {
  test('appending the checksum makes any even-length data sum to zero', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (data) => {
        const even = data.subarray(0, data.length & ~1);
        const withChecksum = new Uint8Array(even.length + 2);
        withChecksum.set(even);
        const checksum = internetChecksum(even);
        withChecksum[even.length] = checksum >>> 8;
        withChecksum[even.length + 1] = checksum & 0xff;
        return internetChecksum(withChecksum) === 0;
      }),
    );
  });

  test('any alignment and length gives the octet-by-octet RFC 1071 sum', () => {
    fc.assert(
      // size 'max': fast-check's default size keeps arrays to about ten octets, below the 64 from which
      // onesComplementSum takes its word-at-a-time path, so that path went unchecked (npm run mutate:all).
      fc.property(fc.uint8Array({ maxLength: 600, size: 'max' }), fc.nat({ max: 7 }), (data, offset) => {
        const shifted = new Uint8Array(offset + data.length);
        shifted.set(data, offset);
        return internetChecksum(shifted.subarray(offset)) === referenceChecksum(data);
      }),
    );
  });

  test('summing in two pieces split at an even offset equals summing at once', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), (data, at) => {
        const split = (at % (data.length + 1)) & ~1;
        const pieces = onesComplementSum(data, split, data.length, onesComplementSum(data, 0, split));
        return finishChecksum(pieces) === internetChecksum(data);
      }),
    );
  });
});

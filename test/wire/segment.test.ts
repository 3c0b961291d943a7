/**
 * packetdrill's flag letters (`S.`, `F.`, `R`, ...), as scripts and test
 * fixtures write a segment's control bits (src/wire/segment.ts).
 */
import { NO_FLAGS, formatFlags, parseFlags } from '../../src/wire/segment';

describe('flag letters', () => {
  test.each([
    ['S', { syn: true }],
    ['S.', { syn: true, ack: true }],
    ['F.', { fin: true, ack: true }],
    ['R', { rst: true }],
    ['R.', { rst: true, ack: true }],
    ['P.', { psh: true, ack: true }],
    ['U.', { urg: true, ack: true }],
    ['SFRPU.', { syn: true, fin: true, rst: true, psh: true, urg: true, ack: true }],
    ['SEW', { syn: true, ece: true, cwr: true }],
  ])('%s parses to its bits and prints back as %s', (letters, bits) => {
    const flags = parseFlags(letters);
    expect(flags).toStrictEqual({ ...NO_FLAGS, ...bits });
    expect(formatFlags(flags)).toBe(letters);
  });

  test('letters in any order print in packetdrill order, ACK last', () => {
    expect(formatFlags(parseFlags('.UPRFS'))).toBe('SFRPU.');
  });

  test.each([
    ['A', "unknown TCP flag letter 'A' in 'A'"],
    ['S.x', "unknown TCP flag letter 'x' in 'S.x'"],
    ['s', "unknown TCP flag letter 's' in 's'"],
    ['S ', "unknown TCP flag letter ' ' in 'S '"],
  ])('%p is refused: a programming error, RangeError', (letters, message) => {
    expect(() => parseFlags(letters)).toThrow(new RangeError(message));
    expect(() => parseFlags(letters)).toThrow(RangeError);
  });
});

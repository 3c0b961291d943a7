/**
 * The two helpers every message of `src/wire/` is built with: the range check
 * of the encoders and the 16-bit hexadecimal of the checksum messages.
 */
import { checkField, hex16 } from '../../src/wire/errors';
import { wireError } from './fixtures';

describe('checkField: an integer in 0..max, or bad-field naming the field', () => {
  test.each([
    ['0, the smallest', 0],
    ['max itself', 0xffff],
  ])('%s passes', (_name, value) => {
    expect(() => checkField('window', value, 0xffff)).not.toThrow();
  });

  test.each([
    ['one past max', 65536, 'window 65536 is not an integer in 0..65535'],
    ['negative', -1, 'window -1 is not an integer in 0..65535'],
    ['a fraction', 0.5, 'window 0.5 is not an integer in 0..65535'],
    ['NaN', Number.NaN, 'window NaN is not an integer in 0..65535'],
    ['infinite', Number.POSITIVE_INFINITY, 'window Infinity is not an integer in 0..65535'],
  ])('%s: %p is refused', (_name, value, message) => {
    expect(() => checkField('window', value, 0xffff)).toThrow(wireError('bad-field', message));
  });
});

describe('hex16: 0x and four lower-case hexadecimal digits', () => {
  test.each([
    [0, '0x0000'],
    [0xab, '0x00ab'],
    [0xa3f, '0x0a3f'],
    [0x55a9, '0x55a9'],
    [0xffff, '0xffff'],
  ])('%i prints as %s', (value, printed) => {
    expect(hex16(value)).toBe(printed);
  });
});

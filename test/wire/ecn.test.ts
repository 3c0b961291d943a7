/**
 * The ECN bits on the wire (RFC 3168): ECE and CWR in the TCP header (§6.1)
 * and the ECN field of the IP header (§5). Our TCP does not implement ECN;
 * the codec carries the bits so that packetdrill lines can send and read them.
 */
import { decodeIpv4Packet, ECN_CODEPOINTS, encodeIpv4Packet } from '../../src/wire/ipv4';
import { formatFlags, segment } from '../../src/wire/segment';
import { decodeSegment, encodeSegment } from '../../src/wire/tcp';

const CLIENT = { src: '192.0.2.1', dst: '192.168.0.1' };

test('a SYN with ECE and CWR, ECN setup (RFC 3168 §6.1.1), sets octet 13 to 0xc2 and decodes back', () => {
  const bytes = encodeSegment(segment({ flags: 'SEW' }), CLIENT);
  expect(bytes[13]).toBe(0xc2);
  expect(formatFlags(decodeSegment(bytes, CLIENT).flags)).toBe('SEW');
});

test('a segment without ECE and CWR decodes without the fields, equal to one built without them', () => {
  const bytes = encodeSegment(segment({ flags: 'S.' }), CLIENT);
  expect(decodeSegment(bytes, CLIENT).flags).toStrictEqual(segment({ flags: 'S.' }).flags);
});

test('the IP ECN field ECT(0) is the low two bits of the TOS octet, 0b10, and decodes back', () => {
  const packet = encodeIpv4Packet({ ...CLIENT, ecn: ECN_CODEPOINTS.ect0 }, new Uint8Array(20));
  expect(packet[1]).toBe(0b10);
  expect(decodeIpv4Packet(packet).ecn).toBe(ECN_CODEPOINTS.ect0);
});

test('a Not-ECT packet decodes without an ecn field', () => {
  expect(decodeIpv4Packet(encodeIpv4Packet(CLIENT, new Uint8Array(20)))).not.toHaveProperty('ecn');
});

test('CE (0b11) decodes as CE', () => {
  const packet = encodeIpv4Packet({ ...CLIENT, ecn: ECN_CODEPOINTS.ce }, new Uint8Array(20));
  expect(decodeIpv4Packet(packet).ecn).toBe(ECN_CODEPOINTS.ce);
});

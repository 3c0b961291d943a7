/**
 * What packetdrill's TSO device changes, without a kernel: a packet read
 * behind its virtio_net_hdr with the TCP checksum left to the device, and the
 * in-order segments a `>` line's data may be cut into (loose segmentation).
 */
import { appendFragment } from '../../src/linux/looseSegmentation';
import { packetFromVnet, VNET_HEADER_LENGTH } from '../../src/linux/tunDevice';
import { IP_PROTOCOL_TCP, finishChecksum, parseIpAddress, pseudoHeaderSum } from '../../src/wire/checksum';
import { decodeIpv4Packet, encodeIpv4Packet } from '../../src/wire/ipv4';
import { segment, type Segment } from '../../src/wire/segment';
import { decodeSegment, encodeSegment } from '../../src/wire/tcp';

const endpoints = { src: '10.99.0.1', dst: '10.99.0.2' };
const IPV4_HEADER_LENGTH = 20;
const TCP_CHECKSUM_OFFSET = 16;
const data = (length: number) => new Uint8Array(length).map((_, index) => index % 251);

/** A frame as the kernel hands over a TSO packet: VIRTIO_NET_HDR_F_NEEDS_CSUM, the pseudo-header's sum in the field. */
function partialChecksumFrame(sent: Segment): Uint8Array {
  const tcp = encodeSegment(sent, endpoints);
  const packet = encodeIpv4Packet(endpoints, tcp);
  const view = new DataView(packet.buffer, packet.byteOffset, packet.length);
  const pseudoHeader = pseudoHeaderSum(
    parseIpAddress(endpoints.src),
    parseIpAddress(endpoints.dst),
    IP_PROTOCOL_TCP,
    tcp.length,
  );
  view.setUint16(IPV4_HEADER_LENGTH + TCP_CHECKSUM_OFFSET, ~finishChecksum(pseudoHeader) & 0xffff); // the folded sum, not its complement
  const frame = new Uint8Array(VNET_HEADER_LENGTH + packet.length);
  const header = new DataView(frame.buffer);
  header.setUint8(0, 1); // VIRTIO_NET_HDR_F_NEEDS_CSUM
  header.setUint16(6, IPV4_HEADER_LENGTH, true); // csum_start
  header.setUint16(8, TCP_CHECKSUM_OFFSET, true); // csum_offset
  frame.set(packet, VNET_HEADER_LENGTH);
  return frame;
}

test('a TSO packet of 5840 bytes, its checksum left to the device, decodes once the device finishes the sum', () => {
  const sent = segment({
    srcPort: 10000,
    dstPort: 40000,
    seq: 1,
    ack: 1,
    flags: 'P.',
    window: 1050,
    payload: data(5840),
  });
  const packet = packetFromVnet(partialChecksumFrame(sent));
  if (typeof packet === 'string') throw new Error(packet);
  const decoded = decodeSegment(decodeIpv4Packet(packet).payload, endpoints);
  expect(decoded.payload).toEqual(sent.payload);
  expect(decoded.seq).toBe(1);
});

test('a frame without VIRTIO_NET_HDR_F_NEEDS_CSUM is the packet behind the header, untouched', () => {
  const packet = encodeIpv4Packet(endpoints, encodeSegment(segment({ seq: 7, flags: 'S' }), endpoints));
  const frame = new Uint8Array(VNET_HEADER_LENGTH + packet.length);
  frame.set(packet, VNET_HEADER_LENGTH);
  expect(packetFromVnet(frame)).toEqual(packet);
});

test('a checksum offset past the end of the packet is a reason, not a write out of bounds', () => {
  const frame = partialChecksumFrame(segment({ seq: 1, flags: '.' }));
  new DataView(frame.buffer).setUint16(8, 4000, true);
  expect(packetFromVnet(frame)).toMatch(/^csum_start 20 \+ csum_offset 4000 lies past the packet's 40 octets$/);
});

const fragment = (seq: number, length: number, flags = '.') =>
  segment({ srcPort: 10000, dstPort: 40000, seq, ack: 1, flags, window: 1050, payload: data(length) });

test("three in-order fragments of 2000, 2000 and 1000 bytes meet a 5000-byte line: the first's seq, the last's PSH", () => {
  const first = fragment(1, 2000);
  const second = fragment(2001, 2000);
  const last = fragment(4001, 1000, 'P.');
  const twoOf = appendFragment(first, first, second, 5000);
  if (typeof twoOf === 'string') throw new Error(twoOf);
  const joined = appendFragment(twoOf, second, last, 5000);
  if (typeof joined === 'string') throw new Error(joined);
  expect(joined.seq).toBe(1);
  expect(joined.payload.length).toBe(5000);
  expect(joined.flags.psh).toBe(true);
});

test('a fragment that does not start where the last one ended is refused with both sequence numbers', () => {
  const first = fragment(1, 2000);
  expect(appendFragment(first, first, fragment(3001, 2000), 5000)).toBe(
    'aggregate candidate tcp_seq: expected 2001, sent 3001',
  );
});

test('a fragment shorter than the one before, with more data still to come, is refused as packetdrill refuses it', () => {
  const first = fragment(1, 2000);
  expect(appendFragment(first, first, fragment(2001, 1000), 5000)).toBe(
    'fragment payload: expected 2000 bytes, sent 1000; total payload: expected 5000 bytes, sent 3000',
  );
});

test('a fragment with another acknowledgment number is not part of the same TSO packet', () => {
  const first = fragment(1, 2000);
  const other = { ...fragment(2001, 2000), ack: 2 };
  expect(appendFragment(first, first, other, 4000)).toBe('aggregate candidate tcp_ack_seq: expected 1, sent 2');
});

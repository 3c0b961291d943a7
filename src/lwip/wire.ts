/**
 * lwIP's side of the wire, for the path adapter and the script host alike:
 * the peer's segments go in as IPv4 packets with their checksums (src/wire),
 * lwIP's packets come out decoded with theirs verified.
 */
import { IP_PROTOCOL_TCP } from '../wire/checksum';
import { decodeIpv4Packet, encodeIpv4Packet } from '../wire/ipv4';
import type { Segment } from '../wire/segment';
import { decodeSegment, encodeSegment } from '../wire/tcp';

/** A dotted IPv4 address as the 32-bit number the addon takes. */
export const ipv4Number = (dotted: string): number =>
  dotted.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);

/** The peer's segment as the IPv4 packet lwIP's netif takes. */
export function packetFromPeer(segment: Segment, peerAddress: string, lwipAddress: string): Uint8Array {
  const addresses = { src: peerAddress, dst: lwipAddress };
  return encodeIpv4Packet(addresses, encodeSegment(segment, addresses));
}

/** lwIP's packets as segments to the peer; a packet that does not decode, or goes elsewhere, is a problem. */
export function segmentsFromLwip(
  packets: readonly Uint8Array[],
  lwipAddress: string,
  peerAddress: string,
): { segments: Segment[]; problems: string[] } {
  const segments: Segment[] = [];
  const problems: string[] = [];
  for (const bytes of packets) {
    try {
      const packet = decodeIpv4Packet(bytes);
      if (packet.protocol !== IP_PROTOCOL_TCP || packet.src !== lwipAddress || packet.dst !== peerAddress) {
        problems.push(`lwIP sent a packet ${packet.src} > ${packet.dst}, protocol ${packet.protocol}`);
        continue;
      }
      segments.push(decodeSegment(packet.payload, { src: lwipAddress, dst: peerAddress }));
    } catch (error) {
      problems.push(
        `lwIP sent a packet that does not decode: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { segments, problems };
}

/**
 * Our end of the TUN device: IPv4 packets in and out, encoded and decoded
 * with `src/wire`. The fd is non-blocking; a 1 ms poll drains it, so no
 * thread stays blocked in read(2) and the device closes cleanly. Segments
 * are handed to the listener registered for their port pair.
 *
 * The device has packetdrill's offloads (native/tun.c): each packet travels
 * behind a struct virtio_net_hdr, and a segment the kernel sends with TSO
 * arrives whole, as packetdrill sees it, with its TCP checksum left for the
 * device to fill (here, `completeChecksum`).
 */
import { endianness } from 'node:os';
import { closeSync, readSync, writeSync } from 'node:fs';
import { decodeIpv4Packet, encodeIpv4Packet, type EcnCodepoint } from '../wire/ipv4';
import { IP_PROTOCOL_TCP, finishChecksum, onesComplementSum } from '../wire/checksum';
import type { Segment } from '../wire/segment';
import { decodeSegment, encodeSegment } from '../wire/tcp';

/** A segment the kernel sent, and when it was read (performance.now()). */
export interface ArrivedSegment {
  readonly segment: Segment;
  readonly at: number;
  /** The IP header's ECN field (RFC 3168 §5); absent for Not-ECT. */
  readonly ecn?: EcnCodepoint;
}

export type SegmentListener = (arrived: ArrivedSegment) => void;

/**
 * struct virtio_net_hdr (linux/virtio_net.h), which native/tun.c sets as the
 * device's header (TUNSETVNETHDRSZ): flags (1 octet), gso_type (1),
 * hdr_len (2), gso_size (2), csum_start (2), csum_offset (2).
 */
export const VNET_HEADER_LENGTH = 10;
/** VIRTIO_NET_HDR_F_NEEDS_CSUM: the checksum at csum_start + csum_offset is the device's to finish. */
const VNET_F_NEEDS_CSUM = 1;
/** The header's fields are in the host's order (a legacy virtio device; TUNSETVNETLE/BE not used). */
const littleEndian = endianness() === 'LE';
/** An IPv4 packet is at most 65535 octets, a TSO one included (the kernel's gso_max_size is 64 KiB). */
const MAX_READ = VNET_HEADER_LENGTH + 65535;
/** What we write needs no offload: GSO_NONE, its checksums complete. */
const PLAIN_VNET_HEADER = new Uint8Array(VNET_HEADER_LENGTH);

/**
 * Finishes the checksum a VIRTIO_NET_HDR_F_NEEDS_CSUM packet leaves to the
 * device, as a NIC with NETIF_F_HW_CSUM (or the kernel's skb_checksum_help)
 * does: the field at `start + offset` holds the pseudo-header's sum; the
 * ones' complement of the sum from `start` to the end goes in its place.
 * Returns the packet (the bytes behind the header), or a reason it cannot.
 */
export function packetFromVnet(frame: Uint8Array): Uint8Array | string {
  if (frame.length < VNET_HEADER_LENGTH) return `a read of ${frame.length} octets, shorter than the virtio_net_hdr`;
  const header = new DataView(frame.buffer, frame.byteOffset, VNET_HEADER_LENGTH);
  const packet = frame.subarray(VNET_HEADER_LENGTH);
  if ((header.getUint8(0) & VNET_F_NEEDS_CSUM) === 0) return packet;
  const start = header.getUint16(6, littleEndian);
  const field = start + header.getUint16(8, littleEndian);
  if (field + 2 > packet.length)
    return `csum_start ${start} + csum_offset ${field - start} lies past the packet's ${packet.length} octets`;
  const view = new DataView(packet.buffer, packet.byteOffset, packet.length);
  view.setUint16(field, finishChecksum(onesComplementSum(packet, start)));
  return packet;
}

export class TunDevice {
  private readonly listeners = new Map<string, SegmentListener>();
  private readonly buffer = Buffer.alloc(MAX_READ);
  private timer: NodeJS.Timeout | null = null;
  /** Packets no listener claimed and packets that did not decode, for diagnostics. */
  readonly stray: string[] = [];

  constructor(
    private readonly fd: number,
    /** The kernel's address: the source of what we read, the destination of what we write. */
    private readonly kernelAddress: string,
    private readonly peerAddress: string,
  ) {}

  start(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => this.drain(), 1);
  }

  /** Registers the listener for segments from kernel port `kernelPort` to peer port `peerPort`. */
  listen(kernelPort: number, peerPort: number, listener: SegmentListener): () => void {
    const key = `${kernelPort}>${peerPort}`;
    this.listeners.set(key, listener);
    return () => {
      if (this.listeners.get(key) === listener) this.listeners.delete(key);
    };
  }

  /** Writes a segment from the peer to the kernel. */
  send(segment: Segment, ecn?: EcnCodepoint): void {
    const endpoints = { src: this.peerAddress, dst: this.kernelAddress };
    const packet = encodeIpv4Packet(
      { ...endpoints, ...(ecn === undefined ? {} : { ecn }) },
      encodeSegment(segment, endpoints),
    );
    writeSync(this.fd, Buffer.concat([PLAIN_VNET_HEADER, packet]));
  }

  /** Reads every packet waiting on the device. */
  drain(): void {
    for (;;) {
      let length: number;
      try {
        length = readSync(this.fd, this.buffer, 0, MAX_READ, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return;
        throw error;
      }
      this.dispatch(Uint8Array.prototype.slice.call(this.buffer, 0, length), performance.now());
    }
  }

  private dispatch(frame: Uint8Array, at: number): void {
    const bytes = packetFromVnet(frame);
    if (typeof bytes === 'string') {
      this.stray.push(`undecodable packet: ${bytes}`);
      return;
    }
    if (bytes.length === 0 || bytes[0]! >> 4 !== 4) return; // not IPv4
    try {
      const packet = decodeIpv4Packet(bytes);
      if (packet.protocol !== IP_PROTOCOL_TCP || packet.dst !== this.peerAddress) return;
      const segment = decodeSegment(packet.payload, { src: packet.src, dst: packet.dst });
      const listener = this.listeners.get(`${segment.srcPort}>${segment.dstPort}`);
      if (listener === undefined) this.stray.push(`${segment.srcPort}>${segment.dstPort} unclaimed`);
      else listener({ segment, at, ...(packet.ecn === undefined ? {} : { ecn: packet.ecn }) });
    } catch (error) {
      this.stray.push(`undecodable packet: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  close(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    closeSync(this.fd);
  }
}

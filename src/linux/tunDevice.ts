/**
 * Our end of the TUN device: IPv4 packets in and out, encoded and decoded
 * with `src/wire`. The fd is non-blocking; a 1 ms poll drains it, so no
 * thread stays blocked in read(2) and the device closes cleanly. Segments
 * are handed to the listener registered for their port pair.
 */
import { closeSync, readSync, writeSync } from 'node:fs';
import { decodeIpv4Packet, encodeIpv4Packet } from '../wire/ipv4';
import { IP_PROTOCOL_TCP } from '../wire/checksum';
import type { Segment } from '../wire/segment';
import { decodeSegment, encodeSegment } from '../wire/tcp';

/** A segment the kernel sent, and when it was read (performance.now()). */
export interface ArrivedSegment {
  readonly segment: Segment;
  readonly at: number;
}

export type SegmentListener = (arrived: ArrivedSegment) => void;

const MAX_PACKET = 65536;

export class TunDevice {
  private readonly listeners = new Map<string, SegmentListener>();
  private readonly buffer = Buffer.alloc(MAX_PACKET);
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
  send(segment: Segment): void {
    const endpoints = { src: this.peerAddress, dst: this.kernelAddress };
    const packet = encodeIpv4Packet(endpoints, encodeSegment(segment, endpoints));
    writeSync(this.fd, packet);
  }

  /** Reads every packet waiting on the device. */
  drain(): void {
    for (;;) {
      let length: number;
      try {
        length = readSync(this.fd, this.buffer, 0, MAX_PACKET, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return;
        throw error;
      }
      this.dispatch(Uint8Array.prototype.slice.call(this.buffer, 0, length), performance.now());
    }
  }

  private dispatch(bytes: Uint8Array, at: number): void {
    if (bytes.length === 0 || bytes[0]! >> 4 !== 4) return; // not IPv4
    try {
      const packet = decodeIpv4Packet(bytes);
      if (packet.protocol !== IP_PROTOCOL_TCP || packet.dst !== this.peerAddress) return;
      const segment = decodeSegment(packet.payload, { src: packet.src, dst: packet.dst });
      const listener = this.listeners.get(`${segment.srcPort}>${segment.dstPort}`);
      if (listener === undefined) this.stray.push(`${segment.srcPort}>${segment.dstPort} unclaimed`);
      else listener({ segment, at });
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

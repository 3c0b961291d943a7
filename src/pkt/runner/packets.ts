/**
 * Packet lines against segments: a `<` line becomes the segment the script
 * injects, a `>` line is checked field by field against the segment the host
 * sent, and any segment prints in packetdrill's notation with the script's
 * relative sequence numbers (`S. 0:0(0) ack 1 win 65535 <mss 1460>`).
 */
import type { SackBlock, Segment, SegmentFlags, SegmentOptions } from '../../wire/segment';
import { parseFlags, formatFlags } from '../../wire/segment';
import type { IpEcn, PacketEvent, TcpOptionAst } from '../ast';
import { ECN_CODEPOINTS, type EcnCodepoint } from '../../wire/ipv4';
import type { Flow } from './flow';

/** The segment a `<` line injects: from the script's port to the host's, numbers mapped to the wire. */
export function inboundSegment(event: PacketEvent, flow: Flow): Segment {
  const flags = parseFlags(event.flags);
  const ack = event.ack ?? 0;
  return {
    srcPort: flow.remotePort,
    dstPort: flow.localPort,
    seq: flow.inboundSeq(event.seqStart, flags.syn),
    // packetdrill maps the ack only when the ACK bit is set; otherwise the field is sent as written.
    ack: flags.ack ? flow.inboundAck(ack, flags.syn) : ack,
    flags,
    window: event.window ?? 0,
    ...(event.urgentPointer !== undefined ? { urgentPointer: event.urgentPointer } : {}),
    payload: new Uint8Array(event.payloadLength), // packetdrill's payloads are zeros
    ...optionsField(withSackBlocksMapped(injectedOptions(event), (edge) => flow.inboundAck(edge, flags.syn))),
  };
}

/**
 * SACK blocks name sequence numbers of the data the other side sent, as the
 * ACK field does, so they map as it maps (run_packet.c's offset_sack_blocks,
 * with the ACK's offset, both ways).
 */
function withSackBlocksMapped(options: SegmentOptions, map: (edge: number) => number): SegmentOptions {
  if (options.sackBlocks === undefined) return options;
  const sackBlocks: SackBlock[] = options.sackBlocks.map((block) => ({
    left: map(block.left),
    right: map(block.right),
  }));
  return { ...options, sackBlocks };
}

/** The options of a segment the host sent, SACK blocks in the script's numbers. */
function sentOptions(sent: Segment, flow: Flow): SegmentOptions {
  return withSackBlocksMapped(sent.options ?? {}, (edge) => flow.outboundAck(edge, sent.flags.syn));
}

/**
 * The differences between a `>` line and the segment the host sent, one
 * phrase each; empty when they match. A SYN line that meets our first SYN
 * teaches the flow our ISN first (packetdrill's rule), so its own number
 * always matches.
 */
export function outboundMismatches(
  event: PacketEvent,
  sent: Segment,
  flow: Flow,
  sentEcn: EcnCodepoint = ECN_CODEPOINTS.notEct,
): string[] {
  const expectedFlags = parseFlags(event.flags);
  if (expectedFlags.syn && sent.flags.syn && flow.localIsn === null) {
    flow.localIsn = { live: sent.seq, script: event.seqStart };
  }
  const mismatches: string[] = [];
  const differs = (field: string, expected: string | number, actual: string | number) => {
    if (expected !== actual) mismatches.push(`${field}: expected ${expected}, sent ${actual}`);
  };
  differs('flags', flagText(expectedFlags), flagText(sent.flags));
  differs('sequence number', event.seqStart, flow.outboundSeq(sent.seq, sent.flags.syn));
  differs('data length', event.payloadLength, sent.payload.length);
  differs('ack', event.ack ?? 0, sent.flags.ack ? flow.outboundAck(sent.ack, sent.flags.syn) : sent.ack);
  if (event.window !== undefined) differs('window', event.window, sent.window);
  if (event.urgentPointer !== undefined) differs('urgent pointer', event.urgentPointer, sent.urgentPointer ?? 0);
  if (event.options !== 'any')
    differs('options', optionsText(astOptions(event.options)), optionsText(sentOptions(sent, flow)));
  if (event.ipEcn !== undefined && !ecnMatches(event.ipEcn, sentEcn))
    mismatches.push(`IP ECN field: expected ${event.ipEcn}, sent ${ECN_NAMES[sentEcn]}`);
  return mismatches;
}

/** RFC 3168 §5's codepoints as packetdrill writes them. */
const ECN_NAMES: Readonly<Record<EcnCodepoint, IpEcn>> = {
  [ECN_CODEPOINTS.notEct]: 'noecn',
  [ECN_CODEPOINTS.ect1]: 'ect1',
  [ECN_CODEPOINTS.ect0]: 'ect0',
  [ECN_CODEPOINTS.ce]: 'ce',
};

/** `[ect01]` is either ECT codepoint (run_packet.c's TOS_CHECK_ECN_ECT01); the others name one. */
function ecnMatches(expected: IpEcn, sent: EcnCodepoint): boolean {
  if (expected === 'ect01') return sent === ECN_CODEPOINTS.ect0 || sent === ECN_CODEPOINTS.ect1;
  return ECN_NAMES[sent] === expected;
}

/** The IP ECN field a `<` line's packet carries: as written, Not-ECT when none is. */
export function inboundEcn(event: PacketEvent): EcnCodepoint {
  const named = (Object.entries(ECN_NAMES) as [string, IpEcn][]).find(([, name]) => name === event.ipEcn);
  return named === undefined ? ECN_CODEPOINTS.notEct : (Number(named[0]) as EcnCodepoint);
}

/**
 * Whether a `>` line asks for ECN: ECE or CWR, or an ECT or CE codepoint.
 * Our TCP does not implement ECN (RFC 3168), so such a line can only fail
 * on it, and the runner says why.
 */
export function expectsEcn(event: PacketEvent): boolean {
  return /[EW]/.test(event.flags) || (event.ipEcn !== undefined && event.ipEcn !== 'noecn');
}

/** A `<` or `>` line as the runner reads it, in the script's own notation. */
export function formatLine(event: PacketEvent): string {
  const flags = parseFlags(event.flags);
  const ecn = event.ipEcn === undefined ? '' : `[${event.ipEcn}] `;
  return (
    ecn +
    formatFields(
      flags,
      event.seqStart,
      event.payloadLength,
      event.ack ?? (flags.ack ? 0 : null),
      event.window ?? null,
      event.options === 'any' ? '<...>' : optionsText(astOptions(event.options)),
    )
  );
}

/** A segment the host sent, in the script's notation (numbers relative to the flow's ISNs). */
export function formatSent(sent: Segment, flow: Flow): string {
  return formatFields(
    sent.flags,
    flow.outboundSeq(sent.seq, sent.flags.syn),
    sent.payload.length,
    sent.flags.ack ? flow.outboundAck(sent.ack, sent.flags.syn) : null,
    sent.window,
    optionsText(sentOptions(sent, flow)),
  );
}

function formatFields(
  flags: SegmentFlags,
  seq: number,
  length: number,
  ack: number | null,
  window: number | null,
  options: string,
): string {
  const parts = [flagText(flags), `${seq}:${(seq + length) >>> 0}(${length})`];
  if (ack !== null) parts.push(`ack ${ack}`);
  if (window !== null) parts.push(`win ${window}`);
  if (options !== '') parts.push(options);
  return parts.join(' ');
}

/** packetdrill writes no flags as `-`. */
function flagText(flags: SegmentFlags): string {
  return formatFlags(flags) || '-';
}

function injectedOptions(event: PacketEvent): SegmentOptions {
  // The parser refuses `<...>` on inbound lines.
  return astOptions(event.options === 'any' ? [] : event.options);
}

function astOptions(options: readonly TcpOptionAst[]): SegmentOptions {
  const result: { -readonly [K in keyof SegmentOptions]: SegmentOptions[K] } = {};
  for (const option of options) {
    switch (option.kind) {
      case 'nop':
      case 'eol':
        break; // layout only: our segments carry options as fields, not bytes
      case 'mss':
        result.mss = option.value;
        break;
      case 'windowScale':
        result.windowScale = option.shiftCount;
        break;
      case 'sackPermitted':
        result.sackPermitted = true;
        break;
      case 'timestamp':
        result.timestamp = { value: option.value, echo: option.echo };
        break;
      case 'sack':
        result.sackBlocks = option.blocks;
        break;
    }
  }
  return result;
}

function optionsField(options: SegmentOptions): { options?: SegmentOptions } {
  return Object.keys(options).length === 0 ? {} : { options };
}

/** `<mss 1460,sackOK,TS val 1 ecr 0,wscale 7,sack 1:2>` in one fixed order, or '' for none. */
function optionsText(options: SegmentOptions): string {
  const parts: string[] = [];
  if (options.mss !== undefined) parts.push(`mss ${options.mss}`);
  if (options.sackPermitted) parts.push('sackOK');
  if (options.timestamp !== undefined) parts.push(`TS val ${options.timestamp.value} ecr ${options.timestamp.echo}`);
  if (options.windowScale !== undefined) parts.push(`wscale ${options.windowScale}`);
  if (options.sackBlocks !== undefined)
    parts.push(`sack ${options.sackBlocks.map((block) => `${block.left}:${block.right}`).join(' ')}`);
  return parts.length === 0 ? '' : `<${parts.join(',')}>`;
}

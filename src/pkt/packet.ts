import type { IpEcn, PacketEvent, SackBlock, TcpOptionAst } from './ast';
import type { Token } from './lexer';
import { integerValue } from './numbers';
import { at, type TokenStream } from './tokenStream';

/** A packet line's own fields; the parser adds the time and position. */
export type PacketFields = Omit<PacketEvent, 'kind' | 'time' | 'line' | 'column' | 'sourceText'>;

/** packetdrill's ECN flags E (ECE) and W (CWR) are accepted alongside RFC 9293's six. */
const FLAG_LETTERS = 'SFRPUEW';

/** Packet kinds packetdrill has and this TCP-only parser refuses by name rather than as bad flags. */
const NOT_TCP = new Set(['udp', 'icmp', 'ipv4', 'ipv6', 'gre', 'GREv0', 'mpls']);

/**
 * `< S 0:0(0) win 65535 <mss 100>` after the time, in parser.y's
 * `tcp_packet_spec` order: direction, flags, `start:end(length)`, then
 * optionally `ack`, `win`, `urg` and an options list, in that order.
 * The IP ECN field may follow the direction (`> [ect0] P. …`); other IP
 * settings (`tos`, `flowlabel`, `ttl`), addresses and ports are not
 * supported: each script talks to one connection, as in IPv4 scripts that
 * name only a direction.
 */
export function parsePacket(stream: TokenStream): PacketFields {
  const arrow = stream.accept('punct', '<') ?? stream.expectPunct('>', "'<' or '>'");
  const direction = arrow.text === '<' ? 'inbound' : 'outbound';
  const ipEcn = parseIpEcn(stream, direction);
  const flags = parseFlags(stream, arrow);

  const seqPosition = at(stream.peek());
  const seqStart = expectUnsigned(stream, 32, 'the start sequence number', `(as in '1:1001(1000)')`);
  stream.expectPunct(':', "':' after the start sequence number (as in '1:1001(1000)')");
  const seqEnd = expectUnsigned(stream, 32, 'the end sequence number', "after ':'");
  stream.expectPunct('(', "'(' and the data length after the end sequence number (as in '1:1001(1000)')");
  const payloadLength = expectUnsigned(stream, 16, 'the data length', "after '('");
  stream.expectPunct(')', "')' after the data length");
  if (seqEnd !== seqStart + payloadLength) {
    throw stream.errorAt(
      seqPosition,
      `sequence numbers ${seqStart}:${seqEnd} do not match the data length ${payloadLength} (expected ${seqStart}:${seqStart + payloadLength}(${payloadLength}))`,
    );
  }

  const ack = optionalNumber(stream, 'ack', 32, 'the acknowledgment number');
  const window = optionalNumber(stream, 'win', 16, 'the window');
  if (window === undefined && direction === 'inbound') {
    // parser.y leaves an inbound window out only to fail later in new_tcp_packet().
    throw stream.expected("'win' and the window: an inbound packet must give its window");
  }
  const urgentPointer = optionalNumber(stream, 'urg', 16, 'the urgent pointer');

  let options: PacketFields['options'] = [];
  const opened = stream.accept('punct', '<');
  if (opened !== undefined) {
    options = stream.bracketed(opened, '>', () => parseOptionList(stream));
    if (options === 'any' && direction === 'inbound') {
      throw stream.errorAt(opened, "'<...>' (any options) can only be used with outbound packets");
    }
  }

  return {
    direction,
    ...(ipEcn !== undefined ? { ipEcn } : {}),
    flags,
    seqStart,
    seqEnd,
    payloadLength,
    ...(ack !== undefined ? { ack } : {}),
    ...(window !== undefined ? { window } : {}),
    ...(urgentPointer !== undefined ? { urgentPointer } : {}),
    options,
  };
}

const IP_ECN: readonly IpEcn[] = ['noecn', 'ect0', 'ect1', 'ce', 'ect01'];

/** parser.y's `opt_ip_info` limited to its `ip_ecn`: `[ect0]` or `(ect0)`, or nothing. */
function parseIpEcn(stream: TokenStream, direction: 'inbound' | 'outbound'): IpEcn | undefined {
  const opened = stream.accept('punct', '[') ?? stream.accept('punct', '(');
  if (opened === undefined) return undefined;
  const closing = opened.text === '[' ? ']' : ')';
  return stream.bracketed(opened, closing, () => {
    const word = stream.accept('word');
    const ecn = IP_ECN.find((name) => name === word?.text);
    if (word === undefined || ecn === undefined) {
      const what = word === undefined ? 'this' : `'${word.text}'`;
      throw stream.errorAt(
        word ?? at(stream.peek()),
        `${what} is not an IP ECN codepoint (${IP_ECN.join(', ')}); other IP settings (tos, flowlabel, ttl) are not supported`,
      );
    }
    // parser.y: "[ect01] can only be used with outbound packets".
    if (ecn === 'ect01' && direction === 'inbound')
      throw stream.errorAt(word, '[ect01] can only be used with outbound packets');
    return ecn;
  });
}

/** `S`, `S.`, `.`, `P.`, `F.`, `R`, or `-` for none: a word of letters, then `.` for ACK. */
function parseFlags(stream: TokenStream, arrow: Token): string {
  if (stream.accept('punct', '.') !== undefined) return '.';
  if (stream.accept('punct', '-') !== undefined) return '';
  const letters = stream.accept('word');
  if (letters === undefined) throw stream.expected(`TCP flags (such as S, S., ., P. or F.) after '${arrow.text}'`);
  if (NOT_TCP.has(letters.text)) {
    throw stream.errorAt(letters, `only TCP packets are supported, found '${letters.text}'`);
  }
  [...letters.text].forEach((letter, index) => {
    const position = { line: letters.line, column: letters.column + index };
    if (!FLAG_LETTERS.includes(letter)) {
      throw stream.errorAt(position, `'${letter}' is not a TCP flag (the flags are S F R P U E W and '.' for ACK)`);
    }
    if (letters.text.indexOf(letter) !== index) {
      throw stream.errorAt(position, `TCP flag '${letter}' appears twice in '${letters.text}'`);
    }
  });
  return stream.accept('punct', '.') !== undefined ? `${letters.text}.` : letters.text;
}

/** Inside `< >`: `...` for "any options", or one or more options separated by commas. */
function parseOptionList(stream: TokenStream): 'any' | TcpOptionAst[] {
  if (stream.accept('ellipsis') !== undefined) return 'any';
  const options: TcpOptionAst[] = [];
  let bytes = 0;
  do {
    const option = parseOption(stream);
    bytes += optionBytes(option);
    // RFC 9293 §3.1: the data offset counts 32-bit words in 4 bits, so a header is at most 60 bytes, 40 of them options.
    if (bytes > MAX_OPTION_BYTES) {
      throw stream.errorAt(
        option,
        `the TCP options take more than the ${MAX_OPTION_BYTES} bytes a TCP header holds (RFC 9293 §3.1)`,
      );
    }
    options.push(option);
  } while (stream.accept('punct', ',') !== undefined);
  return options;
}

const MAX_OPTION_BYTES = 40;

/** Each option's size on the wire (RFC 9293 §3.2; RFC 7323 §2.2, §3.2; RFC 2018 §2, §3). */
function optionBytes(option: TcpOptionAst): number {
  switch (option.kind) {
    case 'nop':
    case 'eol':
      return 1;
    case 'sackPermitted':
      return 2;
    case 'windowScale':
      return 3;
    case 'mss':
      return 4;
    case 'timestamp':
      return 10;
    case 'sack':
      return 2 + 8 * option.blocks.length;
  }
}

const KNOWN_OPTIONS = 'mss, wscale, sackOK, sack, TS, nop or eol';

function parseOption(stream: TokenStream): TcpOptionAst {
  const name = stream.accept('word');
  if (name === undefined) throw stream.expected(`a TCP option (${KNOWN_OPTIONS})`);
  const position = at(name);
  switch (name.text) {
    case 'nop':
      return { kind: 'nop', ...position };
    case 'eol':
      return { kind: 'eol', ...position };
    case 'sackOK':
      return { kind: 'sackPermitted', ...position };
    case 'mss':
      return { kind: 'mss', value: expectUnsigned(stream, 16, 'the MSS', "after 'mss'"), ...position };
    case 'wscale':
      return {
        kind: 'windowScale',
        shiftCount: expectUnsigned(stream, 8, 'the shift count', "after 'wscale'"),
        ...position,
      };
    case 'sack': {
      const blocks: SackBlock[] = [];
      do {
        const left = expectUnsigned(stream, 32, 'a SACK block', "(as in 'sack 1461:2921')");
        stream.expectPunct(':', "':' inside the SACK block");
        blocks.push({ left, right: expectUnsigned(stream, 32, 'the SACK block end', "after ':'") });
      } while (stream.is('integer'));
      return { kind: 'sack', blocks, ...position };
    }
    case 'TS': {
      stream.expect('word', "'val' after 'TS' (as in 'TS val 100 ecr 0')", 'val');
      const value = expectUnsigned(stream, 32, 'the timestamp value', "after 'val'");
      stream.expect('word', "'ecr' after the timestamp value", 'ecr');
      const echo = expectUnsigned(stream, 32, 'the timestamp echo reply', "after 'ecr'");
      return { kind: 'timestamp', value, echo, ...position };
    }
    default:
      throw stream.errorAt(name, `'${name.text}' is not a TCP option this parser knows (${KNOWN_OPTIONS})`);
  }
}

/** `keyword N`, or `undefined` when the keyword is not next. */
function optionalNumber(stream: TokenStream, keyword: string, bits: 16 | 32, name: string): number | undefined {
  if (stream.accept('word', keyword) === undefined) return undefined;
  return expectUnsigned(stream, bits, name, `after '${keyword}'`);
}

/** An integer that fits in `bits` unsigned bits, as parser.y's is_valid_u16() and friends require. */
function expectUnsigned(stream: TokenStream, bits: 8 | 16 | 32, name: string, context: string): number {
  const token = stream.expect('integer', `${name} ${context}`);
  const value = integerValue(token.text);
  const max = 2 ** bits - 1;
  if (value === undefined || value < 0 || value > max) {
    throw stream.errorAt(token, `${name} ${token.text} is out of range (0 to ${max})`);
  }
  return value;
}

/**
 * ECN on packet lines (RFC 3168): the flags E (ECE) and W (CWR) and the IP
 * ECN field (`[ect0]`, `[ce]`, …). Our TCP does not implement ECN: a line
 * that sends the bits plays (our TCP ignores them, as a TCP without ECN
 * does), and a line that expects ECN from it fails there, saying why.
 */
import { parseScript } from '../../src/pkt';
import { formatFailure, runScript } from '../../src/pkt/runner';
import { ACCEPTED } from './scriptFixtures';

function failures(text: string): string[] {
  return runScript(parseScript(text, 'test.pkt')).failures.map((failure) => formatFailure(failure, 'test.pkt'));
}

test('an ECN-setup SYN (SEW, RFC 3168 §6.1.1) is answered with a plain SYN-ACK: our TCP ignores ECE and CWR', () => {
  const script = `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+0 < SEW 0:0(0) win 65535 <mss 1000>
+0 > S. 0:0(0) ack 1 <...>
`;
  expect(failures(script)).toEqual([]);
});

test('data marked CE in the IP header is taken and acknowledged as any data: our TCP reads no ECN field', () => {
  const script = `${ACCEPTED}+0 < [ce] P. 1:101(100) ack 1 win 65535
+0 read(4, ..., 100) = 100
`;
  expect(failures(script)).toEqual([]);
});

test('a > line with [noecn] matches our segments, which are Not-ECT', () => {
  const script = `${ACCEPTED}+0 write(4, ..., 10) = 10
+0 > [noecn] P. 1:11(10) ack 1 <...>
`;
  expect(failures(script)).toEqual([]);
});

test('a connect that expects ECN negotiation (> SEW) fails at that line, saying our TCP does not implement ECN', () => {
  const script = `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 4
+0...0.004 connect(4, ..., ...) = 0
+0 > SEW 0:0(0) <...>
`;
  expect(failures(script)).toEqual([
    'test.pkt:3: outbound segment differs: flags: expected SEW, sent S (this TCP does not implement ECN, RFC 3168) (script: "SEW 0:0(0) <...>", host: "S 0:0(0) win 65535 <mss 1460>")',
  ]);
});

test('a > line that expects ECT(0) data fails naming the IP ECN field', () => {
  const script = `${ACCEPTED}+0 write(4, ..., 10) = 10
+0 > [ect0] P. 1:11(10) ack 1 <...>
`;
  expect(failures(script)).toEqual([
    'test.pkt:9: outbound segment differs: IP ECN field: expected ect0, sent noecn (this TCP does not implement ECN, RFC 3168) (script: "[ect0] P. 1:11(10) ack 1 <...>", host: "P. 1:11(10) ack 1 win 65535")',
  ]);
});

test('sysctl net.ipv4.tcp_ecn=1 is refused at its line; =0 (off, as our TCP is) plays', () => {
  const on = `\`sysctl -q net.ipv4.tcp_ecn=1  # fully enabled\`\n${ACCEPTED}`;
  expect(failures(on)).toEqual([
    'test.pkt:1: sysctl net.ipv4.tcp_ecn=1: our TCP does not implement ECN (RFC 3168); only 0 (off) plays',
  ]);
  expect(failures(`\`sysctl -q net.ipv4.tcp_ecn=0\`\n${ACCEPTED}`)).toEqual([]);
});

test('[ect01] (either ECT) on an inbound line is refused at parse time, as packetdrill refuses it', () => {
  expect(() => parseScript(`${ACCEPTED}+0 < [ect01] . 1:1(0) ack 1 win 65535\n`)).toThrow(
    /\[ect01\] can only be used with outbound packets/,
  );
});

test('other IP settings in brackets (tos) are refused at parse time, naming the codepoints', () => {
  expect(() => parseScript(`${ACCEPTED}+0 < [tos 0x1] . 1:1(0) ack 1 win 65535\n`)).toThrow(
    /'tos' is not an IP ECN codepoint \(noecn, ect0, ect1, ce, ect01\)/,
  );
});

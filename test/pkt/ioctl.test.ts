/**
 * ioctl(SIOCINQ) and ioctl(SIOCOUTQ) on our TCP: the bytes a read would
 * return, and the bytes written and not yet acknowledged (Linux's tcp_ioctl),
 * as google/packetdrill's ioctl/ioctl-siocinq-fin.pkt and
 * validate/validate-established-no-flags.pkt read them.
 */
import { parseScript } from '../../src/pkt';
import { formatFailure, runScript } from '../../src/pkt/runner';
import { ACCEPTED } from './scriptFixtures';

function failures(text: string): string[] {
  return runScript(parseScript(text, 'test.pkt')).failures.map((failure) => formatFailure(failure, 'test.pkt'));
}

test('SIOCINQ counts the data queued, and not the FIN that came with it', () => {
  const script = `${ACCEPTED}+0 < P. 1:1001(1000) ack 1 win 65535
+.01 ioctl(4, SIOCINQ, [1000]) = 0
+.01 read(4, ..., 1000) = 1000
+0 ioctl(4, SIOCINQ, [0]) = 0
+0 < FP. 1001:2001(1000) ack 1 win 65535
+.01 ioctl(4, SIOCINQ, [1000]) = 0
`;
  expect(failures(script)).toEqual([]);
});

test('SIOCINQ after a segment without the ACK flag in ESTABLISHED is 0: RFC 9293 §3.10.7.4 drops it', () => {
  const script = `${ACCEPTED}+.01 < - 1:1001(1000) win 65535
+0 ioctl(4, SIOCINQ, [0]) = 0
`;
  expect(failures(script)).toEqual([]);
});

test('SIOCOUTQ counts bytes sent and not acknowledged, then nothing once the ACK comes', () => {
  const script = `${ACCEPTED}+0 write(4, ..., 500) = 500
+0 > P. 1:501(500) ack 1 <...>
+0 ioctl(4, SIOCOUTQ, [500]) = 0
+.01 < . 1:1(0) ack 501 win 65535
+0 ioctl(4, SIOCOUTQ, [0]) = 0
`;
  expect(failures(script)).toEqual([]);
});

test('a SIOCINQ that differs fails at its line with both counts', () => {
  const script = `${ACCEPTED}+0 < P. 1:101(100) ack 1 win 65535
+0 ioctl(4, SIOCINQ, [99]) = 0
`;
  expect(failures(script)).toEqual(['test.pkt:9: ioctl: SIOCINQ is 100, expected 99 (script: "99", host: "100")']);
});

test('ioctl on a listener is EINVAL, as tcp_ioctl answers in LISTEN', () => {
  const script = `${ACCEPTED}+0 ioctl(3, SIOCINQ, [0]) = -1 EINVAL
`;
  expect(failures(script)).toEqual([]);
});

test('an ioctl request other than SIOCINQ and SIOCOUTQ is refused at parse time at its column', () => {
  expect(() => parseScript(`${ACCEPTED}+0 ioctl(4, FIONBIO, [1]) = 0\n`, 'test.pkt')).toThrow(
    /line 8, column 13: ioctl: unknown symbol 'FIONBIO' \(request may be SIOCINQ, SIOCOUTQ or a number\)/,
  );
});

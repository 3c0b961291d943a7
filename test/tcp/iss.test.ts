/**
 * Initial sequence numbers (RFC 9293 §3.4.1, RFC 6528 §3): ISN = M + F(...),
 * M a timer that ticks every 4 microseconds, F a keyed hash of the
 * connection's identity. The clock counts milliseconds (src/net/clock.ts), so
 * M advances by 250 per millisecond. F is checked against HMAC-SHA256 values
 * computed outside Node (`printf '80:49152' | openssl dgst -sha256 -hmac 'RFC 6528 secret'`):
 * its first four octets, big-endian.
 */
import { rfc6528IssGenerator } from '../../src/tcp/iss';
import { Fixture, LOCAL_PORT, REMOTE_PORT } from './fixtures';

const SECRET = new TextEncoder().encode('RFC 6528 secret');
/** F for local port 80, remote port 49152: HMAC-SHA256 4e622399596313a5… */
const F_80_49152 = 0x4e62_2399;
/** F for the ports swapped: HMAC-SHA256 7c47deb0d58bb8fe… */
const F_49152_80 = 0x7c47_deb0;

describe('rfc6528IssGenerator (RFC 6528 §3)', () => {
  const iss = rfc6528IssGenerator(SECRET);

  test('at time 0, M is 0: the ISN is F, the first 32 bits of HMAC-SHA256(secret, "localport:remoteport")', () => {
    expect(iss(0, 80, 49152)).toBe(F_80_49152);
  });

  // RFC 6528 §3: F takes the connection-id's ports in their roles (local, remote), so the two
  // directions of one port pair are different connections with different F.
  test('the ports in the other order -> another F', () => {
    expect(iss(0, 49152, 80)).toBe(F_49152_80);
  });

  // RFC 6528 §3: "M is the 4 microsecond timer"; the clock gives milliseconds, fractions included.
  test.each([
    [0.003, 0],
    [0.004, 1],
    [1, 250],
    [1000, 250_000],
  ])('at %p ms, M = %p ticks of 4 µs', (now, ticks) => {
    expect(iss(now, 80, 49152)).toBe(F_80_49152 + ticks);
  });

  // RFC 9293 §3.4.1: the ISN is a 32-bit number; M + F wraps modulo 2^32.
  test('at 17,179,870 ms, M = 4,294,967,500: M + F wraps modulo 2^32 to F + 204', () => {
    expect(iss(17_179_870, 80, 49152)).toBe(F_80_49152 + 204);
  });

  // RFC 6528 §3: F is keyed by the secret (secretkey), which an attacker does not know.
  test('another secret -> another F', () => {
    expect(rfc6528IssGenerator(new TextEncoder().encode('another secret'))(0, 80, 49152)).not.toBe(F_80_49152);
  });
});

describe('TcpConnection with an RFC 6528 generator', () => {
  test('CLOSED + connect() at 1 s -> SYN with SEQ = F(80, 49152) + 250,000', () => {
    const f = new Fixture({ iss: rfc6528IssGenerator(SECRET) });
    f.clock.advanceTo(1000);
    f.connection.connect();
    expect(f.sent.map((s) => s.seq)).toEqual([F_80_49152 + 250_000]);
  });

  test("LISTEN + SYN at 2 ms -> SYN-ACK with SEQ = F(80, 49152) + 500: our port first, the peer's second", () => {
    const f = new Fixture({ iss: rfc6528IssGenerator(SECRET) });
    f.connection.listen();
    f.clock.advanceTo(2);
    f.recv({ flags: 'S', seq: 5000, ack: 0 });
    expect(f.sent.map((s) => [s.srcPort, s.dstPort, s.seq])).toEqual([[LOCAL_PORT, REMOTE_PORT, F_80_49152 + 500]]);
  });
});

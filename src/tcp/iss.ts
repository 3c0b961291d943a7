/**
 * Initial sequence number selection (RFC 9293 §3.4.1, RFC 6528 §3):
 * ISN = M + F(localip, localport, remoteip, remoteport, secretkey), where M is
 * a timer that ticks every 4 microseconds and F a keyed hash. The clock is the
 * connection's injected clock, so a virtual clock gives reproducible ISNs.
 */
import { createHmac, randomBytes } from 'node:crypto';

export type IssGenerator = (now: number, localPort: number, remotePort: number) => number;

/** RFC 6528 with a secret chosen once per generator. */
export function rfc6528IssGenerator(secret: Uint8Array = randomBytes(16)): IssGenerator {
  return (now, localPort, remotePort) => {
    const digest = createHmac('sha256', secret).update(`${localPort}:${remotePort}`).digest();
    const f = digest.readUInt32BE(0);
    const m = Math.floor((now * 1000) / 4); // RFC 6528 §3: M ticks every 4 µs
    return (f + m) >>> 0;
  };
}

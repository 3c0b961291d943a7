/**
 * SACK blocks (RFC 2018 §3) on packet lines: `<nop,nop,sack 1001:2001>`.
 * Their edges name the data the other side sent, so they map between the
 * script's numbers and the wire's as the ACK field does (run_packet.c's
 * offset_sack_blocks). Our TCP never sends SACK-permitted, so a peer must not
 * send it SACK blocks (RFC 2018 §2); one that does is ignored, as RFC 9293
 * §3.2 has a TCP ignore an option it does not implement (MUST-68).
 */
import { parseScript } from '../../src/pkt';
import type { PacketEvent } from '../../src/pkt/ast';
import { formatFailure, runScript } from '../../src/pkt/runner';
import { Flow } from '../../src/pkt/runner/flow';
import { formatSent, inboundSegment } from '../../src/pkt/runner/packets';
import { segment } from '../../src/wire/segment';
import { ACCEPTED } from './scriptFixtures';

function packetLine(line: string): PacketEvent {
  const event = parseScript(`0 ${line}\n`, 'test.pkt').events[0];
  if (event?.kind !== 'packet') throw new Error(`not a packet line: ${line}`);
  return event;
}

/** A flow whose ISNs are known: ours 0xffffff00 on the wire (0 in the script), the script's 5000. */
function flowWithIsns(): Flow {
  const flow = new Flow(8080, 40000);
  flow.localIsn = { live: 0xffff_ff00, script: 0 };
  flow.learnRemoteIsn(5000);
  return flow;
}

test('a < line with SACK blocks carries them, mapped to our sequence numbers as its ack is (across 2^32)', () => {
  const injected = inboundSegment(
    packetLine('< . 1:1(0) ack 1 win 65535 <nop,nop,sack 1001:2001 3001:4001>'),
    flowWithIsns(),
  );
  expect([injected.ack, injected.options]).toEqual([
    0xffff_ff01,
    // 0xffffff00 + 1001 wraps to 745.
    {
      sackBlocks: [
        { left: 745, right: 1745 },
        { left: 2745, right: 3745 },
      ],
    },
  ]);
});

test('SACK blocks the host sent print in the script numbers of the data they acknowledge', () => {
  const sent = segment({
    srcPort: 8080,
    dstPort: 40000,
    seq: 0xffff_ff01,
    ack: 5001,
    flags: '.',
    window: 1000,
    options: { sackBlocks: [{ left: 6001, right: 7001 }] },
  });
  expect(formatSent(sent, flowWithIsns())).toBe('. 1:1(0) ack 1 win 1000 <sack 1001:2001>');
});

test('ESTABLISHED + three duplicate ACKs carrying SACK blocks -> our TCP ignores the blocks and resends the first segment (RFC 5681 §3.2)', () => {
  const script = `${ACCEPTED}+0 write(4, ..., 3000) = 3000
+0 > . 1:1001(1000) ack 1
+0 > . 1001:2001(1000) ack 1
+0 > P. 2001:3001(1000) ack 1
+.1 < . 1:1(0) ack 1 win 65535 <nop,nop,sack 1001:2001>
+0 < . 1:1(0) ack 1 win 65535 <nop,nop,sack 1001:3001>
+0 < . 1:1(0) ack 1 win 65535 <nop,nop,sack 1001:3001>
+0 > . 1:1001(1000) ack 1
+0 < . 1:1(0) ack 3001 win 65535
`;
  const result = runScript(parseScript(script, 'test.pkt'), { strict: true });
  expect(result.failures.map((failure) => formatFailure(failure, 'test.pkt'))).toEqual([]);
});

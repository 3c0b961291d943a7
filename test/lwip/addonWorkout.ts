/**
 * A workout of the lwIP addon (native/lwip.c) for test/lwip/memory.lwip.ts,
 * which runs it in a child process under valgrind: both ends of a connection
 * with packets of every size class the suites use, up to the full 1,500-byte
 * MTU, then the close and TIME-WAIT to the end. Not a jest test file (no
 * `.lwip.ts`); it exits 0 when every step behaved.
 */
import { strict as assert } from 'node:assert';
import { LwipScriptHost } from '../../src/lwip/lwipScriptHost';
import { VirtualClock } from '../../src/net/clock';
import { seqAdd } from '../../src/tcp/seq';
import { segment, type Segment } from '../../src/wire/segment';

const LOCAL = '192.168.0.1';
const PEER = '192.0.2.1';
const PORT = 8080;
const PEER_PORT = 40000;
const PEER_ISS = 1000;
/** A bare ACK, a small segment, one over the 592 bytes of Debian's pool pbuf, and a full MSS. */
const PAYLOAD_SIZES = [0, 100, 1000, 1460];

const clock = new VirtualClock(0);
const sent: Segment[] = [];
const host = new LwipScriptHost({ address: LOCAL, clock, output: (datagram) => sent.push(datagram.segment) });
const fromPeer = (spec: Parameters<typeof segment>[0]) =>
  host.receive({ src: PEER, dst: LOCAL, segment: segment({ srcPort: PEER_PORT, dstPort: PORT, ...spec }) });

const listener = host.socket();
host.bind(listener, PORT);
host.listen(listener);
fromPeer({ seq: PEER_ISS, flags: 'S', options: { mss: 1460 } });
const iss = sent.at(-1)!.seq;
let peerSeq = PEER_ISS + 1;
const ackOfIss = () => seqAdd(iss, 1 + received);
let received = 0;
fromPeer({ seq: peerSeq, ack: ackOfIss(), flags: '.' });
const fd = host.accept(listener);

for (const size of PAYLOAD_SIZES) {
  // The peer's data in, read back byte for byte.
  const payload = new Uint8Array(size).map((_, i) => (i * 7 + size) & 0xff);
  if (size > 0) {
    fromPeer({ seq: peerSeq, ack: ackOfIss(), flags: 'P.', payload });
    peerSeq += size;
    assert.deepEqual(new Uint8Array(host.read(fd, size)), payload);
  }
  // Ours out, acknowledged.
  const before = sent.length;
  const written = host.write(fd, payload.length > 0 ? payload : new Uint8Array(1));
  const data = sent.slice(before).filter((s) => s.payload.length > 0);
  assert.equal(
    data.reduce((sum, s) => sum + s.payload.length, 0),
    written,
  );
  received += written;
  fromPeer({ seq: peerSeq, ack: ackOfIss(), flags: '.' });
}

// Close both ways, then TIME-WAIT's 2MSL to the end.
host.close(fd);
fromPeer({ seq: peerSeq, ack: seqAdd(ackOfIss(), 1), flags: 'F.' });
assert.deepEqual(
  host.allSockets().map((socket) => socket.state),
  ['LISTEN', 'TIME_WAIT'],
);
clock.advance(121_000);
host.close(listener);
assert.deepEqual(host.allSockets(), []);
console.log(`workout done: ${sent.length} segments from lwIP`);

/**
 * Connections attached to the simulated network with `attachConnections`:
 * each segment goes where a host's demultiplexer would send it, and a
 * segment for no connection is answered as RFC 9293 §3.10.7.1 says — never
 * by an error escaping into the simulation.
 */
import { VirtualClock } from '../../src/net/clock';
import { SimulatedNetwork } from '../../src/net/network';
import { TcpConnection } from '../../src/tcp/connection';
import { segment, type Segment } from '../../src/wire/segment';

const CLIENT = '10.0.0.1';
const SERVER = '10.0.0.2';

/** A server connection listening on port 80 behind `attachConnections`, and a recording client address. */
function fixture(conditions: { seed?: number; corruption?: number; corruptionBits?: number } = {}) {
  const clock = new VirtualClock();
  const network = new SimulatedNetwork({ clock, seed: conditions.seed ?? 1, delayMs: 1, ...conditions });
  const server = new TcpConnection({ clock, localPort: 80, iss: 1000, output: network.output(SERVER, CLIENT) });
  network.attachConnections(SERVER, [server]);
  const atClient: Segment[] = [];
  network.attach({ address: CLIENT, receive: (s) => atClient.push(s) });
  const toServer = network.output(CLIENT, SERVER);
  return { clock, network, server, atClient, toServer };
}

describe('SimulatedNetwork.attachConnections', () => {
  test('a SYN to a port with no connection -> <SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK> back to the sender (§3.10.7.1)', () => {
    const { clock, atClient, toServer } = fixture();
    toServer(segment({ srcPort: 40000, dstPort: 81, seq: 7, flags: 'S' }));
    clock.runUntilIdle();
    expect(atClient).toEqual([segment({ srcPort: 81, dstPort: 40000, seq: 0, ack: 8, flags: 'R.', window: 0 })]);
  });

  test('a RST to a port with no connection -> nothing', () => {
    const { clock, atClient, toServer } = fixture();
    toServer(segment({ srcPort: 40000, dstPort: 81, seq: 7, flags: 'R' }));
    clock.runUntilIdle();
    expect(atClient).toEqual([]);
  });

  test('a SYN to the listening port -> the listener takes it and answers with its SYN-ACK', () => {
    const { clock, server, atClient, toServer } = fixture();
    server.listen();
    toServer(segment({ srcPort: 40000, dstPort: 80, seq: 7, flags: 'S' }));
    clock.advance(2);
    expect(server.state).toBe('SYN_RECEIVED');
    expect(atClient.map((s) => [s.srcPort, s.dstPort, s.seq, s.ack])).toEqual([[80, 40000, 1000, 8]]);
  });

  test('a segment whose source port changed on the way (corruption the checksum missed) -> a RST, the connection untouched', () => {
    const { clock, server, atClient, toServer } = fixture();
    server.listen();
    toServer(segment({ srcPort: 40000, dstPort: 80, seq: 7, flags: 'S' }));
    toServer(segment({ srcPort: 40000, dstPort: 80, seq: 8, ack: 1001, flags: '.' }));
    clock.advance(2); // the handshake is done and our SYN-ACK has reached the client
    expect(server.state).toBe('ESTABLISHED');
    atClient.length = 0;
    const before = server.snapshot();
    toServer(segment({ srcPort: 40001, dstPort: 80, seq: 8, ack: 1001, flags: 'P.', payload: 'stray' }));
    clock.advance(2);
    expect(server.snapshot()).toEqual(before);
    expect(atClient).toEqual([segment({ srcPort: 80, dstPort: 40001, seq: 1001, flags: 'R', window: 0 })]);
  });

  test('a SYN <mss 0> across the network, the handshake, then send(1000) -> segments of 536 and 464 reach the peer', () => {
    const { clock, server, atClient, toServer } = fixture();
    server.listen();
    toServer(segment({ srcPort: 40000, dstPort: 80, seq: 7, flags: 'S', options: { mss: 0 } }));
    toServer(segment({ srcPort: 40000, dstPort: 80, seq: 8, ack: 1001, flags: '.' }));
    clock.advance(2);
    atClient.length = 0;
    server.send(new Uint8Array(1000));
    clock.advance(1);
    expect(atClient.map((s) => s.payload.length)).toEqual([536, 464]);
  });
});

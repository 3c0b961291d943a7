import { VirtualClock } from '../../src/net/clock';
import {
  AddressInUseError,
  SimulatedNetwork,
  type NetworkConditions,
  type NetworkTraceEvent,
} from '../../src/net/network';
import { TcpWireError } from '../../src/wire/errors';
import { segment, type Segment } from '../../src/wire/segment';

const CLIENT = '10.0.0.1';
const SERVER = '10.0.0.2';

/** An endpoint that records what reaches it, and when. */
function recordingHost(address: string, clock: VirtualClock) {
  const arrivals: Array<{ at: number; segment: Segment }> = [];
  return {
    address,
    receive: (seg: Segment) => arrivals.push({ at: clock.now(), segment: seg }),
    arrivals,
    seqs: () => arrivals.map((a) => a.segment.seq),
  };
}

/** A client and a server on one network, and the client's output toward the server. */
function fixture(conditions: NetworkConditions = {}, seed = 1) {
  const clock = new VirtualClock();
  const trace: NetworkTraceEvent[] = [];
  const network = new SimulatedNetwork({ clock, seed, trace: (e) => trace.push(e), ...conditions });
  const client = recordingHost(CLIENT, clock);
  const server = recordingHost(SERVER, clock);
  network.attach(client);
  network.attach(server);
  const clientOutput = network.output(CLIENT, SERVER);
  return { clock, network, client, server, clientOutput, trace };
}

/** A data segment from the client's port 40000 to port 80; `seq` tells them apart. */
function data(seq: number, payload = `segment ${seq}`): Segment {
  return segment({ srcPort: 40000, dstPort: 80, seq, ack: 1, flags: 'P.', payload });
}

/** Whether a segment is exactly what `data` built, whichever field a flip may have hit. */
function isOriginal(seg: Segment): boolean {
  const text = new TextDecoder().decode(seg.payload);
  const seq = Number(text.replace('segment ', ''));
  return Number.isInteger(seq) && JSON.stringify(seg) === JSON.stringify(data(seq));
}

function sendMany(output: (s: Segment) => void, count: number): void {
  for (let seq = 0; seq < count; seq++) output(data(seq));
}

describe('SimulatedNetwork', () => {
  test('without impairments, segments arrive in order after the delay', () => {
    const { clock, network, server, clientOutput } = fixture({ delayMs: 5 });
    sendMany(clientOutput, 10);
    clock.advance(4);
    expect(server.arrivals).toEqual([]);
    clock.advance(1);
    expect(server.seqs()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(server.arrivals.every((a) => a.at === 5)).toBe(true);
    expect(network.stats).toEqual({
      sent: 10,
      delivered: 10,
      dropped: 0,
      duplicated: 0,
      reordered: 0,
      corrupted: 0,
      corruptedCaught: 0,
      unroutable: 0,
      inFlight: 0,
    });
  });

  test('each output reaches the endpoint at its destination address', () => {
    const { clock, network, client, server } = fixture();
    network.output(SERVER, CLIENT)(data(7));
    network.output(CLIENT, SERVER)(data(8));
    clock.runUntilIdle();
    expect(client.seqs()).toEqual([7]);
    expect(server.seqs()).toEqual([8]);
  });

  test('an undamaged segment is handed over as the same object, not copied', () => {
    const { clock, server, clientOutput } = fixture();
    const sent = data(1);
    clientOutput(sent);
    clock.runUntilIdle();
    expect(server.arrivals[0]?.segment).toBe(sent);
  });

  test('a reply sent from inside receive travels back after the delay', () => {
    const clock = new VirtualClock();
    const network = new SimulatedNetwork({ clock, seed: 1, delayMs: 20 });
    const client = recordingHost(CLIENT, clock);
    const toClient = network.output(SERVER, CLIENT);
    network.attach(client);
    network.attach({ address: SERVER, receive: (seg) => toClient({ ...seg, seq: seg.seq + 1000 }) });
    network.output(CLIENT, SERVER)(data(1));
    clock.runUntilIdle();
    expect(client.arrivals.map((a) => [a.at, a.segment.seq])).toEqual([[40, 1001]]);
  });

  test('jitter spreads arrivals over [delay, delay + jitter)', () => {
    const { clock, server, clientOutput } = fixture({ delayMs: 10, jitterMs: 5 });
    sendMany(clientOutput, 500);
    clock.runUntilIdle();
    const times = server.arrivals.map((a) => a.at);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...times)).toBeLessThan(15);
    expect(new Set(times).size).toBeGreaterThan(400);
  });

  test('the loss rate is near the setting, and lost segments never arrive', () => {
    const { clock, network, server, clientOutput } = fixture({ loss: 0.25 });
    sendMany(clientOutput, 10_000);
    clock.runUntilIdle();
    const { sent, dropped, delivered } = network.stats;
    expect(sent).toBe(10_000);
    expect(dropped / sent).toBeGreaterThan(0.23);
    expect(dropped / sent).toBeLessThan(0.27);
    expect(delivered).toBe(sent - dropped);
    expect(server.arrivals).toHaveLength(delivered);
  });

  test('loss 1 drops everything and loss 0 nothing', () => {
    const lossy = fixture({ loss: 1 });
    sendMany(lossy.clientOutput, 100);
    lossy.clock.runUntilIdle();
    expect(lossy.network.stats.dropped).toBe(100);
    expect(lossy.server.arrivals).toEqual([]);

    const clean = fixture({ loss: 0 });
    sendMany(clean.clientOutput, 100);
    clean.clock.runUntilIdle();
    expect(clean.server.arrivals).toHaveLength(100);
  });

  test('the same seed gives the same fates and times; another seed does not', () => {
    const conditions: NetworkConditions = {
      loss: 0.1,
      duplication: 0.1,
      reorder: 0.1,
      corruption: 0.1,
      corruptionBits: 3,
      delayMs: 10,
      jitterMs: 3,
    };
    const run = (seed: number) => {
      const { clock, clientOutput, trace } = fixture(conditions, seed);
      sendMany(clientOutput, 2_000);
      clock.runUntilIdle();
      return trace.map((e) => `${e.time} ${e.fate} ${e.segment.seq} ${e.duplicate} ${e.reordered} ${e.corrupted}`);
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  test('duplication 1 delivers every segment twice', () => {
    const { clock, network, server, clientOutput } = fixture({ duplication: 1 });
    sendMany(clientOutput, 50);
    clock.runUntilIdle();
    expect(network.stats.duplicated).toBe(50);
    expect(network.stats.delivered).toBe(100);
    expect(server.seqs()).toEqual(Array.from({ length: 50 }, (_, seq) => [seq, seq]).flat());
  });

  test('duplication near the setting, with each copy traced as first or duplicate', () => {
    const { clock, network, clientOutput, trace } = fixture({ duplication: 0.3 });
    sendMany(clientOutput, 5_000);
    clock.runUntilIdle();
    const { duplicated, delivered } = network.stats;
    expect(duplicated / 5_000).toBeGreaterThan(0.28);
    expect(duplicated / 5_000).toBeLessThan(0.32);
    expect(delivered).toBe(5_000 + duplicated);
    expect(trace.filter((e) => e.duplicate)).toHaveLength(duplicated);
  });

  test('a reordered segment arrives after segments sent shortly after it', () => {
    const { clock, network, server, clientOutput, trace } = fixture({ reorder: 0.2, delayMs: 10 });
    for (let seq = 0; seq < 1_000; seq++) {
      clientOutput(data(seq));
      clock.advance(1);
    }
    clock.runUntilIdle();
    const { reordered, delivered } = network.stats;
    expect(delivered).toBe(1_000);
    expect(reordered / 1_000).toBeGreaterThan(0.17);
    expect(reordered / 1_000).toBeLessThan(0.23);
    const order = server.seqs();
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 1_000 }, (_, seq) => seq));
    // Held back 1 to 2 x delayMs: behind every segment sent (one per ms)
    // within the next 10 ms that was not held back itself.
    const heldBack = new Set(trace.filter((e) => e.reordered).map((e) => e.segment.seq));
    expect(heldBack.size).toBe(reordered);
    for (const seq of heldBack) {
      const arrivedBefore = new Set(order.slice(0, order.indexOf(seq)));
      for (let later = seq + 1; later < seq + 10 && later < 1_000; later++) {
        if (!heldBack.has(later)) expect(arrivedBefore.has(later)).toBe(true);
      }
    }
  });

  test('every single-bit corruption is caught by the checksum', () => {
    const { clock, network, server, clientOutput, trace } = fixture({ corruption: 1 });
    sendMany(clientOutput, 2_000);
    clock.runUntilIdle();
    const { corrupted, corruptedCaught, delivered } = network.stats;
    expect(corrupted).toBe(2_000);
    expect(corruptedCaught).toBe(corrupted);
    expect(delivered).toBe(0);
    expect(server.arrivals).toEqual([]);
    expect(trace.every((e) => e.fate === 'corruption-caught')).toBe(true);
  });

  test('multi-bit corruption is mostly caught; some gets through altered', () => {
    const { clock, network, clientOutput, trace } = fixture({ corruption: 1, corruptionBits: 2 });
    sendMany(clientOutput, 5_000);
    clock.runUntilIdle();
    const { corrupted, corruptedCaught, delivered } = network.stats;
    expect(corrupted).toBe(5_000);
    expect(corruptedCaught + delivered).toBe(corrupted);
    expect(corruptedCaught / corrupted).toBeGreaterThan(0.9);
    const slipped = trace.filter((e) => e.fate === 'delivered');
    expect(slipped.length).toBeGreaterThan(0);
    expect(slipped.every((e) => e.corrupted)).toBe(true);
    // Not all of it is altered: flips in bits the decoder ignores (the
    // reserved bits), balanced by one in the checksum, decode to the original.
    const altered = slipped.filter((e) => !isOriginal(e.segment));
    expect(altered.length).toBeGreaterThan(0);
  });

  test('a segment to an address nobody is attached to is counted unroutable', () => {
    const { clock, network } = fixture();
    network.output(CLIENT, '10.0.0.99')(data(1));
    clock.runUntilIdle();
    expect(network.stats.unroutable).toBe(1);
    expect(network.stats.delivered).toBe(0);
  });

  test('segments in flight to a detached host are counted unroutable', () => {
    const { clock, network, server, clientOutput } = fixture({ delayMs: 10 });
    clientOutput(data(1));
    expect(network.stats.inFlight).toBe(1);
    network.detach(SERVER);
    clock.runUntilIdle();
    expect(server.arrivals).toEqual([]);
    expect(network.stats).toMatchObject({ unroutable: 1, inFlight: 0 });
  });

  test('the trace records each fate with the time it was decided', () => {
    const { clock, clientOutput, trace } = fixture({ delayMs: 3 });
    clock.advance(100);
    clientOutput(data(5));
    clock.runUntilIdle();
    expect(trace).toEqual([
      {
        time: 103,
        from: CLIENT,
        to: SERVER,
        segment: data(5),
        fate: 'delivered',
        corrupted: false,
        duplicate: false,
        reordered: false,
      },
    ]);
  });

  test('attaching a second endpoint at an address throws AddressInUseError', () => {
    const { network, clock } = fixture();
    expect(() => network.attach(recordingHost(CLIENT, clock))).toThrow(AddressInUseError);
  });

  test('addresses the wire format cannot carry are refused up front', () => {
    const { network, clock } = fixture();
    expect(() => network.attach(recordingHost('10.0.0', clock))).toThrow(TcpWireError);
    expect(() => network.output(CLIENT, 'server')).toThrow(TcpWireError);
    expect(() => network.output(CLIENT, '::1')).toThrow(TcpWireError);
  });

  test('settings outside their range are refused', () => {
    const clock = new VirtualClock();
    expect(() => new SimulatedNetwork({ clock, seed: 1, loss: 1.5 })).toThrow(RangeError);
    expect(() => new SimulatedNetwork({ clock, seed: 1, corruption: Number.NaN })).toThrow(RangeError);
    expect(() => new SimulatedNetwork({ clock, seed: 1, delayMs: -1 })).toThrow(RangeError);
    expect(() => new SimulatedNetwork({ clock, seed: 1, corruptionBits: 0 })).toThrow(RangeError);
    expect(() => new SimulatedNetwork({ clock, seed: 0.5 })).toThrow(RangeError);
  });
});

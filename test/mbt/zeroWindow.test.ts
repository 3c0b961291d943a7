/**
 * The peer's zero window (RFC 9293 §3.8.6.1) as the model drives it: SEND
 * queues behind the window, the persist timer probes with one octet at
 * SND.UNA at doubling intervals, and a window update or any other segment
 * of the peer lets the queued data go. One scenario per test, against
 * TcpConnection through the adapter.
 */
import { runPath, formatPathResult } from '../../src/mbt/runner';
import type { ModelEventType } from '../../src/mbt/modelGraph';
import { checkSent, freshPeer } from '../../src/mbt/scriptedPeer';
import type { ModelStep } from '../../src/mbt/sut';
import { LOCAL_PORT, REMOTE_PORT, SEND_PAYLOAD, TcpConnectionSut } from '../../src/mbt/tcpConnectionSut';
import { parseFlags, type Segment } from '../../src/wire/segment';
import { graphFor } from './fixtures';

const graph = graphFor('rfc9293');
const PERSIST = 'xstate.after.PERSIST.ESTABLISHED';
const ZERO_WINDOW_QUEUED: readonly ModelEventType[] = ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_ACK', 'RCV_WINDOW_ZERO', 'SEND'];

function passes(events: readonly ModelEventType[]) {
  const result = runPath(graph, new TcpConnectionSut(graph.input), events);
  if (!result.passed) throw new Error(formatPathResult(result));
  return result;
}

test('the probes wait an RTO, then twice as long each time, up to maxRto (RFC 9293 §3.8.6.1, SHLD-29, SHLD-30)', () => {
  const probes = Array.from({ length: 9 }, () => [PERSIST, 'RCV_WINDOW_ZERO'] as const).flat();
  const result = passes([...ZERO_WINDOW_QUEUED, ...probes]);
  const delays = result.steps.flatMap((record) => (record.step.delayMs === null ? [] : [record.step.delayMs]));
  expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 120_000, 120_000]);
  expect(result.steps.filter((record) => record.step.sends.includes('sendProbe'))).toHaveLength(9);
});

test('three zero-window answers to probes are no duplicate ACKs: the probe is not fast-retransmitted (RFC 5681 §3.2)', () => {
  const result = passes([...ZERO_WINDOW_QUEUED, PERSIST, 'RCV_WINDOW_ZERO', 'RCV_WINDOW_ZERO', 'RCV_WINDOW_ZERO']);
  expect(result.steps.at(-1)!.observed.sent).toEqual([]);
});

test('the window update after a probe sends the rest of the queued data at SND.NXT; the RTO resends from SND.UNA', () => {
  const result = passes([...ZERO_WINDOW_QUEUED, PERSIST, 'RCV_WINDOW_OPEN', 'xstate.after.RTO.ESTABLISHED']);
  const [probe, rest, resent] = result.steps.slice(-3).map((record) => record.observed.sent.map((seg) => seg.text));
  expect(probe).toEqual(['. 1001:1002(1) ack 5001 win 65535']);
  expect(rest).toEqual(['P. 1002:1011(9) ack 5001 win 65535']);
  expect(resent).toEqual(['P. 1001:1011(10) ack 5001 win 65535']);
});

test('a CLOSE while data waits behind the zero window sends nothing; the data and then the FIN leave with the next ACK', () => {
  const result = passes([...ZERO_WINDOW_QUEUED, 'CLOSE', 'xstate.after.PERSIST.FIN_WAIT_1', 'RCV_ACK']);
  const [close, probe, opened] = result.steps.slice(-3);
  expect(close!.observed).toMatchObject({ state: 'FIN_WAIT_1', sent: [] });
  expect(probe!.observed.sent.map((seg) => seg.kind)).toEqual(['sendProbe']);
  expect(opened!.observed.sent.map((seg) => seg.text)).toEqual([
    'P. 1002:1011(9) ack 5001 win 65535',
    'F. 1011:1011(0) ack 5001 win 65535',
  ]);
});

describe('the scripted peer knows its window is shut', () => {
  const persist: ModelStep = {
    event: PERSIST,
    from: 'ESTABLISHED',
    to: 'ESTABLISHED',
    sends: ['sendProbe'],
    rejects: null,
    signals: null,
    delayMs: 1000,
    resends: true,
  };
  const peer = () => {
    const shut = freshPeer(LOCAL_PORT, REMOTE_PORT);
    Object.assign(shut, { iss: 1000, nxt: 1001, starts: [1000], userBytes: SEND_PAYLOAD.length, windowZeroAck: 1001 });
    return shut;
  };
  const probe = (change: Partial<Segment>): Segment => ({
    srcPort: LOCAL_PORT,
    dstPort: REMOTE_PORT,
    seq: 1001,
    ack: 5001,
    flags: parseFlags('.'),
    window: 65535,
    payload: SEND_PAYLOAD.subarray(0, 1),
    ...change,
  });
  const checked = (segment: Segment) => checkSent(peer(), persist, [segment], null);

  test('one octet at SND.UNA is a probe, and so is a bare ACK at SND.UNA - 1 (Linux tcp_xmit_probe_skb)', () => {
    expect(checked(probe({})).observed.map((seen) => seen.kind)).toEqual(['sendProbe']);
    expect(checked(probe({ seq: 1000, payload: new Uint8Array(0) })).observed.map((seen) => seen.kind)).toEqual([
      'sendProbe',
    ]);
  });

  test("a probe's octet is the first byte SEND handed over", () => {
    expect(checked(probe({ payload: new Uint8Array([0x21]) })).problems.join('\n')).toContain(
      'byte 0 of the stream is not the one SEND handed over',
    );
  });

  test('after a probe an ACK has SEQ at the right edge of the zero window (tcp_acceptable_seq) or at SND.NXT (lwIP)', () => {
    const shut = peer();
    checkSent(shut, persist, [probe({})], null);
    const challenge: ModelStep = { ...persist, event: 'RCV_SYN', sends: ['sendChallengeAck'], delayMs: null };
    const ack = probe({ payload: new Uint8Array(0) });
    expect(checkSent({ ...shut }, challenge, [ack], null).problems).toEqual([]);
    expect(checkSent({ ...shut }, challenge, [{ ...ack, seq: 1002 }], null).problems).toEqual([]);
    expect(checkSent({ ...shut }, challenge, [{ ...ack, seq: 1003 }], null).problems.join('\n')).toContain(
      'sequence number 1003, expected 1001',
    );
  });
});

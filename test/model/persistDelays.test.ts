/**
 * The persist timer's intervals as each profile provides them (RFC 9293
 * §3.8.6.1, SHLD-29, SHLD-30: from the RTO, doubling up to maxRto, as
 * test/mbt/zeroWindow.test.ts checks): Linux's from icsk_rto shifted by icsk_backoff, which still counts
 * the RTO's own back-offs (machines/linux.ts); lwIP's on tcp_slowtmr's ticks
 * (machines/lwip.ts). One scenario per profile: the connection shuts the
 * peer's window, queues a SEND, and lets the probes go unanswered.
 */
import { linuxTcpMachine } from '../../machines/linux';
import { lwipTcpMachine } from '../../machines/lwip';
import type { TcpInput, TcpMachine } from '../../machines/tcp.machine';
import { LINUX_PROFILES } from '../../src/linux/profile';
import { LWIP_PROFILES } from '../../src/lwip/profile';
import { closedSnapshot, run, step, type TcpSnapshot } from './fixtures';

const ZERO_WINDOW_QUEUED = ['ACTIVE_OPEN', 'RCV_SYN_ACK', 'RCV_WINDOW_ZERO', 'SEND'];

/** The PERSIST delay each of `count` unanswered probes waited for, from `snapshot` on. */
function probeIntervals(snapshot: TcpSnapshot, count: number): number[] {
  const intervals: number[] = [];
  let current = snapshot;
  for (let i = 0; i < count; i++) {
    const probe = step(current, 'after PERSIST');
    expect(probe.sends).toEqual(['sendProbe']);
    const persist = probe.timers.find((timer) => timer.delay === 'PERSIST');
    if (persist === undefined) throw new Error(`probe ${i + 1} did not re-arm the persist timer`);
    intervals.push(persist.ms);
    current = probe.snapshot;
  }
  return intervals;
}

/** The first interval (armed by the queued SEND) and the next `count` after each probe. */
function intervalsFrom(machine: TcpMachine, input: TcpInput, before: readonly string[], count: number): number[] {
  const queued = step(run(closedSnapshot(input, machine), before.slice(0, -1)), before.at(-1)!);
  const first = queued.timers.find((timer) => timer.delay === 'PERSIST');
  if (first === undefined) throw new Error('the queued SEND did not start the persist timer');
  return [first.ms, ...probeIntervals(queued.snapshot, count)];
}

test("Linux: after a timeout without an RTT sample the probes back off from the RTO's back-off (tcp_probe0_when)", () => {
  const backedOff = ['ACTIVE_OPEN', 'RCV_SYN_ACK', 'SEND', 'after RTO', 'RCV_WINDOW_ZERO', 'SEND'];
  // icsk_rto is 2 s after one back-off, and icsk_backoff 1: 2 s, then 2 s << 2, capped at tcp_rto_max_ms (8 s).
  expect(intervalsFrom(linuxTcpMachine, LINUX_PROFILES[0]!.input, backedOff, 2)).toEqual([2000, 8000, 8000]);
});

test('Linux: without a back-off the probes keep RFC 9293 intervals', () => {
  expect(intervalsFrom(linuxTcpMachine, LINUX_PROFILES[0]!.input, ZERO_WINDOW_QUEUED, 4)).toEqual([
    1000, 2000, 4000, 8000, 8000,
  ]);
});

test("lwIP: the probes follow tcp_persist_backoff's ticks, whatever the RTO (1.5 s, 3 s … 60 s)", () => {
  expect(intervalsFrom(lwipTcpMachine, LWIP_PROFILES[0]!.input, ZERO_WINDOW_QUEUED, 8)).toEqual([
    1500, 3000, 6000, 12_000, 24_000, 48_000, 60_000, 60_000, 60_000,
  ]);
});

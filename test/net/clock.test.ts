import fc from 'fast-check';
import { VirtualClock, VirtualClockError, type TimerId } from '../../src/net/clock';

/** Records which timer fired and what `now()` read inside its callback. */
function recorder(clock: VirtualClock) {
  const fired: Array<{ name: string; at: number }> = [];
  const arm = (name: string, delayMs: number): TimerId =>
    clock.setTimer(delayMs, () => fired.push({ name, at: clock.now() }));
  return { fired, arm, names: () => fired.map((f) => f.name) };
}

describe('VirtualClock', () => {
  test('starts at 0, or at the time it is given', () => {
    expect(new VirtualClock().now()).toBe(0);
    expect(new VirtualClock(5_000).now()).toBe(5_000);
  });

  test('timers fire in order of due time, not of creation', () => {
    const clock = new VirtualClock();
    const { arm, names } = recorder(clock);
    arm('c', 30);
    arm('a', 10);
    arm('b', 20);
    expect(clock.advance(100)).toBe(3);
    expect(names()).toEqual(['a', 'b', 'c']);
  });

  test('timers due at the same time fire in creation order', () => {
    const clock = new VirtualClock();
    const { arm, names } = recorder(clock);
    for (const name of ['first', 'second', 'third', 'fourth']) arm(name, 50);
    clock.advance(50);
    expect(names()).toEqual(['first', 'second', 'third', 'fourth']);
  });

  test('a cleared timer never fires', () => {
    const clock = new VirtualClock();
    const { arm, names } = recorder(clock);
    arm('kept', 10);
    const cancelled = arm('cleared', 5);
    clock.clearTimer(cancelled);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(20);
    expect(names()).toEqual(['kept']);
  });

  test('clearing a timer twice, or after it fired, is ignored', () => {
    const clock = new VirtualClock();
    const { arm, names } = recorder(clock);
    const early = arm('early', 1);
    clock.advance(1);
    clock.clearTimer(early);
    const late = arm('late', 1);
    clock.clearTimer(late);
    clock.clearTimer(late);
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(10);
    expect(names()).toEqual(['early']);
  });

  test('a callback can clear a timer due later in the same advance', () => {
    const clock = new VirtualClock();
    const { arm, names } = recorder(clock);
    let victim: TimerId | undefined;
    clock.setTimer(10, () => clock.clearTimer(victim!));
    victim = arm('victim', 20);
    clock.advance(30);
    expect(names()).toEqual([]);
  });

  test('timers set inside a callback fire in the same advance when due within it', () => {
    const clock = new VirtualClock();
    const { fired, arm } = recorder(clock);
    clock.setTimer(10, () => {
      arm('rearmed+5', 5);
      arm('rearmed+0', 0);
      arm('rearmed+100', 100);
    });
    arm('plain', 12);
    clock.advance(20);
    expect(fired).toEqual([
      { name: 'rearmed+0', at: 10 },
      { name: 'plain', at: 12 },
      { name: 'rearmed+5', at: 15 },
    ]);
    expect(clock.nextTimerAt()).toBe(110);
  });

  test('advance does not fire timers due after its end', () => {
    const clock = new VirtualClock();
    const { arm, names } = recorder(clock);
    arm('now', 100);
    arm('later', 101);
    clock.advance(100);
    expect(names()).toEqual(['now']);
    expect(clock.now()).toBe(100);
    expect(clock.pendingTimers()).toBe(1);
    expect(clock.nextTimerAt()).toBe(101);
  });

  test("now() inside a callback is the timer's due time, and the advance end after it", () => {
    const clock = new VirtualClock(1_000);
    const { fired, arm } = recorder(clock);
    arm('a', 7);
    arm('b', 250);
    clock.advance(400);
    expect(fired).toEqual([
      { name: 'a', at: 1_007 },
      { name: 'b', at: 1_250 },
    ]);
    expect(clock.now()).toBe(1_400);
  });

  test('advanceTo moves to an absolute time and refuses to go back', () => {
    const clock = new VirtualClock();
    const { names, arm } = recorder(clock);
    arm('a', 40);
    clock.advanceTo(50);
    expect(names()).toEqual(['a']);
    expect(clock.now()).toBe(50);
    expect(() => clock.advanceTo(49)).toThrow(VirtualClockError);
  });

  test('negative and non-finite delays are rejected', () => {
    const clock = new VirtualClock();
    expect(() => clock.setTimer(-1, () => {})).toThrow(RangeError);
    expect(() => clock.setTimer(Number.NaN, () => {})).toThrow(RangeError);
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  test('nextTimerAt skips cleared timers and is undefined when none is pending', () => {
    const clock = new VirtualClock();
    const first = clock.setTimer(5, () => {});
    clock.setTimer(9, () => {});
    clock.clearTimer(first);
    expect(clock.nextTimerAt()).toBe(9);
    clock.advance(9);
    expect(clock.nextTimerAt()).toBeUndefined();
  });

  test('runUntilIdle fires everything and stops at the last due time', () => {
    const clock = new VirtualClock();
    const { names, arm } = recorder(clock);
    arm('a', 240_000);
    clock.setTimer(10, () => arm('b', 1_000));
    expect(clock.runUntilIdle()).toBe(3);
    expect(names()).toEqual(['b', 'a']);
    expect(clock.now()).toBe(240_000);
    expect(clock.pendingTimers()).toBe(0);
  });

  test('runUntilIdle throws when a timer keeps re-arming past the limit', () => {
    const clock = new VirtualClock();
    const rearm = (): void => void clock.setTimer(1_000, rearm);
    rearm();
    expect(() => clock.runUntilIdle(60_000)).toThrow(/re-arming itself forever/);
    expect(clock.now()).toBe(60_000);
  });

  test('runUntilIdle throws when a zero-delay timer re-arms without time moving', () => {
    const clock = new VirtualClock();
    const rearm = (): void => void clock.setTimer(0, rearm);
    rearm();
    expect(() => clock.runUntilIdle(60_000, 1_000)).toThrow(VirtualClockError);
    expect(clock.now()).toBe(0);
  });

  test('advance throws, not hangs, when a timer re-arms itself with a zero delay', () => {
    const clock = new VirtualClock();
    let later = 0;
    clock.setTimer(10, () => void clock.setTimer(0, rearm));
    const rearm = (): void => void clock.setTimer(0, rearm);
    clock.setTimer(20, () => later++);
    expect(() => clock.advance(30)).toThrow(
      /100000 callbacks have fired at 10 ms without time moving; is a timer re-arming itself with a zero delay\?/,
    );
    expect(clock.now()).toBe(10);
    expect(later).toBe(0);
  });

  test('a callback may not advance the clock that fired it', () => {
    const clock = new VirtualClock();
    clock.setTimer(1, () => clock.advance(1));
    expect(() => clock.advance(5)).toThrow(VirtualClockError);
  });

  test('an exception in a callback leaves the later timers pending', () => {
    const clock = new VirtualClock();
    const { names, arm } = recorder(clock);
    clock.setTimer(10, () => {
      throw new Error('boom');
    });
    arm('after', 20);
    expect(() => clock.advance(30)).toThrow('boom');
    expect(clock.now()).toBe(10);
    clock.advance(20);
    expect(names()).toEqual(['after']);
  });

  test('many set-then-clear cycles leave only the live timers pending', () => {
    // The retransmission timer's pattern: re-armed on every ACK.
    const clock = new VirtualClock();
    const { names, arm } = recorder(clock);
    let rto = arm('rto-0', 1_000);
    for (let ack = 1; ack <= 10_000; ack++) {
      clock.clearTimer(rto);
      rto = arm(`rto-${ack}`, 1_000);
    }
    expect(clock.pendingTimers()).toBe(1);
    clock.runUntilIdle();
    expect(names()).toEqual(['rto-10000']);
  });

  test('property: timers fire in (due, creation) order whatever the advance steps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ delay: fc.integer({ min: 0, max: 200 }), cleared: fc.boolean() }), { maxLength: 200 }),
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 20 }),
        (timers, steps) => {
          const clock = new VirtualClock();
          const fired: Array<{ index: number; at: number }> = [];
          const ids = timers.map(({ delay }, index) =>
            clock.setTimer(delay, () => fired.push({ index, at: clock.now() })),
          );
          timers.forEach(({ cleared }, index) => {
            if (cleared) clock.clearTimer(ids[index]!);
          });
          for (const step of steps) clock.advance(step);
          clock.runUntilIdle();

          const expected = timers
            .map(({ delay, cleared }, index) => ({ index, at: delay, cleared }))
            .filter(({ cleared }) => !cleared)
            .sort((a, b) => a.at - b.at || a.index - b.index)
            .map(({ index, at }) => ({ index, at }));
          expect(fired).toEqual(expected);
        },
      ),
    );
  });
});

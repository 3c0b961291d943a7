/**
 * Time, injected. The connection reads the time and arms its timers
 * (retransmission, TIME-WAIT's 2MSL, RFC 9293 §3.8) only through `Clock`, so
 * tests and the simulated network run on a `VirtualClock` where a four-minute
 * TIME-WAIT costs microseconds and every run is deterministic. `RealClock` is
 * the one place in the project allowed to touch real timers.
 */

import { performance } from 'node:perf_hooks';

declare const timerIdBrand: unique symbol;
/** Opaque: only the clock that returned it knows what it means. */
export type TimerId = number & { readonly [timerIdBrand]: true };

export interface Clock {
  /** Milliseconds on a monotonic scale; only differences are meaningful. */
  now(): number;
  /** Calls `callback` once, `delayMs` from now. */
  setTimer(delayMs: number, callback: () => void): TimerId;
  /** Cancels a timer; a timer that already fired or was cleared is ignored, as with `clearTimeout`. */
  clearTimer(id: TimerId): void;
}

/** A misuse of the virtual clock, or timers that never settle. */
export class VirtualClockError extends Error {
  override readonly name = 'VirtualClockError';
}

/**
 * `runUntilIdle`'s default bound on virtual time. The longest timers TCP arms
 * are the user timeout (5 minutes suggested, RFC 9293 §3.8.3) and TIME-WAIT's
 * 2MSL (4 minutes, §3.4.2); an hour is well past both, so hitting it means a
 * timer re-arms itself forever.
 */
export const DEFAULT_IDLE_LIMIT_MS = 60 * 60 * 1000;

/**
 * `runUntilIdle`'s default bound on callbacks: the time bound alone cannot
 * catch a timer that re-arms itself with a zero delay, since virtual time
 * then never moves.
 */
export const DEFAULT_MAX_FIRINGS = 1_000_000;

/**
 * Callbacks that may fire at one instant of virtual time, in `advance` and
 * `advanceTo` as in `runUntilIdle`: a TCP's timers due together are a
 * handful, so this many means a timer re-arms itself with a zero delay (a
 * deadline already past, say), which would otherwise never let the clock
 * return.
 */
export const MAX_FIRINGS_AT_ONE_INSTANT = 100_000;

interface PendingTimer {
  readonly due: number;
  /** Creation order: breaks ties between equal `due`. */
  readonly sequence: number;
  /** The `TimerId`: the creation order and the timer's slot, `sequence * SLOTS + slot`. */
  readonly id: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/**
 * Compaction threshold for cancelled entries left in the heap (lazy
 * deletion). A retransmission timer is cleared and re-armed on almost every
 * ACK, so without compaction the heap would grow with dead entries during a
 * bulk transfer.
 */
const MIN_CANCELLED_BEFORE_COMPACTION = 64;

/**
 * Timers pending at once, at most: a timer's id names its slot in an array,
 * so clearing finds it without a `Map` (whose set and delete, once per timer,
 * cost more than the rest of a path test's step together).
 */
const SLOTS = 1 << 20;

/**
 * A clock that moves only when told to. Timers live in a binary min-heap keyed
 * by (due, sequence); `clearTimer` finds the entry by its id's slot, marks it
 * cancelled, and the heap drops it when it surfaces, so both setting and
 * clearing cost O(log n).
 *
 * There is no snapshot/restore: pending timers hold closures, which are not
 * plain data. To resume a saved time, build `new VirtualClock(savedNow)` and
 * let the owners of the timers re-arm them.
 */
export class VirtualClock implements Clock {
  private currentTime: number;
  private nextSequence = 1;
  private readonly heap: PendingTimer[] = [];
  /** The pending timers by slot (`id % SLOTS`), and the slots free for reuse: every other slot holds a live timer. */
  private readonly slots: (PendingTimer | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private cancelledInHeap = 0;
  /** Guards against a callback advancing the clock from inside an advance. */
  private advancing = false;

  constructor(startMs = 0) {
    assertTime(startMs, 'startMs');
    this.currentTime = startMs;
  }

  now(): number {
    return this.currentTime;
  }

  setTimer(delayMs: number, callback: () => void): TimerId {
    assertDelay(delayMs);
    const slot = this.freeSlots.pop() ?? this.slots.length;
    if (slot >= SLOTS) throw new VirtualClockError(`more than ${SLOTS} timers pending at once`);
    const sequence = this.nextSequence++;
    const timer: PendingTimer = {
      due: this.currentTime + delayMs,
      sequence,
      id: sequence * SLOTS + slot,
      callback,
      cancelled: false,
    };
    this.slots[slot] = timer;
    this.push(timer);
    return timer.id as TimerId;
  }

  clearTimer(id: TimerId): void {
    const timer = this.slots[id % SLOTS];
    if (timer === undefined || timer.id !== id) return;
    timer.cancelled = true;
    this.release(timer);
    this.cancelledInHeap++;
    if (this.cancelledInHeap >= MIN_CANCELLED_BEFORE_COMPACTION && this.cancelledInHeap > this.pendingTimers()) {
      this.compact();
    }
  }

  /**
   * Forgets every pending timer and sets the time: for restoring a snapshot,
   * after which the timers' owners re-arm what they need.
   */
  reset(nowMs: number): void {
    if (this.advancing) throw new VirtualClockError('reset() called from inside a timer callback');
    assertTime(nowMs, 'nowMs');
    this.currentTime = nowMs;
    this.heap.length = 0;
    this.slots.length = 0;
    this.freeSlots.length = 0;
    this.cancelledInHeap = 0;
  }

  /** How many timers are armed and not yet fired or cleared. */
  pendingTimers(): number {
    return this.slots.length - this.freeSlots.length;
  }

  /** When the earliest pending timer is due, or `undefined` if none is. */
  nextTimerAt(): number | undefined {
    return this.peekLive()?.due;
  }

  /** Moves time forward by `ms`, firing every timer due on the way; returns how many fired. */
  advance(ms: number): number {
    assertDelay(ms);
    return this.advanceTo(this.currentTime + ms);
  }

  /**
   * Moves time to `t`, firing due timers in (due, creation) order. While a
   * callback runs, `now()` is its due time, so a timer it arms is measured
   * from the moment it fired and, if that lands at or before `t`, fires in
   * this same call. Returns how many fired.
   *
   * If a callback throws, the exception propagates with the clock at that
   * timer's due time; the timers after it stay pending.
   */
  advanceTo(t: number): number {
    assertTime(t, 't');
    if (t < this.currentTime) {
      throw new VirtualClockError(`time cannot go back: now is ${this.currentTime}, asked for ${t}`);
    }
    const fired = this.fireWhile((due) => due <= t, Number.POSITIVE_INFINITY);
    this.currentTime = t;
    return fired;
  }

  /**
   * Fires timers until none is pending, leaving `now()` at the last one's due
   * time; returns how many fired. Throws `VirtualClockError` if timers are
   * still pending `limitMs` of virtual time later, or after `maxFirings`
   * callbacks: a timer that keeps re-arming would otherwise never let this
   * return.
   */
  runUntilIdle(limitMs = DEFAULT_IDLE_LIMIT_MS, maxFirings = DEFAULT_MAX_FIRINGS): number {
    assertDelay(limitMs);
    const deadline = this.currentTime + limitMs;
    const fired = this.fireWhile((due) => due <= deadline, maxFirings);
    const next = this.peekLive();
    if (next !== undefined) {
      const reason =
        next.due > deadline
          ? `the next is due at ${next.due} ms, past the limit of ${limitMs} ms (deadline ${deadline} ms)`
          : `${maxFirings} callbacks have fired`;
      throw new VirtualClockError(
        `runUntilIdle: ${this.pendingTimers()} timer(s) still pending and ${reason}; is a timer re-arming itself forever?`,
      );
    }
    return fired;
  }

  private fireWhile(isDue: (due: number) => boolean, maxFirings: number): number {
    if (this.advancing) {
      throw new VirtualClockError('a timer callback tried to advance the clock it was fired by');
    }
    this.advancing = true;
    let fired = 0;
    let atThisInstant = 0;
    try {
      for (;;) {
        if (fired >= maxFirings) break;
        const next = this.peekLive();
        if (next === undefined || !isDue(next.due)) break;
        atThisInstant = next.due === this.currentTime ? atThisInstant + 1 : 1;
        if (atThisInstant > MAX_FIRINGS_AT_ONE_INSTANT) {
          throw new VirtualClockError(
            `${MAX_FIRINGS_AT_ONE_INSTANT} callbacks have fired at ${this.currentTime} ms without time moving; is a timer re-arming itself with a zero delay?`,
          );
        }
        this.pop();
        this.release(next);
        this.currentTime = next.due;
        fired++;
        next.callback();
      }
    } finally {
      this.advancing = false;
    }
    return fired;
  }

  /** A timer fired or cleared: its slot is free. */
  private release(timer: PendingTimer): void {
    const slot = timer.id % SLOTS;
    this.slots[slot] = undefined;
    this.freeSlots.push(slot);
  }

  /** The earliest live timer, discarding cancelled entries that have surfaced. */
  private peekLive(): PendingTimer | undefined {
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || !top.cancelled) return top;
      this.pop();
      this.cancelledInHeap--;
    }
  }

  /** Rebuilds the heap from the live timers alone (Floyd's O(n) heapify). */
  private compact(): void {
    let kept = 0;
    for (const timer of this.heap) {
      if (!timer.cancelled) this.heap[kept++] = timer;
    }
    this.heap.length = kept;
    this.cancelledInHeap = 0;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private push(timer: PendingTimer): void {
    this.heap.push(timer);
    this.siftUp(this.heap.length - 1);
  }

  private pop(): void {
    const last = this.heap.pop();
    if (last === undefined || this.heap.length === 0) return;
    this.heap[0] = last;
    this.siftDown(0);
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    const timer = heap[index]!;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (!firesBefore(timer, parent)) break;
      heap[index] = parent;
      index = parentIndex;
    }
    heap[index] = timer;
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    const length = heap.length;
    const timer = heap[index]!;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && firesBefore(heap[right]!, heap[left]!)) child = right;
      if (!firesBefore(heap[child]!, timer)) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = timer;
  }
}

function firesBefore(a: PendingTimer, b: PendingTimer): boolean {
  return a.due < b.due || (a.due === b.due && a.sequence < b.sequence);
}

/** setTimeout stores its delay as a signed 32-bit integer. */
const MAX_SET_TIMEOUT_MS = 0x7fff_ffff;

/**
 * The wall clock, for running outside tests. `performance.now()` rather than
 * `Date.now()`: RFC 9293's timers measure intervals, and the wall clock can
 * jump when the system time is set.
 */
export class RealClock implements Clock {
  private nextId = 1;
  private readonly handles = new Map<number, ReturnType<typeof setTimeout>>();

  now(): number {
    return performance.now();
  }

  setTimer(delayMs: number, callback: () => void): TimerId {
    assertDelay(delayMs);
    if (delayMs > MAX_SET_TIMEOUT_MS) {
      // Node would fire such a timer after 1 ms instead (TimeoutOverflowWarning).
      throw new RangeError(`RealClock delays are limited to ${MAX_SET_TIMEOUT_MS} ms, got ${delayMs}`);
    }
    const id = this.nextId++;
    const handle = setTimeout(() => {
      this.handles.delete(id);
      callback();
    }, delayMs);
    this.handles.set(id, handle);
    return id as TimerId;
  }

  clearTimer(id: TimerId): void {
    const handle = this.handles.get(id);
    if (handle === undefined) return;
    clearTimeout(handle);
    this.handles.delete(id);
  }
}

/**
 * A negative or non-finite delay is a bug in the caller; `setTimeout` would
 * silently turn it into 0, and in a deterministic core we would rather know.
 */
function assertDelay(delayMs: number): void {
  if (!Number.isFinite(delayMs) || delayMs < 0) {
    throw new RangeError(`a delay must be a finite number of milliseconds >= 0, got ${delayMs}`);
  }
}

function assertTime(t: number, name: string): void {
  if (!Number.isFinite(t)) {
    throw new RangeError(`${name} must be a finite number of milliseconds, got ${t}`);
  }
}

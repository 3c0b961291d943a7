/**
 * The model's timers as XState names them. A delayed transition `after: { RTO }`
 * in state `S` is taken on the event `xstate.after.RTO.S` (each state's id is
 * its name), which XState
 * schedules with an `xstate.raise` action carrying the delay in ms and cancels
 * with `xstate.cancel` when the state is left.
 */
import type { TcpState } from '../../machines/tcp.machine';
import { leafNode } from './states';

const DELAYED_EVENT_PREFIX = 'xstate.after.';

/** The event type XState uses for the delayed transition `after: { [delay] }` of `state`. */
export function delayedEventType(state: TcpState, delay: string): string {
  return `${DELAYED_EVENT_PREFIX}${delay}.${leafNode(state).id}`;
}

/** How a delayed transition is shown to readers: `after RTO`, `after TWO_MSL`. */
export function timerEventName(delay: string): string {
  return `after ${delay}`;
}

/**
 * The delay name and state id of a delayed event type
 * (`xstate.after.RTO.SYN_SENT` gives `{ delay: 'RTO', stateId: 'SYN_SENT' }`),
 * or `undefined` for any other event type.
 */
export function parseDelayedEventType(type: string): { delay: string; stateId: string } | undefined {
  if (!type.startsWith(DELAYED_EVENT_PREFIX)) return undefined;
  const rest = type.slice(DELAYED_EVENT_PREFIX.length);
  const dot = rest.indexOf('.');
  if (dot <= 0) return undefined;
  return { delay: rest.slice(0, dot), stateId: rest.slice(dot + 1) };
}

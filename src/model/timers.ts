/**
 * The model's timers as XState names them. A delayed transition `after: { RTO }`
 * declared on state `S` is taken on the event `xstate.after.RTO.S` (each leaf's
 * id is its name; SYN-RECEIVED's timer is declared on its parent, so its event
 * is `xstate.after.RTO.HALF_SYNCHRONIZED`), which XState
 * schedules with an `xstate.raise` action carrying the delay in ms and cancels
 * with `xstate.cancel` when the state is left.
 */
import type { TcpState } from '../../machines/tcp.machine';
import { leafNode, type TcpStateNode } from './states';

const DELAYED_EVENT_PREFIX = 'xstate.after.';

/**
 * The event type XState uses for the delayed transition `after: { [delay] }`
 * that runs in `state`: declared on the leaf or on the nearest parent that has it.
 */
export function delayedEventType(state: TcpState, delay: string): string {
  for (let node: TcpStateNode | undefined = leafNode(state); node !== undefined; node = node.parent) {
    const type = `${DELAYED_EVENT_PREFIX}${delay}.${node.id}`;
    if (node.transitions.has(type)) return type;
  }
  throw new Error(`no timer ${delay} runs in ${state}`);
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

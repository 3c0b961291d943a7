/**
 * The model's timers as XState names them. A delayed transition `after: { RTO }`
 * in state `S` is taken on the event `xstate.after.RTO.tcp.S`, which XState
 * schedules with an `xstate.raise` action carrying the delay in ms and cancels
 * with `xstate.cancel` when the state is left.
 */
import { tcpMachine, type TcpState } from '../../machines/tcp.machine';

const DELAYED_EVENT_PREFIX = 'xstate.after.';

/** The event type XState uses for the delayed transition `after: { [delay] }` of `state`. */
export function delayedEventType(state: TcpState, delay: string): string {
  const stateNode = tcpMachine.root.states[state];
  if (stateNode === undefined) throw new Error(`the model has no state ${state}`);
  return `${DELAYED_EVENT_PREFIX}${delay}.${stateNode.id}`;
}

/** How a delayed transition is shown to readers: `after RTO`, `after TWO_MSL`. */
export function timerEventName(delay: string): string {
  return `after ${delay}`;
}

/**
 * The delay name and state id of a delayed event type
 * (`xstate.after.RTO.tcp.SYN_SENT` gives `{ delay: 'RTO', stateId: 'tcp.SYN_SENT' }`),
 * or `undefined` for any other event type.
 */
export function parseDelayedEventType(type: string): { delay: string; stateId: string } | undefined {
  if (!type.startsWith(DELAYED_EVENT_PREFIX)) return undefined;
  const rest = type.slice(DELAYED_EVENT_PREFIX.length);
  const dot = rest.indexOf('.');
  if (dot <= 0) return undefined;
  return { delay: rest.slice(0, dot), stateId: rest.slice(dot + 1) };
}

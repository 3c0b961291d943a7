/**
 * Reading the model's actions: which segments a transition puts on the wire
 * (its output actions) and which RFC 9293 error a refused user call gets.
 *
 * The same helpers read both what a machine definition declares (action names
 * and `{ type, params }` objects) and what XState's pure `transition()` returns
 * (resolved action objects), so the transition table and the tests cannot
 * disagree on what "sends" means.
 */
import {
  OUTPUT_ACTIONS,
  USER_CALL_ERRORS,
  USER_SIGNALS,
  type OutputAction,
  type UserCallError,
  type UserSignal,
} from '../../machines/tcp.machine';

/** The parameterized action with which the model refuses a user call. */
export const REJECT_ACTION = 'rejectCall';
/** The parameterized action with which the model signals the user that the connection is lost. */
export const SIGNAL_ACTION = 'signalUser';

/**
 * How each output action appears on the wire, in the notation of RFC 9293's
 * figures (SYN, SYN-ACK, ...).
 */
export const SEGMENT_LABELS: Readonly<Record<OutputAction, string>> = {
  sendSyn: 'SYN',
  sendSynAck: 'SYN-ACK',
  sendAck: 'ACK',
  sendChallengeAck: 'challenge ACK',
  sendData: 'data',
  sendProbe: 'zero-window probe',
  sendFin: 'FIN',
  sendRst: 'RST',
};

const outputActionNames: ReadonlySet<string> = new Set(OUTPUT_ACTIONS);

/** True if `type` names one of the machine's output actions. */
export function isOutputAction(type: string): type is OutputAction {
  return outputActionNames.has(type);
}

/**
 * The name of an action as a definition or `transition()` gives it: the string
 * itself, or the `type` of an action object. Inline functions have no name the
 * model can speak of, so they give `undefined`.
 */
export function actionType(action: unknown): string | undefined {
  if (typeof action === 'string') return action;
  if (typeof action === 'object' && action !== null && 'type' in action) {
    const { type } = action as { type: unknown };
    return typeof type === 'string' ? type : undefined;
  }
  return undefined;
}

/** The output actions among `actions`, in the order they run. */
export function outputActionsOf(actions: readonly unknown[]): OutputAction[] {
  return actions.map(actionType).filter((type): type is OutputAction => type !== undefined && isOutputAction(type));
}

/** The `reason` parameter of the first `name` action among `actions` that is one of `reasons`. */
function reasonOf<Reason extends string>(
  actions: readonly unknown[],
  name: string,
  reasons: readonly Reason[],
): Reason | undefined {
  for (const action of actions) {
    if (actionType(action) !== name) continue;
    const reason = (action as { params?: { reason?: unknown } }).params?.reason;
    if (typeof reason === 'string' && (reasons as readonly string[]).includes(reason)) return reason as Reason;
  }
  return undefined;
}

/** The RFC 9293 error a `rejectCall` among `actions` carries, if there is one. */
export function rejectionOf(actions: readonly unknown[]): UserCallError | undefined {
  return reasonOf(actions, REJECT_ACTION, USER_CALL_ERRORS);
}

/** The signal a `signalUser` among `actions` gives the user, if there is one. */
export function signalOf(actions: readonly unknown[]): UserSignal | undefined {
  return reasonOf(actions, SIGNAL_ACTION, USER_SIGNALS);
}

/**
 * The machine in W3C SCXML (https://www.w3.org/TR/scxml/), written from the
 * machine's definition:
 * - each TCP state is a `<state>`, CLOSED the `initial` one;
 * - each guarded branch is a `<transition>` in XState's order (SCXML also
 *   takes the first enabled transition in document order), with `event`,
 *   `cond` and `target`; a targetless XState transition is a targetless
 *   SCXML one (nothing is exited), and a re-entering one targets its own
 *   state (SCXML's default `external` type exits and enters it again);
 * - a timer is what XState does under the hood: `<onentry>` sends the delayed
 *   event `xstate.after.<delay>.tcp.<STATE>`, `<onexit>` cancels it, and the
 *   `after` branches are transitions on that event;
 * - a segment sent or a refused call (the Mealy outputs) is a `<send>` to the
 *   parent session; a context update is a `<script>` calling the named action.
 *
 * Guards, context updates and delays stay named, as in XState: they are
 * ECMAScript calls (`retriesLeft()`, `RTO()`) that a host running the
 * document provides. The `<datamodel>` holds the context's default values.
 * Descriptions and the events a state ignores on purpose are comments.
 */
import { freshContext, OUTPUT_ACTIONS, resolveSettings, tcpMachine, type TcpMachine } from '../../machines/tcp.machine';
import { REJECT_ACTION } from '../model/actions';
import {
  formatGuard,
  readDefinition,
  type ActionReference,
  type GuardExpression,
  type StateDefinition,
  type TransitionBranch,
} from './definition';

export const SCXML_NAMESPACE = 'http://www.w3.org/2005/07/scxml';

/** The ECMAScript condition for a guard: `dataOutstanding() && retriesLeft()`. */
export function scxmlCondition(guard: GuardExpression): string {
  return formatGuard(guard, { name: (name) => `${name}()`, and: ' && ', or: ' || ', not: '!' });
}

function attribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function textContent(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An XML comment; `--` may not occur inside one. */
function comment(text: string): string {
  return `<!-- ${text.replace(/--/g, '- -').replace(/-$/, '- ')} -->`;
}

/** An ECMAScript string literal. */
function jsString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const outputActions: ReadonlySet<string> = new Set([...OUTPUT_ACTIONS, REJECT_ACTION]);

function actionElements(actions: readonly ActionReference[], indent: string): string[] {
  return actions.map((action) => {
    if (!outputActions.has(action.type)) return `${indent}<script>${textContent(`${action.type}();`)}</script>`;
    const params = Object.entries(action.params ?? {});
    if (params.length === 0) return `${indent}<send target="#_parent" event="${attribute(action.type)}"/>`;
    return [
      `${indent}<send target="#_parent" event="${attribute(action.type)}">`,
      ...params.map(
        ([name, value]) =>
          `${indent}  <param name="${attribute(name)}" expr="${attribute(typeof value === 'string' ? jsString(value) : JSON.stringify(value))}"/>`,
      ),
      `${indent}</send>`,
    ].join('\n');
  });
}

function transitionElement(event: string, branch: TransitionBranch, indent: string): string[] {
  const attributes = [`event="${attribute(event)}"`];
  if (branch.guard !== undefined) attributes.push(`cond="${attribute(scxmlCondition(branch.guard))}"`);
  if (branch.target !== null) attributes.push(`target="${branch.target}"`);
  const lines = branch.description === undefined ? [] : [`${indent}${comment(branch.description)}`];
  if (branch.actions.length === 0) return [...lines, `${indent}<transition ${attributes.join(' ')}/>`];
  return [
    ...lines,
    `${indent}<transition ${attributes.join(' ')}>`,
    ...actionElements(branch.actions, `${indent}  `),
    `${indent}</transition>`,
  ];
}

/** The id of the `<send>` that schedules a state's timer, for its `<cancel>`. */
function timerSendId(state: StateDefinition, delay: string): string {
  return `${state.key}.after.${delay}`;
}

function stateElement(state: StateDefinition): string[] {
  const indent = '    ';
  const lines = [`  <state id="${state.key}">`];
  if (state.description !== undefined) lines.push(`${indent}${comment(state.description)}`);
  const netstat = state.meta?.netstat;
  lines.push(
    `${indent}${comment(typeof netstat === 'string' ? `netstat shows ${netstat}` : 'netstat shows nothing: there is no TCB')}`,
  );
  if (state.entry.length > 0 || state.after.length > 0) {
    lines.push(`${indent}<onentry>`);
    lines.push(...actionElements(state.entry, `${indent}  `));
    for (const timer of state.after) {
      lines.push(
        `${indent}  <send event="${attribute(timer.event)}" id="${attribute(timerSendId(state, timer.delay))}" delayexpr="${attribute(`${timer.delay}() + 'ms'`)}"/>`,
      );
    }
    lines.push(`${indent}</onentry>`);
  }
  if (state.after.length > 0) {
    lines.push(`${indent}<onexit>`);
    for (const timer of state.after)
      lines.push(`${indent}  <cancel sendid="${attribute(timerSendId(state, timer.delay))}"/>`);
    lines.push(`${indent}</onexit>`);
  }
  for (const { event, branches } of [...state.on, ...state.after]) {
    for (const branch of branches) lines.push(...transitionElement(event, branch, indent));
  }
  for (const [event, reason] of Object.entries(state.ignored))
    lines.push(`${indent}${comment(`ignored: ${event}: ${reason}`)}`);
  lines.push('  </state>');
  return lines;
}

/** The SCXML document. */
export function scxmlDocument(machine: TcpMachine = tcpMachine): string {
  const definition = readDefinition(machine);
  const context = freshContext(resolveSettings());
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    comment('Generated from machines/tcp.machine.ts by `tcp-statechart export` (format scxml); do not edit.'),
    comment(
      "Guards (cond), context updates (script) and delays (delayexpr) are the XState model's named implementations: a host running this document defines them as ECMAScript functions of the same names. Segments sent and refused calls are events sent to the parent session.",
    ),
    `<scxml xmlns="${SCXML_NAMESPACE}" version="1.0" datamodel="ecmascript" name="${attribute(definition.id)}" initial="${definition.initial}">`,
    ...(definition.description === undefined ? [] : [`  ${comment(definition.description)}`]),
    '  <datamodel>',
    ...Object.entries(context).map(
      ([id, value]) => `    <data id="${attribute(id)}" expr="${attribute(JSON.stringify(value))}"/>`,
    ),
    '  </datamodel>',
    ...definition.states.flatMap(stateElement),
    '</scxml>',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The SCXML export (docs/tcp.scxml) is read back with a well-kept XML parser
 * (fast-xml-parser) and must have the model's states, and per state and
 * event the model's branches in XState's order: the same events, conditions
 * and targets, the same segments sent, and the timers scheduled on entry and
 * cancelled on exit. fast-xml-parser is a devDependency: without it this
 * file fails, it is never skipped.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { TCP_STATES, type TcpState } from '../../machines/tcp.machine';
import { SCXML_NAMESPACE, scxmlDocument } from '../../src/export/scxml';
import { delayedEventType } from '../../src/model/timers';
import { transitionTable, type TransitionRow } from '../../src/model/transitionTable';

const document = scxmlDocument();
const rows = transitionTable().filter((row): row is TransitionRow => row.kind === 'transition');

/** An element as fast-xml-parser gives it: attributes as `@_name`, children by tag name. */
type Element = Record<string, unknown>;

const ARRAY_ELEMENTS = new Set([
  'state',
  'transition',
  'send',
  'script',
  'data',
  'param',
  'cancel',
  'onentry',
  'onexit',
]);

/** What the model says a transition looks like in SCXML, per state and event, in branch order. */
function expectedTransitions(state: TcpState) {
  return rows
    .filter((row) => row.from === state)
    .map((row) => ({
      event: row.event.startsWith('after ') ? delayedEventType(state, row.event.slice('after '.length)) : row.event,
      guard: row.guard,
      target: row.to ?? undefined,
      sends: [...row.sends, ...(row.rejects === undefined ? [] : ['rejectCall'])],
      reason: row.rejects,
    }));
}

/** A condition back in the table's words: `dataOutstanding() && retriesLeft()` is `dataOutstanding and retriesLeft`. */
function conditionInWords(cond: string | undefined): string | undefined {
  return cond
    ?.replace(/\(\)/g, '')
    .replace(/ && /g, ' and ')
    .replace(/ \|\| /g, ' or ')
    .replace(/!/g, 'not ');
}

test('has one <state> per TCP state and one <transition> per branch of the transition table', () => {
  expect(document.match(/<state id="/g)).toHaveLength(TCP_STATES.length);
  expect(document.match(/<transition /g)).toHaveLength(rows.length);
});

describe('read back with fast-xml-parser', () => {
  let scxml: Element;
  let states: Element[];

  beforeAll(() => {
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      parseAttributeValue: false,
      isArray: (name: string) => ARRAY_ELEMENTS.has(name),
    }).parse(document) as { scxml: Element };
    scxml = parsed.scxml;
    states = scxml.state as Element[];
  });

  test('is well-formed XML', () => {
    expect(XMLValidator.validate(document)).toBe(true);
  });

  test('is an SCXML 1.0 document that starts in CLOSED', () => {
    expect(scxml['@_xmlns']).toBe(SCXML_NAMESPACE);
    expect(scxml['@_version']).toBe('1.0');
    expect(scxml['@_initial']).toBe('CLOSED');
    expect(scxml['@_datamodel']).toBe('ecmascript');
  });

  test("has the 11 states, in the model's order", () => {
    expect(states.map((state) => state['@_id'])).toEqual([...TCP_STATES]);
  });

  test.each(TCP_STATES.map((state) => [state]))(
    "%s has the model's transitions: events, conditions, targets, segments",
    (key) => {
      const state = states.find((element) => element['@_id'] === key)!;
      const transitions = ((state.transition ?? []) as Element[]).map((transition) => {
        const sends = ((transition.send ?? []) as Element[]).filter((send) => send['@_target'] === '#_parent');
        const reason = sends
          .flatMap((send) => (send.param ?? []) as Element[])
          .find((param) => param['@_name'] === 'reason');
        return {
          event: transition['@_event'] as string,
          guard: conditionInWords(transition['@_cond'] as string | undefined),
          target: transition['@_target'] as string | undefined,
          sends: sends.map((send) => send['@_event'] as string),
          reason: reason === undefined ? undefined : (reason['@_expr'] as string).slice(1, -1),
        };
      });
      const byEvent = <T extends { event: string }>(list: T[]) =>
        [...new Set(list.map((item) => item.event))].sort().map((event) => list.filter((item) => item.event === event));
      expect(byEvent(transitions)).toEqual(byEvent(expectedTransitions(key)));
    },
  );

  test('a state with timers schedules each on entry and cancels it on exit', () => {
    for (const key of TCP_STATES) {
      const state = states.find((element) => element['@_id'] === key)!;
      const timers = [
        ...new Set(
          rows.filter((row) => row.from === key && row.event.startsWith('after ')).map((row) => row.event.slice(6)),
        ),
      ];
      const scheduled = ((state.onentry as Element[] | undefined)?.[0]?.send ?? []) as Element[];
      const cancelled = ((state.onexit as Element[] | undefined)?.[0]?.cancel ?? []) as Element[];
      expect(scheduled.map((send) => send['@_event'])).toEqual(timers.map((delay) => delayedEventType(key, delay)));
      expect(scheduled.map((send) => send['@_delayexpr'])).toEqual(timers.map((delay) => `${delay}() + 'ms'`));
      expect(cancelled.map((cancel) => cancel['@_sendid'])).toEqual(scheduled.map((send) => send['@_id']));
    }
  });

  test("the data model holds the context's default values", () => {
    const entries = (scxml.datamodel as Element).data as Element[];
    expect(entries.find((item) => item['@_id'] === 'maxRetries')?.['@_expr']).toBe('7');
    expect(entries.find((item) => item['@_id'] === 'msl')?.['@_expr']).toBe('30000');
  });
});

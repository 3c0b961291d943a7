/**
 * The XState JSON definition (docs/tcp.machine.json) is the machine's own
 * `toJSON()`, and reading it back re-creates an equivalent machine: the same
 * states and transitions, and the same behaviour on every event.
 */
import { tcpMachine, TCP_STATES } from '../../machines/tcp.machine';
import { machineConfigFromJson, machineFromJson, machineJson, MachineJsonError } from '../../src/export/json';
import { transitionTable } from '../../src/model/transitionTable';
import { behaviourDifferences } from './fixtures';

const text = machineJson();
const json = JSON.parse(text) as { id: string; states: Record<string, { on: Record<string, unknown[]> }> };

test('the JSON is the machine definition: id, initial state and the 11 states', () => {
  expect(json.id).toBe('tcp');
  expect(JSON.parse(text).initial.target).toEqual(['#tcp.CLOSED']);
  expect(Object.keys(json.states)).toEqual([...TCP_STATES]);
});

test("a timer is a transition on XState's delayed event, and a combined guard survives as xstate.and", () => {
  const rto = json.states.ESTABLISHED!.on['xstate.after.RTO.tcp.ESTABLISHED'] as { guard?: unknown }[];
  expect(rto[0]!.guard).toEqual({ type: 'xstate.and', guards: ['dataOutstanding', 'retriesLeft'] });
  expect(json.states.TIME_WAIT!.on['xstate.after.TWO_MSL.tcp.TIME_WAIT']).toHaveLength(1);
});

test('the JSON keeps every description and the actions with their params', () => {
  const passiveOpen = json.states.ESTABLISHED!.on.PASSIVE_OPEN as { actions: unknown[]; description: string }[];
  expect(passiveOpen[0]!.actions).toEqual([{ type: 'rejectCall', params: { reason: 'connection already exists' } }]);
  expect(passiveOpen[0]!.description).toBe('RFC 9293 §3.10.1: "error: connection already exists"');
});

test('the machine re-created from the JSON has the same states and transitions', () => {
  const recreated = machineFromJson(JSON.parse(text));
  expect(transitionTable(recreated as typeof tcpMachine)).toEqual(transitionTable());
});

test('the machine re-created from the JSON behaves as the model on every event of every reachable snapshot', () => {
  expect(behaviourDifferences(machineFromJson(JSON.parse(text)))).toEqual([]);
});

test('the timers come back under after, with their named delays', () => {
  const config = machineConfigFromJson(JSON.parse(text)) as {
    states: Record<string, { after?: Record<string, unknown> }>;
  };
  expect(Object.keys(config.states.SYN_SENT!.after ?? {})).toEqual(['RTO']);
  expect(Object.keys(config.states.TIME_WAIT!.after ?? {})).toEqual(['TWO_MSL']);
  expect(config.states.FIN_WAIT_2!.after).toBeUndefined();
});

test('something that is not a definition is refused with a clear error', () => {
  expect(() => machineConfigFromJson({ hello: 'world' })).toThrow(MachineJsonError);
  expect(() => machineConfigFromJson({ hello: 'world' })).toThrow('not an XState JSON definition');
});

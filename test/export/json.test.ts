/**
 * The XState JSON definition (docs/tcp.machine.json) is the machine's own
 * `toJSON()`, and reading it back re-creates an equivalent machine: the same
 * states and transitions, and the same behaviour on every event.
 */
import { type tcpMachine, TCP_STATES } from '../../machines/tcp.machine';
import { machineConfigFromJson, machineFromJson, machineJson, MachineJsonError } from '../../src/export/json';
import { transitionTable } from '../../src/model/transitionTable';
import { behaviourDifferences } from './fixtures';

const text = machineJson();

interface NodeJson {
  readonly id: string;
  readonly on: Record<string, unknown[]>;
  readonly always?: unknown[];
  readonly states?: Record<string, NodeJson>;
}

const json = JSON.parse(text) as NodeJson;

/** The nodes of the JSON tree, depth first. */
function nodes(node: NodeJson): NodeJson[] {
  return [node, ...Object.values(node.states ?? {}).flatMap(nodes)];
}

/** A state of the JSON by its id: each of the 11 states has its name as id. */
function state(id: string): NodeJson {
  const found = nodes(json).find((node) => node.id === id);
  if (found === undefined) throw new Error(`no state ${id} in the JSON`);
  return found;
}

test('the JSON is the machine definition: id, initial state and the 11 states as its leaves, besides the choice states', () => {
  expect(json.id).toBe('tcp');
  expect(JSON.parse(text).initial.target).toEqual(['#CLOSED']);
  const leaves = nodes(json).filter((node) => node.states === undefined || Object.keys(node.states).length === 0);
  // A choice state is a leaf no snapshot rests in: its `always` branches leave it at once.
  const choices = leaves.filter((node) => node.always !== undefined).map((node) => node.id);
  expect(choices).toEqual(['ESTABLISHING', 'ESTABLISHING_ACK_OWED', 'ESTABLISHING_WITH_FIN']);
  expect(
    leaves
      .filter((node) => !choices.includes(node.id))
      .map((node) => node.id)
      .sort(),
  ).toEqual([...TCP_STATES].sort());
});

test("a timer is a transition on XState's delayed event, and a combined guard survives as xstate.and", () => {
  const rto = state('ESTABLISHED').on['xstate.after.RTO.ESTABLISHED'] as { guard?: unknown }[];
  expect(rto[0]!.guard).toEqual({ type: 'xstate.and', guards: ['dataOutstanding', 'retriesLeft'] });
  expect(state('TIME_WAIT').on['xstate.after.TWO_MSL.TIME_WAIT']).toHaveLength(1);
});

test('the JSON keeps every description and the actions with their params', () => {
  // PASSIVE_OPEN is refused alike in every state with a TCB: CONNECTION holds it for them.
  const passiveOpen = state('tcp.CONNECTION').on.PASSIVE_OPEN as { actions: unknown[]; description: string }[];
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
  interface StateConfig {
    readonly id: string;
    readonly after?: Record<string, unknown>;
    readonly states?: Record<string, StateConfig>;
  }
  const all = (config: StateConfig): StateConfig[] => [config, ...Object.values(config.states ?? {}).flatMap(all)];
  const configs = all(machineConfigFromJson(JSON.parse(text)) as unknown as StateConfig);
  const after = (id: string) => configs.find((config) => config.id === id)?.after;
  expect(Object.keys(after('SYN_SENT') ?? {})).toEqual(['RTO', 'USER_TIMEOUT']);
  expect(Object.keys(after('TIME_WAIT') ?? {})).toEqual(['TWO_MSL']);
  expect(Object.keys(after('FIN_WAIT_2') ?? {})).toEqual(['ACK_DELAY']);
  expect(after('LISTEN')).toBeUndefined();
});

test('something that is not a definition is refused with a clear error', () => {
  expect(() => machineConfigFromJson({ hello: 'world' })).toThrow(MachineJsonError);
  expect(() => machineConfigFromJson({ hello: 'world' })).toThrow('not an XState JSON definition');
});

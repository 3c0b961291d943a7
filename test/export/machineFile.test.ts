/**
 * The machine file pastes into Stately's tools unchanged: it imports nothing
 * but `xstate`, and its config names every action, guard and delay (the
 * implementations live in `setup()`), so a visualizer shows names, not code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tcpMachine } from '../../machines/tcp.machine';
import { guardNames, readDefinition } from '../../src/export/definition';
import { REPO_ROOT } from './fixtures';

const source = readFileSync(join(REPO_ROOT, 'machines/tcp.machine.ts'), 'utf8');
const definition = readDefinition();
const implementations = tcpMachine.implementations;

test('the machine file imports from xstate and nothing else', () => {
  const imports = [...source.matchAll(/^import\s[^;]*?from\s+'([^']+)'/gms)].map((match) => match[1]);
  expect(imports).toEqual(['xstate']);
  expect(source).not.toMatch(/\brequire\(/);
});

test('the machine is built with setup() and createMachine(), so the config is separate from the implementations', () => {
  expect(source).toMatch(/export const tcpMachine = setup\(\{/);
  expect(source).toMatch(/\}\)\.createMachine\(\{/);
});

test('every action in the config is a named action that setup() implements', () => {
  const actions = definition.states.flatMap((state) => [
    ...state.entry,
    ...[...state.on, ...state.after].flatMap(({ branches }) => branches.flatMap((branch) => branch.actions)),
  ]);
  expect(actions.length).toBeGreaterThan(100);
  for (const action of actions) expect(Object.keys(implementations.actions)).toContain(action.type);
});

test('every guard in the config is a named guard (or and/or/not of named guards) that setup() implements', () => {
  const guards = definition.states.flatMap((state) =>
    [...state.on, ...state.after].flatMap(({ branches }) =>
      branches.flatMap((branch) => (branch.guard ? [branch.guard] : [])),
    ),
  );
  expect(guards.length).toBeGreaterThan(20);
  for (const guard of guards) {
    for (const name of guardNames(guard)) expect(Object.keys(implementations.guards)).toContain(name);
  }
});

test('every timer uses a named delay that setup() implements (RTO, TWO_MSL, ACK_DELAY, PERSIST, USER_TIMEOUT)', () => {
  const delays = new Set(definition.states.flatMap((state) => state.after.map((timer) => timer.delay)));
  expect([...delays].sort()).toEqual(['ACK_DELAY', 'PERSIST', 'RTO', 'TWO_MSL', 'USER_TIMEOUT']);
  for (const delay of delays) expect(Object.keys(implementations.delays)).toContain(delay);
});

test('every state and every transition has a description for the visualizer to show', () => {
  for (const state of definition.states) {
    expect(state.description).toMatch(/RFC 9293/);
    for (const { branches } of [...state.on, ...state.after]) {
      for (const branch of branches) expect(branch.description).toMatch(/RFC|choice/i);
    }
  }
});

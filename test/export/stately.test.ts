/**
 * The Stately export (docs/tcp.stately.ts) is one plain `createMachine({...})`
 * call, the form Stately Studio's "Import from code" reads, and it is the
 * model: evaluated, with the model's implementations provided, it behaves as
 * the model on every event.
 */
import ts from 'typescript';
import * as xstate from 'xstate';
import type { AnyStateMachine } from 'xstate';
import { tcpMachine } from '../../machines/tcp.machine';
import { readDefinition } from '../../src/export/definition';
import { statelySource } from '../../src/export/stately';
import { transitionTable } from '../../src/model/transitionTable';
import { behaviourDifferences } from './fixtures';

/** Runs the exported source as CommonJS, with `xstate` as its only import. */
function evaluate(source: string): AnyStateMachine {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const module = { exports: {} as { machine?: AnyStateMachine } };
  const requireXstate = (name: string) => {
    if (name !== 'xstate') throw new Error(`the export imports ${name}`);
    return xstate;
  };
  new Function('require', 'module', 'exports', outputText)(requireXstate, module, module.exports);
  if (module.exports.machine === undefined) throw new Error('the export defines no machine');
  return module.exports.machine;
}

const source = statelySource();

test('is a plain createMachine() call importing only from xstate, with no setup()', () => {
  expect(source).toMatch(/^import \{ and, createMachine, not, or \} from 'xstate';$/m);
  expect(source.match(/^import /gm)).toHaveLength(1);
  expect(source).toMatch(/^export const machine = createMachine\(\{$/m);
  const code = source.replace(/^\/\/.*$/gm, '');
  expect(code).not.toMatch(/setup\(/);
  expect(code).not.toMatch(/=>|function/);
});

test('writes every description of the machine, its states and transitions', () => {
  const definition = readDefinition();
  const descriptions = [
    definition.description!,
    ...definition.states.flatMap((state) => [
      state.description!,
      ...[...state.on, ...state.after].flatMap(({ branches }) => branches.map((branch) => branch.description!)),
    ]),
  ];
  const evaluated = evaluate(source);
  const all = JSON.stringify(evaluated.toJSON());
  for (const description of descriptions) expect(all).toContain(JSON.stringify(description).slice(1, -1));
});

test('writes timers as after with the named delays, and combined guards as and([...])', () => {
  expect(source).toMatch(/after: \{\n\s+RTO: \[/);
  expect(source).toMatch(/after: \{\n\s+TWO_MSL: \{/);
  expect(source).toContain("guard: and(['dataOutstanding', 'retriesLeft'])");
  expect(source).toMatch(/type: 'rejectCall',\n\s+params: \{\n\s+reason: 'connection already exists',/);
});

test('writes the context as the literal of its default values', () => {
  const evaluated = evaluate(source);
  const [snapshot] = xstate.initialTransition(evaluated);
  const [model] = xstate.initialTransition(tcpMachine, {});
  expect(snapshot.context).toEqual(model.context);
});

test("evaluates to a machine with the model's states and transitions", () => {
  // The export is flat: each state lists what it inherits from its parent states as its own.
  const flat = transitionTable().map(({ inherited: _inherited, ...row }) => row);
  expect(transitionTable(evaluate(source) as typeof tcpMachine)).toEqual(flat);
});

test("with the model's implementations provided, behaves as the model on every event of every reachable snapshot", () => {
  const machine = evaluate(source).provide(tcpMachine.implementations as never);
  expect(behaviourDifferences(machine)).toEqual([]);
});

test('--named-guards writes a combined guard as one name in words, and imports createMachine only', () => {
  const named = statelySource({ namedGuards: true });
  expect(named).toMatch(/^import \{ createMachine \} from 'xstate';$/m);
  expect(named).toContain("guard: 'dataOutstanding and retriesLeft'");
  expect(named).not.toContain('and([');
  const rows = transitionTable(evaluate(named) as typeof tcpMachine);
  expect(rows.map((row) => row.guard)).toEqual(transitionTable().map((row) => row.guard));
});

/**
 * Does Stately's code importer read the machine whole? Runs
 * `@xstate/machine-extractor` 0.16 (what Stately Studio's "Import from code"
 * and the VS Code extension run) on machines/tcp.machine.ts and on
 * docs/tcp.stately.ts, and compares what it extracts (states, every
 * transition branch with its target, guard, actions and `reenter`, entry
 * actions, named delays) with the machine's own definition.
 *
 * The extractor's peer dependency is xstate ^4, so it cannot be a dev
 * dependency of this project (xstate 5): it is installed into a temporary
 * folder outside the project, with the npm registry, and removed after.
 *
 *   npm run check:stately        (prints the counts; exit 1 on any difference)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tcpMachine } from '../machines/tcp.machine';
import { readDefinition } from '../src/export/definition';
import { actionType } from '../src/model/actions';
import { guardExpression, type GuardExpression } from '../src/model/guards';
import { parseDelayedEventType } from '../src/model/timers';

const EXTRACTOR = '@xstate/machine-extractor@0.16.0';
const ROOT = resolve(__dirname, '..');

/** A guard as source code, as the extractor gives an inline guard: `and(['a', not('b')])`. */
function guardCode(guard: GuardExpression, nested = false): string {
  switch (guard.kind) {
    case 'named':
      return nested ? `'${guard.name}'` : guard.name;
    case 'not':
      return `not(${guardCode(guard.guard, true)})`;
    case 'and':
    case 'or':
      return `${guard.kind}([${guard.guards.map((inner) => guardCode(inner, true)).join(', ')}])`;
  }
}

function actionText(action: unknown): string {
  const params = (action as { params?: Record<string, unknown> }).params;
  const shown = params !== undefined && Object.keys(params).length > 0 ? JSON.stringify(params) : '';
  return `${actionType(action) ?? '(inline)'}${shown}`;
}

/** A target as the state's name: `#CLOSED`, `CLOSED` and `tcp.CLOSED` all name CLOSED. */
const targetName = (target: string | undefined): string =>
  target === undefined ? '(none)' : target.replace(/^#/, '').replace(/^.*\./, '');

/**
 * Whether the branch of the state at `path` targets that state or one inside
 * it, by name (the Stately export is flat) or by the machine's nesting
 * (`HALF_SYNCHRONIZED`'s timer targets its child `#SYN_RECEIVED`).
 */
function targetsWithin(path: string, target: string | undefined): boolean {
  if (target === undefined) return false;
  const name = targetName(target);
  if (name === path.replace(/^.*\./, '')) return true;
  return tcpMachine.getStateNodeById(name).path.join('.').startsWith(`${path}.`);
}

/**
 * One branch in words. `reenter: true` is written only where it is not
 * implied: the extractor follows XState v4, which has no `reenter` and where
 * a transition that targets its own state, or a state inside it, is external
 * (it re-enters the source) by default, so there `reenter: true` is read as
 * that default.
 */
const line = (
  path: string,
  event: string,
  index: number,
  target: string | undefined,
  guard: string,
  actions: readonly string[],
  reenter: boolean,
) => {
  const implied = targetsWithin(path, target);
  return `${path} ${event} #${index} -> ${targetName(target)} [${guard.replace(/\s+/g, '').replace(/"/g, "'")}] ${actions.join(',')}${reenter && !implied ? ' reenter' : ''}`;
};

interface Extracted {
  readonly transitions: string[];
  readonly entries: string[];
  readonly delays: string[];
}

type ExtractedNode = {
  states?: Record<string, ExtractedNode>;
  on?: Record<string, unknown>;
  always?: unknown;
  after?: Record<string, unknown>;
  entry?: unknown;
};
type ExtractedTransition = {
  target?: string | string[];
  cond?: { type: string };
  actions?: unknown;
  reenter?: boolean;
};

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const extractedAction = (action: unknown) => actionText((action as { action?: unknown }).action ?? action);

/** What the extractor read: every branch, entry action and delay, by state path. */
function fromExtractor(config: ExtractedNode): Extracted {
  const result: Extracted = { transitions: [], entries: [], delays: [] };
  const visit = (node: ExtractedNode, path: string[]) => {
    const name = path.join('.') || '(root)';
    for (const action of asList(node.entry)) result.entries.push(`${name} entry ${extractedAction(action)}`);
    const branches = (event: string, value: unknown) =>
      asList(value as ExtractedTransition | ExtractedTransition[]).forEach((branch, index) =>
        result.transitions.push(
          line(
            name,
            event,
            index,
            asList(branch.target)[0],
            branch.cond?.type ?? '',
            asList(branch.actions).map(extractedAction),
            branch.reenter === true,
          ),
        ),
      );
    for (const [event, value] of Object.entries(node.on ?? {})) branches(event, value);
    if (node.always !== undefined) branches('always', node.always);
    for (const [delay, value] of Object.entries(node.after ?? {})) {
      result.delays.push(`${name} after ${delay}`);
      branches(`after ${delay}`, value);
    }
    for (const [key, child] of Object.entries(node.states ?? {})) visit(child, [...path, key]);
  };
  visit(config, []);
  return result;
}

type Node = typeof tcpMachine.root;

/** The machine's own definition, state by state as written (parents included). */
function fromMachine(): Extracted {
  const result: Extracted = { transitions: [], entries: [], delays: [] };
  const visit = (node: Node, path: string[]) => {
    const name = path.join('.') || '(root)';
    for (const action of node.entry) {
      const type = actionType(action);
      if (type !== undefined && !type.startsWith('xstate.')) result.entries.push(`${name} entry ${actionText(action)}`);
    }
    // A choice state's eventless branches (`always`, SYN-RECEIVED's fan-out) after the events, as the extractor lists them.
    const eventless: [string, typeof node.always][] = node.always === undefined ? [] : [['always', node.always]];
    for (const [eventType, definitions] of [...node.transitions, ...eventless]) {
      const delayed = parseDelayedEventType(eventType);
      if (delayed !== undefined) result.delays.push(`${name} after ${delayed.delay}`);
      const event = delayed === undefined ? eventType : `after ${delayed.delay}`;
      definitions!.forEach((definition, index) =>
        result.transitions.push(
          line(
            name,
            event,
            index,
            definition.target?.[0]?.key,
            definition.guard === undefined ? '' : guardCode(guardExpression(definition.guard)),
            definition.actions.map(actionText),
            definition.reenter,
          ),
        ),
      );
    }
    for (const [key, child] of Object.entries(node.states)) visit(child as Node, [...path, key]);
  };
  visit(tcpMachine.root, []);
  return result;
}

/** docs/tcp.stately.ts's definition: the flat machine, each of the 11 states with what it inherits. */
function fromExport(): Extracted {
  const result: Extracted = { transitions: [], entries: [], delays: [] };
  for (const state of readDefinition().states) {
    for (const action of state.entry) result.entries.push(`${state.key} entry ${actionText(action)}`);
    for (const { event, branches } of state.on) {
      branches.forEach((branch, index) =>
        result.transitions.push(
          line(
            state.key,
            event,
            index,
            branch.target ?? undefined,
            branch.guard === undefined ? '' : guardCode(branch.guard),
            branch.actions.map(actionText),
            branch.reenter,
          ),
        ),
      );
    }
    for (const { delay, branches } of state.after) {
      result.delays.push(`${state.key} after ${delay}`);
      branches.forEach((branch, index) =>
        result.transitions.push(
          line(
            state.key,
            `after ${delay}`,
            index,
            branch.target ?? undefined,
            branch.guard === undefined ? '' : guardCode(branch.guard),
            branch.actions.map(actionText),
            branch.reenter,
          ),
        ),
      );
    }
  }
  return result;
}

function compare(file: string, extracted: Extracted, expected: Extracted): boolean {
  let same = true;
  for (const part of ['transitions', 'entries', 'delays'] as const) {
    const got = new Set(extracted[part]);
    const want = new Set(expected[part]);
    const missing = [...want].filter((item) => !got.has(item));
    const extra = [...got].filter((item) => !want.has(item));
    const identical = [...want].filter((item) => got.has(item)).length;
    console.log(
      `${file}: ${part} ${identical} of ${want.size} identical${extracted[part].length === got.size ? '' : ' (duplicates read)'}`,
    );
    for (const item of missing.slice(0, 5)) console.log(`  not read: ${item}`);
    for (const item of extra.slice(0, 5)) console.log(`  read differently: ${item}`);
    if (missing.length > 0 || extra.length > 0) same = false;
  }
  return same;
}

function main(): void {
  const folder = mkdtempSync(join(tmpdir(), 'stately-import-'));
  try {
    execFileSync('npm', ['install', '--prefix', folder, '--no-audit', '--no-fund', '--silent', EXTRACTOR, 'xstate@4'], {
      stdio: 'inherit',
    });

    const { extractMachinesFromFile } = require(join(folder, 'node_modules', '@xstate', 'machine-extractor')) as {
      extractMachinesFromFile: (text: string) => { machines: { toConfig: () => ExtractedNode }[] } | null;
    };
    const read = (file: string): Extracted => {
      const machines = extractMachinesFromFile(readFileSync(join(ROOT, file), 'utf8'))?.machines ?? [];
      if (machines.length !== 1) throw new Error(`${file}: the extractor found ${machines.length} machines, not 1`);
      return fromExtractor(machines[0]!.toConfig());
    };
    const machineFile = compare('machines/tcp.machine.ts', read('machines/tcp.machine.ts'), fromMachine());
    const exportFile = compare('docs/tcp.stately.ts', read('docs/tcp.stately.ts'), fromExport());
    process.exitCode = machineFile && exportFile ? 0 : 1;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main();

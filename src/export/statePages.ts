/**
 * One Markdown page per TCP state (docs/states/<STATE>.md), an index of them,
 * and the whole transition table (docs/transition-table.md), generated from
 * the machine: what the state means (its description), what netstat and ss
 * show, the shortest way in (the `states` suite), and every transition in,
 * out and within, from the transition table. A hand-written prose file per
 * state (docs/prose/<STATE>.md) adds the seed article's scenario; it is
 * copied in as it is.
 */
import { TCP_STATES, type TcpState } from '../../machines/tcp.machine';
import { buildModelGraph, walk, type ModelGraph } from '../mbt/modelGraph';
import { TEST_PROFILES } from '../mbt/profiles';
import { statesSuite } from '../mbt/suites';
import { formatTableMarkdown, transitionTable, type TableRow } from '../model/transitionTable';
import { readDefinition, rfcName, type StateDefinition } from './definition';

/** Where the hand-written prose of a state lives, relative to the repository root. */
export function prosePath(state: TcpState): string {
  return `docs/prose/${state}.md`;
}

export function statePagePath(state: TcpState): string {
  return `docs/states/${state}.md`;
}

export const STATE_INDEX_PATH = 'docs/states/README.md';
export const TRANSITION_TABLE_PATH = 'docs/transition-table.md';

/** The note at the top of every generated page. */
function generatedNote(sources: readonly string[]): string {
  return `<!-- Generated from ${sources.join(' and ')} by \`npm run generate\`; do not edit. \`npm run check:generated\` fails when this page is stale. -->`;
}

/** What a listing tool shows for the state (`meta.netstat`, `meta.ss` of the model). */
function listedAs(state: StateDefinition, tool: 'netstat' | 'ss'): string | null {
  const name = state.meta?.[tool];
  return typeof name === 'string' ? name : null;
}

/** The shortest event sequence from CLOSED to each state, as the `states` suite finds it. */
export function shortestPaths(graph: ModelGraph = buildModelGraph(TEST_PROFILES[0]!.input)): Map<TcpState, string> {
  const paths = new Map<TcpState, string>();
  for (const path of statesSuite(graph)) {
    const edges = walk(graph, path.events);
    const last = edges.at(-1);
    const state = last === undefined ? graph.nodes[graph.initial]!.state : graph.nodes[last.to]!.state;
    if (!paths.has(state)) paths.set(state, path.name);
  }
  return paths;
}

/**
 * A Markdown table of rows. The descriptions quote the RFC's segment notation
 * (`<SEQ=ISS><CTL=SYN>`), which a Markdown renderer would take for HTML tags.
 */
function markdownTable(rows: readonly TableRow[]): string {
  return formatTableMarkdown(rows).replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function table(rows: readonly TableRow[], empty: string): string {
  return rows.length === 0 ? `${empty}\n` : markdownTable(rows);
}

function link(state: TcpState): string {
  return `[${rfcName(state)}](${state}.md)`;
}

function statePage(
  state: StateDefinition,
  rows: readonly TableRow[],
  shortestPath: string | undefined,
  prose: string | undefined,
): string {
  const index = TCP_STATES.indexOf(state.key);
  const previous = TCP_STATES[index - 1];
  const next = TCP_STATES[index + 1];
  const netstat = listedAs(state, 'netstat');
  const ss = listedAs(state, 'ss');
  const into = rows.filter((row) => row.to === state.key && row.from !== state.key);
  const out = rows.filter((row) => row.from === state.key && row.to !== null && row.to !== state.key);
  const within = rows.filter((row) => row.from === state.key && (row.to === null || row.to === state.key));
  const timers = readTimers(state);
  const sections = [
    generatedNote(['machines/tcp.machine.ts', ...(prose === undefined ? [] : [prosePath(state.key)])]),
    '',
    `# ${rfcName(state.key)}`,
    '',
    [
      ...(previous === undefined ? [] : [`← ${link(previous)}`]),
      '[all states](README.md)',
      '[diagram](../tcp-states.svg)',
      '[transition table](../transition-table.md)',
      ...(next === undefined ? [] : [`${link(next)} →`]),
    ].join(' · '),
    '',
    '## What it means',
    '',
    state.description ?? '',
    '',
    `In the model: \`${state.key}\` in [machines/tcp.machine.ts](../../machines/tcp.machine.ts).${
      timers === '' ? '' : ` ${timers}`
    }`,
    '',
    '## What netstat and ss show',
    '',
    netstat === null
      ? 'Nothing: there is no TCB, so the connection is not listed at all.'
      : [
          '| tool | state column |',
          '| --- | --- |',
          `| \`netstat -tan\` | \`${netstat}\` |`,
          `| \`ss -tan\` | \`${ss ?? '(not listed)'}\` |`,
        ].join('\n'),
    '',
    '## The shortest way in',
    '',
    shortestPath === undefined
      ? 'The model cannot reach this state.'
      : [
          '```text',
          shortestPath,
          '```',
          '',
          'The first path of `tcp-statechart paths --suite states` that ends here (profile `rfc9293`, `maxRetries: 2`).',
        ].join('\n'),
    '',
    '## How a connection gets in',
    '',
    table(into, 'No transition leads here from another state: this is where the machine starts.'),
    '## How it gets out',
    '',
    table(out, 'No transition leaves this state.'),
    '## What happens without leaving',
    '',
    'Transitions that stay (`(stays)`: nothing is exited and the timers run on), that re-enter the state (its timers restart), and the events the state ignores on purpose (`meta.ignored`).',
    '',
    table(within, 'None.'),
  ];
  if (prose !== undefined) sections.push(prose.trimEnd(), '');
  return `${sections
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function readTimers(state: StateDefinition): string {
  if (state.after.length === 0) return 'No timer runs here.';
  const names = state.after.map(({ delay }) => `\`after ${delay}\``);
  return `Its timer${names.length > 1 ? 's' : ''}: ${names.join(', ')}, started whenever the state is entered.`;
}

function indexPage(states: readonly StateDefinition[], paths: ReadonlyMap<TcpState, string>): string {
  const rows = states.map((state) => {
    const netstat = listedAs(state, 'netstat');
    const ss = listedAs(state, 'ss');
    const path = paths.get(state.key);
    return `| ${link(state.key)} | ${netstat === null ? '—' : `\`${netstat}\``} | ${ss === null ? '—' : `\`${ss}\``} | ${
      path === undefined ? '—' : `\`${path}\``
    } |`;
  });
  return `${[
    generatedNote(['machines/tcp.machine.ts']),
    '',
    '# The 11 states of TCP',
    '',
    "One page per state of RFC 9293's connection state machine (§3.3.2, Figure 5): what it means, how a connection gets in and out (read from the model's transition table), what netstat and ss show, and the scenario of the seed article that reaches it, with its packetdrill lines.",
    '',
    '![TCP connection states, generated from the model](../tcp-states.svg)',
    '',
    '| state | netstat | ss | shortest way in |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    'The diagram shows the transitions that change state; solid edges are user calls and arriving segments, dashed ones timers. [The transition table](../transition-table.md) lists every transition, those that stay in their state included.',
  ].join('\n')}\n`;
}

function transitionTablePage(rows: readonly TableRow[], parentStates: readonly string[]): string {
  return `${[
    generatedNote(['machines/tcp.machine.ts']),
    '',
    '# The transition table',
    '',
    `Every transition of the model, one row per state, event and guarded branch, in the order XState tries them (\`otherwise\` is the branch taken when the guards above it fail), then the events each state ignores on purpose. \`(stays)\` marks a targetless transition: nothing is exited and the timers run on; \`(re-entered)\` one that restarts the state's timers. The 11 states are the leaves of a statechart: a branch that a parent state (${parentStates.map((parent) => `\`${parent}\``).join(', ')}) holds for its children is written once in machines/tcp.machine.ts and listed here under each child, its description starting with the parent's name; XState tries a state's own branches first, then its parents'. SYN-RECEIVED's handshake-completing segments enter a choice state (\`ESTABLISHING\`, \`ESTABLISHING_ACK_OWED\`, \`ESTABLISHING_WITH_FIN\`: left at once, never a state of the connection) that writes the fan-out over what the user queued once; each of its branches is listed here folded into the transition that enters it (guards joined, actions one after the other), where some profile can take the two in turn. Path coverage counts the rows of this table. \`tcp-statechart table\` prints the same table.`,
    '',
    markdownTable(rows).trimEnd(),
  ].join('\n')}\n`;
}

/**
 * Every generated page, path (relative to the repository root) to content.
 * `prose` gives the hand-written prose of a state, if it has any.
 */
export function docPages(prose: (state: TcpState) => string | undefined): Map<string, string> {
  const definition = readDefinition();
  const rows = transitionTable();
  const paths = shortestPaths();
  const pages = new Map<string, string>();
  pages.set(STATE_INDEX_PATH, indexPage(definition.states, paths));
  for (const state of definition.states) {
    pages.set(statePagePath(state.key), statePage(state, rows, paths.get(state.key), prose(state.key)));
  }
  // The parent states, outermost first, in the order the 11 states meet them.
  const parentStates = [...new Set(definition.states.flatMap((state) => [...state.parents].reverse()))];
  pages.set(TRANSITION_TABLE_PATH, transitionTablePage(rows, parentStates));
  return pages;
}

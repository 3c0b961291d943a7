/**
 * docs/linux.md, generated: the hand-written account of how the kernel is
 * tested (docs/linux.intro.md), then tables made from the model and from
 * DIFFERENCES — the sysctls, every difference with the RFC and Linux side by
 * side, every transition definition and every state × event pair with
 * whether Linux takes it as RFC 9293 does. A test keeps the file current.
 *
 *   npx tsx src/linux/linuxDoc.ts > docs/linux.md
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LINUX_PROFILE_OPTIONS } from '../../machines/linux';
import { TCP_STATES } from '../../machines/tcp.machine';
import { SEGMENT_LABELS } from '../model/actions';
import { coverageOf } from '../mbt/coverage';
import { buildModelGraph, type ModelEdge, type ModelGraph } from '../mbt/modelGraph';
import { TEST_PROFILES, type ModelProfile } from '../mbt/profiles';
import { eventName } from '../mbt/modelGraph';
import { transitionsSuite } from '../mbt/suites';
import { DIFFERENCES, SCRIPT_DIFFERENCES } from './differences';
import { LINUX_PROFILES } from './profile';
import { linuxSysctls } from './sysctls';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function takenDefinitions(profiles: readonly ModelProfile[]): { graphs: ModelGraph[]; taken: Set<string> } {
  const graphs = profiles.map((profile) => buildModelGraph(profile.input, profile.machine));
  const taken = new Set<string>();
  for (const graph of graphs)
    for (const id of coverageOf(graph, transitionsSuite(graph)).covered().transitions) taken.add(id);
  return { graphs, taken };
}

function outcome(edge: ModelEdge | undefined, graph: ModelGraph): string {
  if (edge === undefined) return '—';
  if (edge.rejects !== null) return `refused: "${edge.rejects}"`;
  const to = graph.nodes[edge.to]!.state;
  const sends = edge.sends.length === 0 ? '' : `, sends ${edge.sends.map((kind) => SEGMENT_LABELS[kind]).join(', ')}`;
  if (edge.transition === null) return 'ignored';
  return `${to}${sends}`;
}

const optionNames: readonly string[] = LINUX_PROFILE_OPTIONS;
const optionsIn = (text: string) => optionNames.filter((name) => text.includes(name));

/** The first node of each state, breadth first (the sneak suite's choice). */
function firstNodes(graph: ModelGraph): Map<string, number> {
  const first = new Map<string, number>();
  const queue = [graph.initial as number];
  const seen = new Set<number>(queue);
  for (let head = 0; head < queue.length; head++) {
    const node = graph.nodes[queue[head]!]!;
    if (!first.has(node.state)) first.set(node.state, node.id);
    for (const edge of node.edges) {
      if (seen.has(edge.to)) continue;
      seen.add(edge.to);
      queue.push(edge.to);
    }
  }
  return first;
}

export function linuxDoc(): string {
  const intro = readFileSync(join(__dirname, '..', '..', 'docs', 'linux.intro.md'), 'utf8').trimEnd();
  const lines: string[] = [intro, ''];

  lines.push(
    "## The test namespace's sysctls",
    '',
    'Set from the Linux profile by `linuxSysctls` (src/linux/sysctls.ts):',
    '',
  );
  lines.push('| sysctl | value |', '| --- | --- |');
  for (const [name, value] of Object.entries(linuxSysctls(LINUX_PROFILES[0]!.input)))
    lines.push(`| \`${name}\` | ${value} |`);
  const guards = LINUX_PROFILE_OPTIONS.map((option) => `\`${option}\``).join(', ');
  lines.push(
    '',
    `The Linux profile's machine is \`linuxTcpMachine\` (machines/linux.ts): RFC 9293's with the profile guards ${guards} answering true. Its timer settings:`,
  );
  lines.push('', '```json', JSON.stringify(LINUX_PROFILES[0]!.input, null, 2), '```', '');

  lines.push('## Where Linux and RFC 9293 differ', '');
  lines.push('| difference | RFC | Linux | in the tests |', '| --- | --- | --- | --- |');
  for (const difference of DIFFERENCES) {
    const handling = difference.handling;
    const how =
      handling.kind === 'option'
        ? `model option \`${handling.option}\``
        : handling.kind === 'sysctl'
          ? `sysctl: ${handling.sysctl}`
          : handling.kind === 'adapter'
            ? 'the adapter'
            : handling.kind === 'scripts'
              ? `packetdrill: ${SCRIPT_DIFFERENCES.filter((entry) => entry.difference === difference.id)
                  .map((entry) => `${entry.script}:${entry.line}`)
                  .join(', ')}`
              : 'not modelled yet: a path may stop here, exactly as described';
    lines.push(
      `| **${cell(difference.title)}** | ${cell(difference.rfc)} | ${cell(difference.linux)} | ${cell(how)} |`,
    );
  }
  lines.push('');
  lines.push('### packetdrill scripts that Linux fails', '');
  lines.push(
    'The scripts of test/pkt/scripts are written for RFC 9293 (and run against our TCP); against Linux these stop where the table says, and the Linux test checks that they stop exactly there:',
    '',
  );
  lines.push('| script | line | failure | difference |', '| --- | --- | --- | --- |');
  for (const entry of SCRIPT_DIFFERENCES) {
    const title = DIFFERENCES.find((difference) => difference.id === entry.difference)?.title ?? entry.difference;
    lines.push(
      `| ${entry.script} | ${entry.line} | ${cell(entry.message)}${entry.sometimes === true ? ' (sometimes: timing)' : ''} | ${cell(title)} |`,
    );
  }
  lines.push('');

  const rfc = takenDefinitions(TEST_PROFILES);
  const linux = takenDefinitions(LINUX_PROFILES);
  lines.push('## Every transition of the model', '');
  lines.push(
    'Each transition definition (each guarded branch apart) as the transitions suite takes it: with the RFC 9293 profiles, with the Linux profiles, and what that means. "agrees" means the Linux suites take it and Linux does what the model says.',
    '',
  );
  lines.push('| transition | guard | RFC 9293 | Linux | verdict |', '| --- | --- | --- | --- | --- |');
  for (const definition of rfc.graphs[0]!.transitions) {
    const inRfc = rfc.taken.has(definition.id);
    const inLinux = linux.taken.has(definition.id);
    const options = optionsIn(definition.guard ?? '');
    const verdict =
      inRfc && inLinux
        ? options.length > 0
          ? `agrees (with ${options.join(', ')} off)`
          : 'agrees'
        : inLinux
          ? `Linux branch: ${options.join(', ') || 'reached only through the Linux options'}`
          : inRfc
            ? "RFC only: Linux takes an option's branch before it, or its input rules it out (ackDelay 0: no delayed ACKs; receiveBuffer 0: no RECEIVE, no window that fills; userTimeout 0: no USER TIMEOUT)"
            : 'not taken by any profile (an option combination no profile uses)';
    lines.push(
      `| ${cell(definition.id)} | ${cell(definition.guard ?? '')} | ${inRfc ? 'taken' : '—'} | ${inLinux ? 'taken' : '—'} | ${cell(verdict)} |`,
    );
  }
  lines.push('');

  lines.push('## Every state × event pair', '');
  lines.push(
    "From the first snapshot of each state that a breadth-first walk meets (the sneak suite's), what the RFC 9293 model and the Linux profile do. Where they differ, the Linux column names the option.",
    '',
  );
  lines.push('| state | event | RFC 9293 | Linux | |', '| --- | --- | --- | --- | --- |');
  const rfcGraph = rfc.graphs[0]!;
  const linuxGraph = linux.graphs[0]!;
  const rfcFirst = firstNodes(rfcGraph);
  const linuxFirst = firstNodes(linuxGraph);
  for (const state of TCP_STATES) {
    const events = [...new Set([...(rfcGraph.alphabet[state] ?? []), ...(linuxGraph.alphabet[state] ?? [])])];
    for (const event of events) {
      const rfcNode = rfcFirst.get(state);
      const linuxNode = linuxFirst.get(state);
      const rfcEdge = rfcNode === undefined ? undefined : rfcGraph.nodes[rfcNode]!.edgeByEvent.get(event);
      const linuxEdge = linuxNode === undefined ? undefined : linuxGraph.nodes[linuxNode]!.edgeByEvent.get(event);
      const rfcText = outcome(rfcEdge, rfcGraph);
      const linuxText = outcome(linuxEdge, linuxGraph);
      const options = optionsIn(
        linuxEdge?.guards
          .filter((guard) => guard.value)
          .map((guard) => guard.guard)
          .join(' ') ?? '',
      );
      const note =
        rfcText === linuxText
          ? 'agrees'
          : options.length > 0
            ? options.join(', ')
            : 'differs (another snapshot, or the input: ackDelay 0)';
      lines.push(`| ${state} | ${eventName(event)} | ${cell(rfcText)} | ${cell(linuxText)} | ${cell(note)} |`);
    }
  }
  lines.push('');
  return `${lines.join('\n')}\n`;
}

if (require.main === module) process.stdout.write(linuxDoc());

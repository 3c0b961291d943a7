/**
 * docs/lwip.md, generated: the hand-written account of how lwIP is tested
 * and the figures of the last run (docs/lwip.intro.md), then tables made from
 * the lwIP profile and LWIP_DIFFERENCES — the timer settings, every
 * difference with the RFC and lwIP side by side, and the bugs written up for
 * upstream. A test keeps the file current.
 *
 *   npx tsx src/lwip/lwipDoc.ts > docs/lwip.md
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LWIP_DIFFERENCES, LWIP_SCRIPT_STOPS, type LwipDifference } from './differences';
import { LWIP_PROFILES, LWIP_TCP_SYNMAXRTX } from './profile';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Where the bug scripts live, from the package root. */
export const LWIP_BUG_SCRIPTS = join('test', 'lwip', 'scripts');
const ROOT = join(__dirname, '..', '..');

/** A bug script's text (test/lwip/scripts). */
export function bugScript(name: string): string {
  return readFileSync(join(ROOT, LWIP_BUG_SCRIPTS, name), 'utf8');
}

/** The scripts of test/pkt/scripts that stop at this difference, as `script:line`. */
function scriptStops(difference: LwipDifference): string {
  const stops = LWIP_SCRIPT_STOPS.filter((stop) => stop.difference === difference.id);
  return stops.map((stop) => `${stop.script}:${stop.line}`).join(', ');
}

function handlingText(difference: LwipDifference): string {
  const stops = scriptStops(difference);
  const text = modelHandling(difference);
  return stops === '' || difference.handling.kind === 'script' ? text : `${text}; packetdrill: ${stops}`;
}

function modelHandling(difference: LwipDifference): string {
  const handling = difference.handling;
  switch (handling.kind) {
    case 'setting':
      return `profile settings: ${handling.setting}`;
    case 'option':
      return `model option \`${handling.option}\``;
    case 'guard':
      return `profile guard \`${handling.guard}\` (machines/lwip.ts)`;
    case 'adapter':
      return 'the adapter';
    case 'known':
      return `not modelled yet: a path may stop here, exactly as described${difference.bug === undefined ? '' : ' (**bug**, below)'}`;
    case 'script':
      return `outside the model; packetdrill: ${scriptStops(difference)}`;
  }
}

export function lwipDoc(): string {
  const intro = readFileSync(join(ROOT, 'docs', 'lwip.intro.md'), 'utf8').trimEnd();
  const lines: string[] = [intro, ''];

  lines.push('## The lwIP profile', '');
  lines.push(
    `The model's input for lwIP (src/lwip/profile.ts). \`TCP_SYNMAXRTX\` (${LWIP_TCP_SYNMAXRTX}) has no setting of its own in the model, whose one \`maxRetries\` counts SYN and data alike; with SYN-SENT\'s retransmissions 3 s apart (below) a path meets that difference first.`,
    '',
  );
  lines.push('```json', JSON.stringify(LWIP_PROFILES[0]!.input, null, 2), '```', '');

  lines.push('## Where lwIP and RFC 9293 differ', '');
  lines.push('| difference | RFC | lwIP 2.1.3 | in the tests |', '| --- | --- | --- | --- |');
  for (const difference of LWIP_DIFFERENCES) {
    lines.push(
      `| **${cell(difference.title)}** (\`${difference.id}\`) | ${cell(difference.rfc)} | ${cell(difference.lwip)} | ${cell(handlingText(difference))} |`,
    );
  }
  lines.push('');

  lines.push('### packetdrill scripts that lwIP fails', '');
  lines.push(
    'The scripts of test/pkt/scripts are written for RFC 9293 (and run against our TCP); played against lwIP (`tcp-statechart pkt --target lwip --strict`, test/lwip/scripts.lwip.ts) every other one passes, and these stop exactly here:',
    '',
  );
  lines.push('| script | line | failure | difference |', '| --- | --- | --- | --- |');
  for (const stop of LWIP_SCRIPT_STOPS) {
    const title = LWIP_DIFFERENCES.find((difference) => difference.id === stop.difference)?.title ?? stop.difference;
    lines.push(`| ${stop.script} | ${stop.line} | ${cell(stop.message)} | ${cell(title)} (\`${stop.difference}\`) |`);
  }
  lines.push('');

  lines.push('## Bugs to report upstream', '');
  for (const difference of LWIP_DIFFERENCES) {
    const bug = difference.bug;
    if (bug === undefined) continue;
    lines.push(`### ${difference.title}`, '', bug.requirement, '', difference.lwip, '');
    const reproduction = bug.reproduction;
    if ('script' in reproduction) {
      const path = join(LWIP_BUG_SCRIPTS, reproduction.script);
      lines.push(
        `A packetdrill script (${path}): an RFC 9293 TCP, ours, passes it (\`tcp-statechart pkt ${path}\`); lwIP stops at line ${reproduction.line}, "${reproduction.message}" (\`tcp-statechart pkt --target lwip ${path}\`). test/lwip runs both.`,
        '',
      );
      lines.push('```', bugScript(reproduction.script).trimEnd(), '```', '');
    } else {
      lines.push('The raw-API calls and what leaves on the wire:', '');
      lines.push('```c', reproduction.rawApi, '```', '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

if (require.main === module) process.stdout.write(lwipDoc());

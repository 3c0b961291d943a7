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
import { LWIP_DIFFERENCES, type LwipDifference } from './differences';
import { LWIP_PROFILES, LWIP_TCP_SYNMAXRTX } from './profile';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function handlingText(difference: LwipDifference): string {
  const handling = difference.handling;
  switch (handling.kind) {
    case 'setting':
      return `profile settings: ${handling.setting}`;
    case 'option':
      return `model option \`${handling.option}\``;
    case 'adapter':
      return 'the adapter';
    case 'known':
      return `not modelled yet: a path may stop here, exactly as described${difference.bug === undefined ? '' : ' (**bug**, below)'}`;
  }
}

export function lwipDoc(): string {
  const intro = readFileSync(join(__dirname, '..', '..', 'docs', 'lwip.intro.md'), 'utf8').trimEnd();
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

  lines.push('## Bugs to report upstream', '');
  for (const difference of LWIP_DIFFERENCES) {
    const bug = difference.bug;
    if (bug === undefined) continue;
    lines.push(`### ${difference.title}`, '', bug.requirement, '', difference.lwip, '');
    if ('packetdrill' in bug.reproduction) {
      lines.push(
        "A packetdrill script against lwIP's sockets API (an RFC 9293 TCP, ours, passes it; test/lwip/doc.test.ts runs it):",
        '',
      );
      lines.push('```', bug.reproduction.packetdrill, '```', '');
    } else {
      lines.push('The raw-API calls and what leaves on the wire:', '');
      lines.push('```c', bug.reproduction.rawApi, '```', '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

if (require.main === module) process.stdout.write(lwipDoc());

/**
 * The packetdrill scripts of test/pkt/scripts played against lwIP 2.1.3
 * (`pkt --target lwip --strict`, src/lwip/lwipScriptHost.ts): each passes, or
 * stops exactly where LWIP_SCRIPT_STOPS (docs/lwip.md) says, at its line with
 * its message. And each bug script of test/lwip/scripts stops on lwIP where
 * its write-up says. Part of `npm run test:lwip`; skips with one line where
 * liblwip-dev or the addon is missing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lwipUnavailable } from '../../src/lwip/addon';
import { LWIP_DIFFERENCES, LWIP_SCRIPT_STOPS } from '../../src/lwip/differences';
import { bugScript } from '../../src/lwip/lwipDoc';
import { lwipScriptHost } from '../../src/lwip/lwipScriptHost';
import { formatFailure, parseScript, runScript, type ScriptResult } from '../../src/pkt';
import { run } from '../cli/io';

const SCRIPTS = join(__dirname, '..', 'pkt', 'scripts');
const unavailable = lwipUnavailable();

function onLwip(name: string, text: string): ScriptResult {
  return runScript(parseScript(text, name), { strict: true, host: lwipScriptHost });
}

/** The first failure as `line: message`, or `passes`. */
function outcome(result: ScriptResult): string {
  const failure = result.failures[0];
  return failure === undefined ? 'passes' : `${failure.line}: ${failure.message}`;
}

const names = readdirSync(SCRIPTS)
  .filter((name) => name.endsWith('.pkt'))
  .sort();

test('pkt --target names the targets it knows when given another', async () => {
  expect(await run('pkt', '--target', 'bsd', join(SCRIPTS, 'listen.pkt'))).toEqual({
    code: 2,
    out: '',
    err: "tcp-statechart: error: unknown target 'bsd': expected one of: tcp, linux, lwip\n",
  });
});

test('every stop LWIP_SCRIPT_STOPS lists is a script of test/pkt/scripts at a documented difference', () => {
  const ids = new Set(LWIP_DIFFERENCES.map((difference) => difference.id));
  expect(LWIP_SCRIPT_STOPS.filter((stop) => !names.includes(stop.script) || !ids.has(stop.difference))).toEqual([]);
});

if (unavailable !== null) {
  test.skip(`lwIP packetdrill scripts: skipped (${unavailable})`, () => {});
} else {
  test.each(names.map((name) => [name]))('%s passes on lwIP or stops where docs/lwip.md says', (name) => {
    const result = onLwip(name, readFileSync(join(SCRIPTS, name), 'utf8'));
    const stop = LWIP_SCRIPT_STOPS.find((entry) => entry.script === name);
    const shown = result.failures.map((failure) => formatFailure(failure, name)).join('\n');
    expect({ outcome: outcome(result), shown }).toMatchObject({
      outcome: stop === undefined ? 'passes' : `${stop.line}: ${stop.message}`,
    });
  });

  test('pkt --target lwip plays a script against lwIP from the command line', async () => {
    const listen = join(SCRIPTS, 'listen.pkt');
    const refused = join(SCRIPTS, 'rst_syn_sent.pkt');
    expect(await run('pkt', '--target', 'lwip', listen, refused)).toEqual({
      code: 1,
      out:
        `PASS ${listen}\n` +
        `FAIL ${refused}:4: connect: expected errno ECONNREFUSED, got ECONNRESET (script: "-1 ECONNREFUSED", host: "-1 ECONNRESET")\n` +
        '2 scripts: 1 passed, 1 failed\n',
      err: '',
    });
  });

  const bugs = LWIP_DIFFERENCES.flatMap((difference) => {
    const reproduction = difference.bug?.reproduction;
    return reproduction !== undefined && 'script' in reproduction ? [[difference.id, reproduction] as const] : [];
  });

  test.each(bugs)('the bug script of %s stops on lwIP where its write-up says', (_id, reproduction) => {
    const result = onLwip(reproduction.script, bugScript(reproduction.script));
    expect(outcome(result)).toBe(`${reproduction.line}: ${reproduction.message}`);
  });
}

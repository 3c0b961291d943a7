/**
 * The seed article author's own scripts (arthur-zhang/tcp_ebook, read by test/pkt/tcpEbook.ts) against the
 * Linux kernel, as packetdrill plays them (no `strict`), one after the other
 * in real time: some mix absolute times (`0.150 close(4)`) with relative ones
 * and leave the runner little slack, which ten scripts sharing Node's event
 * loop on a busy machine would eat. Each passes and holds in the state the article's netstat shows,
 * except where the kernel differs as docs/packetdrill.md explains. Needs root
 * and /dev/net/tun.
 */
import { parseScript } from '../../src/pkt';
import { runLinuxPacketdrill } from '../../src/linux/kernelSuites';
import type { LinuxScriptResult } from '../../src/linux/kernelScriptRun';
import { linuxUnavailableReason } from '../../src/linux/network';
import { loadTcpEbookScripts } from '../pkt/tcpEbook';

const tcpEbook = loadTcpEbookScripts();
const unavailable = linuxUnavailableReason() ?? ('unavailable' in tcpEbook ? tcpEbook.unavailable : null);

/** The state of each script's connection at its trailing sleep, as the article shows. */
const ARTICLE_STATES: Readonly<Record<string, string>> = {
  'syn_sent.pkt': 'SYN_SENT',
  'state_syn_rcvd.pkt': 'SYN_RECEIVED',
  'state_fin_wait_1.pkt': 'FIN_WAIT_1',
  'state_fin_wait_2.pkt': 'FIN_WAIT_2',
  'state_time_wait.pkt': 'TIME_WAIT',
  'state_close_wait.pkt': 'CLOSE_WAIT',
  'state_last_ack.pkt': 'LAST_ACK',
  'state-closing.pkt': 'CLOSING',
  'simultaneous-close.pkt': 'TIME_WAIT',
  'rst_out_of_window.pkt': 'ESTABLISHED',
};

/**
 * Where this kernel differs from the one the article ran (docs/packetdrill.md,
 * "The seed author's scripts"): the line each stops at and what the kernel sent.
 */
const KERNEL_DIFFERENCES: Readonly<Record<string, { readonly line: number; readonly actual: string }>> = {
  // SYN-ACK window 64240 (the article's kernel: 29200): the RST at 29202 is inside it, so a challenge ACK (RFC 5961 §3.2).
  'rst_out_of_window.pkt': { line: 21, actual: '. 1:1(0) ack 1 win 64240' },
  // `< F. 1:1(0)` with no `ack` acknowledges 0, one below SND.UNA: a challenge ACK, and the FIN is not taken.
  'state_close_wait.pkt': { line: 16, actual: '. 1:1(0) ack 1 win 64240' },
  'state_last_ack.pkt': { line: 15, actual: '. 1:1(0) ack 1 win 64240' },
};

if (unavailable !== null) {
  test.skip(`the seed author's scripts against Linux: skipped (${unavailable})`, () => {});
} else {
  const texts = 'scripts' in tcpEbook ? tcpEbook.scripts : new Map<string, string>();
  const names = [...texts.keys()].sort();
  const scripts = names.map((name) => ({ name, script: parseScript(texts.get(name)!, name) }));
  const results: LinuxScriptResult[] = [];
  const traced: string[] = [];
  let wallMs = 0;

  beforeAll(async () => {
    for (const entry of scripts) {
      const outcome = await runLinuxPacketdrill([entry], (line) => traced.push(`${entry.name}: ${line}`));
      results.push(outcome.results[0]!);
      wallMs += outcome.wallMs;
    }
  }, 5 * 60_000);

  afterAll(() => {
    const passed = results.filter((result) => result.passed).length;
    process.stdout.write(
      `\nthe seed author's scripts against Linux: ${names.length} scripts, ${passed} pass; wall time ${(wallMs / 1000).toFixed(1)} s\n`,
    );
    if (process.env.TRACE_TCP_EBOOK !== undefined) process.stdout.write(`${traced.join('\n')}\n`);
  });

  test.each(names.map((name, index) => [name, index] as const))(
    "%s passes and holds in the article's state",
    (name, index) => {
      const result = results[index];
      if (result === undefined) throw new Error('the script did not run');
      const difference = KERNEL_DIFFERENCES[name];
      if (difference !== undefined) {
        expect(result.failure).toMatchObject(difference);
        return;
      }
      expect(result.failure).toBeUndefined();
      expect(result.heldState).toBe(ARTICLE_STATES[name]);
    },
  );
}

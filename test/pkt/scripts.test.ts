/**
 * The scripts in test/pkt/scripts/, one per state the seed article reaches
 * (written out in full: socket, setsockopt, bind, listen, then the
 * article's lines) and one per case it only mentions. Each must pass, and
 * leave the sockets netstat shows: State, Recv-Q and Send-Q as the article
 * prints them where it does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScript } from '../../src/pkt';
import { formatFailure, runScript, type ScriptResult } from '../../src/pkt/runner';
import { ARTICLE_SCRIPTS } from './article-scripts';

const SCRIPTS = join(__dirname, 'scripts');

/** `State Recv-Q Send-Q` of every row, as netstat lists them. */
const EXPECTED_LISTINGS: Readonly<Record<string, readonly string[]>> = {
  // The article's states, with its netstat output.
  'listen.pkt': ['LISTEN 0 0'],
  'syn_sent.pkt': ['SYN_SENT 0 1'],
  'syn_rcvd.pkt': ['LISTEN 0 0', 'SYN_RECV 0 0'],
  'established.pkt': ['LISTEN 0 0', 'ESTABLISHED 0 0'],
  'fin_wait_1.pkt': ['LISTEN 0 0', 'FIN_WAIT1 0 1'],
  'fin_wait_2.pkt': ['LISTEN 0 0', 'FIN_WAIT2 0 0'],
  'close_wait.pkt': ['LISTEN 0 0', 'CLOSE_WAIT 1 0'],
  'time_wait.pkt': ['LISTEN 0 0', 'TIME_WAIT 0 0'],
  'last_ack.pkt': ['LISTEN 0 0', 'LAST_ACK 1 1'],
  'closing.pkt': ['LISTEN 0 0', 'CLOSING 1 1'],
  'closed.pkt': ['LISTEN 0 0'],
  // What the article only mentions.
  'syn_retransmit.pkt': [],
  'simultaneous_open.pkt': ['ESTABLISHED 0 0'],
  'fin_wait_1_fin_ack.pkt': ['LISTEN 0 0', 'TIME_WAIT 0 0'],
  'time_wait_retransmitted_fin.pkt': ['LISTEN 0 0', 'TIME_WAIT 0 0'],
  'time_wait_expiry.pkt': ['LISTEN 0 0'],
  'rst_no_socket.pkt': [],
  'rst_listen.pkt': ['LISTEN 0 0'],
  'rst_syn_sent.pkt': [],
  'rst_syn_rcvd.pkt': ['LISTEN 0 0'],
  'rst_established.pkt': ['LISTEN 0 0'],
  'rst_fin_wait_1.pkt': ['LISTEN 0 0'],
  'rst_fin_wait_2.pkt': ['LISTEN 0 0'],
  'rst_close_wait.pkt': ['LISTEN 0 0'],
  'rst_closing.pkt': ['LISTEN 0 0'],
  'rst_last_ack.pkt': ['LISTEN 0 0'],
  'rst_time_wait.pkt': ['LISTEN 0 0'],
  // shutdown(2)'s halves.
  'shutdown_rd.pkt': ['LISTEN 0 0', 'TIME_WAIT 0 0'],
  'recv_peek.pkt': ['LISTEN 0 0', 'ESTABLISHED 0 0'],
  'tcp_info.pkt': ['LISTEN 0 0', 'ESTABLISHED 0 0'],
};

function run(name: string): ScriptResult {
  return runScript(parseScript(readFileSync(join(SCRIPTS, name), 'utf8'), name), { strict: true });
}

test('every script in test/pkt/scripts has an expected listing here', () => {
  expect(
    readdirSync(SCRIPTS)
      .filter((name) => name.endsWith('.pkt'))
      .sort(),
  ).toEqual(Object.keys(EXPECTED_LISTINGS).sort());
});

// Each test runs its script itself, not the describe body once for both: what runs while jest collects the tests
// belongs to no test, so a mutation run (npm run mutate:all) would run every test for it and count its throw as
// an error of the file, not a failed test.
describe.each(Object.entries(EXPECTED_LISTINGS))('%s', (name, expected) => {
  test('passes', () => {
    expect(run(name).failures.map((failure) => formatFailure(failure, name))).toEqual([]);
  });

  test(`leaves ${expected.length === 0 ? 'no socket' : expected.join(', ')}`, () => {
    expect(run(name).listing.map((row) => `${row.state} ${row.recvQ} ${row.sendQ}`)).toEqual(expected);
  });
});

/** The article's snippet each full script is built around. */
const ARTICLE_SNIPPET_OF: Readonly<Record<keyof typeof ARTICLE_SCRIPTS, string>> = {
  SYN_SENT: 'syn_sent.pkt',
  SYN_RCVD: 'syn_rcvd.pkt',
  FIN_WAIT_1: 'fin_wait_1.pkt',
  FIN_WAIT_2: 'fin_wait_2.pkt',
  CLOSE_WAIT: 'close_wait.pkt',
  TIME_WAIT: 'time_wait.pkt',
  LAST_ACK: 'last_ack.pkt',
  CLOSING: 'closing.pkt',
};

describe("the full scripts reach each state the article's way", () => {
  const lines = (text: string, name: string) =>
    parseScript(text, name).events.map((event) => event.sourceText.replace(/\s+/g, ' '));

  test.each(Object.entries(ARTICLE_SNIPPET_OF))(
    "%s: every line of the article's snippet is in %s, in order",
    (snippet, name) => {
      const script = lines(readFileSync(join(SCRIPTS, name), 'utf8'), name);
      let from = 0;
      for (const line of lines(ARTICLE_SCRIPTS[snippet as keyof typeof ARTICLE_SCRIPTS], snippet)) {
        const at = script.indexOf(line, from);
        expect({ line, found: at >= 0 }).toEqual({ line, found: true });
        from = at + 1;
      }
    },
  );
});

describe('what the listing shows beyond the state', () => {
  test('fin_wait_1.pkt: the closed connection has no descriptor; its addresses are the script’s', () => {
    const { listing, netstat } = run('fin_wait_1.pkt');
    expect(listing.map((row) => [row.local, row.foreign, row.fd])).toEqual([
      ['192.168.0.1:8080', '0.0.0.0:*', 3],
      ['192.168.0.1:8080', '192.0.2.1:40000', null],
    ]);
    expect(netstat).toContain('tcp        0      1 192.168.0.1:8080        192.0.2.1:40000         FIN_WAIT1');
  });

  test('syn_sent.pkt: the client socket is on an ephemeral port, connecting to port 8080', () => {
    expect(run('syn_sent.pkt').listing.map((row) => [row.local, row.foreign, row.fd])).toEqual([
      ['192.168.0.1:32768', '192.0.2.1:8080', 3],
    ]);
  });

  test('the 2 MSL waits and the 127 s of SYN retries cost no wall-clock time: virtual time has passed', () => {
    expect(run('time_wait_expiry.pkt').endTimeUsecs).toBe(61_400_000);
    expect(run('syn_retransmit.pkt').endTimeUsecs).toBe(127_100_000);
  });

  test('syn_retransmit.pkt: the SYN is resent at 1, 3, 7, 15, 31 and 63 s', () => {
    const syns = run('syn_retransmit.pkt').trace.filter((entry) => entry.direction === 'outbound');
    expect(syns.map((entry) => [entry.timeUsecs / 1e6, entry.text])).toEqual(
      [0, 1, 3, 7, 15, 31, 63].map((second) => [second, 'S 0:0(0) win 65535 <mss 1460>']),
    );
  });
});

/**
 * scripts/packetdrillGtests.ts, the table of google/packetdrill's own suite,
 * on small fixtures written here in the suite's style (the suite itself is
 * read from a packetdrill checkout at run time, never kept in this
 * repository). Constructs the parser is not planned to learn (issue 12) stand
 * for missing features, so that these tests hold as the parser grows.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  classifyParse,
  codeFeature,
  defaultsSysctls,
  failureGroup,
  likelyCause,
  playOnOurTcp,
  readSuite,
  renderTable,
  shellFeature,
  withoutDefaults,
  type Outcome,
} from '../../scripts/packetdrillGtests';

/** A passive open as the suite writes it (close/close-remote-fin-then-close.pkt's first lines). */
const LISTEN = [
  '    0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
  '   +0 bind(3, ..., ...) = 0',
  '   +0 listen(3, 1) = 0',
  '   +0 < S 0:0(0) win 32792 <mss 1000,nop,wscale 7>',
  '   +0 > S. 0:0(0) ack 1 <mss 1460,nop,wscale 8>',
  '   +0 < . 1:1(0) ack 1 win 257',
  '   +0 accept(3, ..., ...) = 4',
];

test('the call of common/defaults.sh goes and the lines after it keep their numbers', () => {
  const { text, usesDefaults } = withoutDefaults(
    ['// comment', '', '`../common/defaults.sh`', '', ...LISTEN].join('\n'),
  );
  expect(usesDefaults).toBe(true);
  expect(text.split('\n')[2]).toBe('');
  expect(text.split('\n')[4]).toBe(LISTEN[0]);
});

test('a multi-line setup command keeps what follows defaults.sh in it', () => {
  const { text } = withoutDefaults(
    '`../../common/defaults.sh\n../../common/set_sysctls.py /proc/sys/net/ipv4/tcp_timestamps=0`\n',
  );
  expect(text).toBe('`\n../../common/set_sysctls.py /proc/sys/net/ipv4/tcp_timestamps=0`\n');
});

test("defaults.sh's sysctl lines give the sysctls, quoted values and shell arithmetic included", () => {
  const defaults = [
    'ip tcp_metrics flush all > /dev/null 2>&1',
    'sysctl -q net.ipv4.tcp_rmem="4096 540000 $((15*1024*1024))"',
    'sysctl -q net.ipv4.tcp_early_retrans=4 net.ipv4.tcp_recovery=1',
    'sysctl -q net.ipv4.tcp_notsent_lowat=4294967295 > /dev/null 2>&1',
    'tc qdisc add dev tun0 root pfifo',
  ].join('\n');
  expect(defaultsSysctls(defaults)).toEqual({
    'net.ipv4.tcp_rmem': '4096 540000 15728640',
    'net.ipv4.tcp_early_retrans': '4',
    'net.ipv4.tcp_recovery': '1',
    'net.ipv4.tcp_notsent_lowat': '4294967295',
  });
});

test('a script the parser accepts is classified as parsed', () => {
  expect(classifyParse(LISTEN.join('\n'), 'listen.pkt').parsed).toBe(true);
});

test('every refused construct is listed, in order, the first one first', () => {
  const text = [
    ...LISTEN,
    '   +0 setsockopt(4, SOL_SOCKET, SO_ZEROCOPY, [1], 4) = 0',
    '   +0 splice(4, ..., 5, ..., 1000, 0) = 1000',
  ].join('\n');
  const outcome = classifyParse(text, 'zerocopy.pkt');
  expect(outcome).toMatchObject({ parsed: false, features: ['setsockopt(SO_ZEROCOPY)', 'syscall splice()'] });
  expect(outcome.parsed === false && outcome.firstError).toMatch(/^line 8: setsockopt: unsupported option SO_ZEROCOPY/);
});

test('an option the grammar does not know is named as a TCP option', () => {
  const text = [...LISTEN, '   +0 < . 1:1(0) ack 1 win 514 <md5 000102030405060708090a0b0c0d0e0f,nop,nop>'].join('\n');
  expect(classifyParse(text, 'md5.pkt')).toMatchObject({ parsed: false, features: ['TCP option md5'] });
});

test('a multi-line system call is taken out whole, so the next refusal is a real one', () => {
  const text = [
    ...LISTEN,
    '   +0 splice(4, ...,',
    '             5, ..., 1000, 0) = 1000',
    '   +0 pipe([5, 6]) = 0',
  ].join('\n');
  expect(classifyParse(text, 'splice.pkt')).toMatchObject({
    parsed: false,
    features: ['syscall splice()', 'syscall pipe()'],
  });
});

test('a shell command is charged to its first part the parser refuses, named by what it does', () => {
  expect(shellFeature('../../common/set_sysctls.py /proc/sys/net/ipv4/tcp_timestamps=0')).toBe(
    'sysctl (set_sysctls.py)',
  );
  expect(shellFeature('/tmp/sysctl_restore_${PPID}.sh')).toBe('sysctl restore (/tmp/sysctl_restore_${PPID}.sh)');
  expect(shellFeature('tc qdisc replace dev tun0 root fq')).toBe('shell: tc qdisc');
  expect(shellFeature('\nethtool -K tun0 tso off gso off\n')).toBe('shell: ethtool');
  expect(shellFeature('echo 3 > /sys/module/tcp_cubic/parameters/hystart_detect')).toBe(
    'shell: module parameter (/sys/module)',
  );
});

test('a %{ }% block of tcpi_ asserts is told from other Python', () => {
  expect(codeFeature('\nassert tcpi_snd_cwnd == 10, tcpi_snd_cwnd\nassert tcpi_unacked == 0\n')).toBe(
    '%{ assert tcpi_* }% (TCP_INFO)',
  );
  expect(codeFeature('print(tcpi_snd_cwnd)')).toBe('%{ }% Python (other than assert tcpi_*)');
});

test('failures group without their figures, and a line short of data is recognised', () => {
  const reason = 'line 19: outbound segment differs: flags: expected P., sent .; data length: expected 4000, sent 1000';
  expect(failureGroup(reason)).toBe(
    'outbound segment differs: flags: expected …, sent .; data length: expected …, sent N',
  );
  expect(likelyCause(reason)).toMatch(/^less data by the line's time than it expects/);
  expect(likelyCause('line 20: read returned -1 EAGAIN, expected 0')).toBe('');
});

test('a script that parses plays on our TCP too: pass, or the line it stops at and why', () => {
  const parsed = classifyParse(LISTEN.join('\n'), 'close/a.pkt');
  if (!parsed.parsed) throw new Error(parsed.firstError);
  // The suite's SYN-ACK carries window scaling, which our TCP does not negotiate (RFC 7323).
  expect(playOnOurTcp(parsed.script)).toBe(
    'line 5: outbound segment differs: options: expected <mss 1460,wscale 8>, sent <mss 1460>',
  );
});

describe('the table', () => {
  const outcomes: Outcome[] = [
    { path: 'close/a.pkt', verdict: 'pass', ms: 2000, ourTcp: 'line 5: outbound segment differs' },
    { path: 'close/b.pkt', verdict: 'fail', reason: 'line 3: read returned -1 EAGAIN, expected 0' },
    { path: 'close/c.pkt', verdict: 'timeout', reason: 'still running after 60 s' },
    {
      path: 'zerocopy/d.pkt',
      verdict: 'refused',
      features: ['setsockopt(SO_ZEROCOPY)'],
      reason: 'line 4: setsockopt: unsupported option SO_ZEROCOPY',
    },
    {
      path: 'zerocopy/e.pkt',
      verdict: 'refused',
      features: ['syscall splice()', 'setsockopt(SO_ZEROCOPY)'],
      reason: 'line 9: unsupported system call',
    },
  ];
  const table = renderTable(outcomes, {
    command: 'npm run gtests -- --write',
    commit: 'abc123',
    date: '2026-12-04',
    sysctls: { 'net.ipv4.tcp_sack': '1' },
    unsetSysctls: {},
  });

  test('counts each folder: scripts, parse, pass, fail, timeout, not played, refused', () => {
    expect(table).toContain('| close/ | 3 | 3 | 1 | 1 | 1 | 0 | 0 |');
    expect(table).toContain('| zerocopy/ | 2 | 0 | 0 | 0 | 0 | 0 | 2 |');
    expect(table).toContain('| **all** | 5 | 3 | 1 | 1 | 1 | 0 | 2 |');
  });

  test('ranks the missing features: first refusal, use anywhere, sole refusal', () => {
    expect(table).toContain('| setsockopt(SO_ZEROCOPY) | 1 | 2 | 1 | zerocopy |');
    expect(table).toContain('| syscall splice() | 1 | 1 | 0 | zerocopy |');
  });

  test('lists the connection-management folders script by script, and names the commit and the command', () => {
    expect(table).toContain('| close/b.pkt | fail | line 3: read returned -1 EAGAIN, expected 0 |');
    expect(table).toContain('| close/a.pkt | pass | 2.0 s | line 5: outbound segment differs |');
    expect(table).not.toContain('| zerocopy/d.pkt |');
    expect(table).toContain('commit `abc123`');
    expect(table).toContain('npm run gtests -- --write');
  });
});

test('a checkout is read from gtests/net/tcp, with defaults.sh beside it', () => {
  const root = mkdtempSync(join(tmpdir(), 'gtests-'));
  try {
    mkdirSync(join(root, 'gtests/net/tcp/close'), { recursive: true });
    mkdirSync(join(root, 'gtests/net/common'), { recursive: true });
    writeFileSync(join(root, 'gtests/net/tcp/close/a.pkt'), LISTEN.join('\n'));
    writeFileSync(join(root, 'gtests/net/tcp/close/notes.txt'), 'not a script');
    writeFileSync(join(root, 'gtests/net/common/defaults.sh'), 'sysctl -q net.ipv4.tcp_sack=1\n');
    const suite = readSuite(root);
    expect(suite.files.map((file) => file.path)).toEqual(['close/a.pkt']);
    expect(suite.defaults).toContain('tcp_sack');
    expect(suite.commit).toMatch(/^unknown/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

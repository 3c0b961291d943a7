/**
 * The Linux adapter's pure parts, without a kernel: reading /proc/net/tcp,
 * Linux's retry time and the sysctls derived from the profile, the FIN on a
 * data segment, the errno → RFC error mapping.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { addonUnusableReason } from '../../src/nativeAddon';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { LINUX_PROFILES } from '../../src/linux/profile';
import { parseProcNetTcp } from '../../src/linux/procNetTcp';
import { linuxModelTimeout, linuxRetries2, linuxSysctls } from '../../src/linux/sysctls';
import { rfcReasonOf } from '../../src/linux/linuxSut';
import { splitFin } from '../../src/mbt/scriptedPeer';
import { segment } from '../../src/wire/segment';
import type * as AddonModule from '../../src/linux/addon';
import type * as LwipAddonModule from '../../src/lwip/addon';

const PROC_NET_TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100630A:1F90 0200630A:9C40 02 00000001:00000000 01:00000063 00000000     0        0 99528 2 0 100 0 0 10 -1
10000: 0100630A:2710 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
`;

test('/proc/net/tcp: addresses in host byte order, ports and states in hex, sl wider than four digits', () => {
  expect(parseProcNetTcp(PROC_NET_TCP)).toEqual([
    { localAddress: '10.99.0.1', localPort: 8080, remoteAddress: '10.99.0.2', remotePort: 40000, state: 'SYN_SENT' },
    { localAddress: '10.99.0.1', localPort: 10000, remoteAddress: '0.0.0.0', remotePort: 0, state: 'LISTEN' },
  ]);
});

test('tcp_model_timeout: doubling from 200 ms, then linear at the maximum RTO', () => {
  expect(linuxModelTimeout(5, 200, 8000)).toBe(12_600);
  expect(linuxModelTimeout(15, 200, 120_000)).toBe(924_600); // tcp_retries2 = 15: the documented 924.6 s
});

test('the Linux profile gives tcp_retries2 = 5, and the timers and switches the model assumes', () => {
  const input = LINUX_PROFILES[0]!.input;
  expect(linuxRetries2(input)).toBe(5);
  expect(linuxSysctls(input)).toMatchObject({
    'net.ipv4.tcp_syn_retries': 2,
    'net.ipv4.tcp_synack_retries': 2,
    'net.ipv4.tcp_syn_linear_timeouts': 0,
    'net.ipv4.tcp_retries2': 5,
    'net.ipv4.tcp_rto_min_us': 1_000_000,
    'net.ipv4.tcp_rto_max_ms': 8000,
    'net.ipv4.tcp_rfc1337': 0,
    'net.ipv4.tcp_invalid_ratelimit': 0,
    'net.ipv4.tcp_early_retrans': 0,
  });
  expect(linuxSysctls(LINUX_PROFILES[1]!.input)['net.ipv4.tcp_rfc1337']).toBe(1);
});

test('a timer the kernel cannot have is refused: TIME-WAIT is 60 s on Linux', () => {
  expect(() => linuxSysctls({ ...LINUX_PROFILES[0]!.input, msl: 1000 })).toThrow(/60 s/);
});

test('a FIN on a data segment is judged as the data, then the FIN', () => {
  const both = segment({ seq: 100, flags: 'FP.', payload: new Uint8Array(10) });
  const [data, fin] = splitFin(both);
  expect(data).toMatchObject({ seq: 100, flags: { fin: false, psh: true } });
  expect(data!.payload.length).toBe(10);
  expect(fin).toMatchObject({ seq: 110, flags: { fin: true } });
  expect(fin!.payload.length).toBe(0);
});

test.each([
  ['EADDRINUSE', 'connection already exists'],
  ['EISCONN', 'connection already exists'],
  ['EPIPE', 'connection closing'],
  ['ENOTCONN', 'connection does not exist'],
  ['ECONNRESET', 'connection does not exist'],
])('%s is "%s"', (code, reason) => {
  expect(rfcReasonOf({ code })).toBe(reason);
});

test('the compiled addon loaders (dist/src/linux/addon.js, dist/src/lwip/addon.js) find native/ at the package root, not under dist/', () => {
  // Compiled as tsc compiles them, one folder deeper than the sources, as `npm run build` lays them out.
  const root = join(__dirname, '..', '..');
  const built = mkdtempSync(join(root, 'dist-addon-test-'));
  try {
    for (const source of ['nativeAddon.ts', 'linux/addon.ts', 'lwip/addon.ts']) {
      const file = join(built, 'src', source.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(
        file,
        ts.transpileModule(readFileSync(join(root, 'src', source), 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
        }).outputText,
      );
    }
    const { ADDON_PATH } = require(join(built, 'src', 'linux', 'addon.js')) as typeof AddonModule;
    expect(ADDON_PATH).toBe(join(root, 'native', 'build', 'Release', 'tun.node'));
    const { LWIP_ADDON_PATH } = require(join(built, 'src', 'lwip', 'addon.js')) as typeof LwipAddonModule;
    expect(LWIP_ADDON_PATH).toBe(join(root, 'native', 'build', 'Release', 'lwip.node'));
  } finally {
    rmSync(built, { recursive: true, force: true });
  }
});

test('an addon is unusable when not built, or when a source under native/ changed after it was built', () => {
  const dir = mkdtempSync(join(tmpdir(), 'addon-'));
  try {
    const addon = join(dir, 'build', 'tun.node');
    expect(addonUnusableReason(addon, 'the TUN addon', dir)).toBe(
      `the TUN addon is not built (${addon}): run npm run build:native`,
    );
    mkdirSync(join(dir, 'build'));
    writeFileSync(join(dir, 'socket.c'), '');
    writeFileSync(addon, '');
    utimesSync(join(dir, 'socket.c'), 1000, 1000);
    utimesSync(addon, 2000, 2000);
    expect(addonUnusableReason(addon, 'the TUN addon', dir)).toBeNull();
    utimesSync(join(dir, 'socket.c'), 3000, 3000);
    expect(addonUnusableReason(addon, 'the TUN addon', dir)).toBe(
      `the TUN addon (${addon}) is older than native/socket.c: run npm run build:native`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

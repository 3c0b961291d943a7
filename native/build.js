#!/usr/bin/env node
/**
 * Builds native/tun.node, and native/lwip.node where Debian's liblwip-dev is
 * installed (binding.gyp adds that target only then), with node-gyp, offline: the headers are the ones
 * installed with Node itself (<prefix>/include/node), so node-gyp downloads
 * nothing. node-gyp is the copy bundled with npm (npm puts its path in
 * npm_config_node_gyp for scripts); outside npm, the one beside npm.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

if (process.platform !== 'linux') {
  console.log('native/build.js: not Linux, the TUN addon is not built');
  process.exit(0);
}
// The lwIP addon (src/lwip) needs lwIP's headers and library: Debian's liblwip-dev and liblwip0.
const LWIP_HEADER = '/usr/include/lwip/lwip/tcp.h';
if (!existsSync(LWIP_HEADER)) {
  console.log(
    `native/build.js: liblwip-dev is not installed (${LWIP_HEADER}): the lwIP addon is not built, its tests skip`,
  );
}
const nodeGyp =
  process.env.npm_config_node_gyp ||
  path.join(
    path.dirname(process.execPath),
    '..',
    'lib',
    'node_modules',
    'npm',
    'node_modules',
    'node-gyp',
    'bin',
    'node-gyp.js',
  );
const nodeDir = path.resolve(process.execPath, '..', '..');
const args = [nodeGyp, 'rebuild', `--directory=${__dirname}`, '--loglevel=warn'];
if (existsSync(path.join(nodeDir, 'include', 'node', 'common.gypi'))) args.push(`--nodedir=${nodeDir}`);
try {
  execFileSync(process.execPath, args, { stdio: 'inherit' });
} catch {
  // The Linux and lwIP tests then skip, saying the addon is not built; nothing else needs them.
  console.log('native/build.js: the addons did not build (node-gyp and a C compiler are needed)');
}

/**
 * The seed article author's own packetdrill scripts, from his repository
 * arthur-zhang/tcp_ebook (commit f135708, 2019-10-12), read where a copy of that
 * repository's git directory is on this machine: `TCP_EBOOK_GIT`, or the
 * workplace's mirror. They are not kept in this repository (the repository
 * declares no license), so where no copy is found the tests that play them
 * skip, saying why.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const COMMIT = 'f135708e1fe27df6ccc4ec1c1727e595805b104f';
const DEFAULT_GIT_DIR = '/work/.mirror/arthur-zhang+tcp_ebook/repo';

/** Each script's name, and its path in tcp_ebook. */
export const TCP_EBOOK_PATHS: Readonly<Record<string, string>> = {
  'syn_sent.pkt': 'tcp_state/syn_sent.pkt',
  'state_syn_rcvd.pkt': 'tcp_state/state_syn_rcvd.pkt',
  'state_fin_wait_1.pkt': 'tcp_state/state_fin_wait_1.pkt',
  'state_fin_wait_2.pkt': 'tcp_state/state_fin_wait_2.pkt',
  'state_time_wait.pkt': 'tcp_state/state_time_wait.pkt',
  'state_close_wait.pkt': 'tcp_state/state_close_wait.pkt',
  'state_last_ack.pkt': 'tcp_state/state_last_ack.pkt',
  'state-closing.pkt': 'tcp_connection_management/state-closing.pkt',
  'simultaneous-close.pkt': 'tcp_connection_management/simultaneous-close.pkt',
  'rst_out_of_window.pkt': 'tcp_rst/rst_out_of_window.pkt',
};

export type TcpEbookScripts = { readonly scripts: ReadonlyMap<string, string> } | { readonly unavailable: string };

/** The ten scripts' texts by name, or why they cannot be read here. */
export function loadTcpEbookScripts(): TcpEbookScripts {
  const gitDir = process.env.TCP_EBOOK_GIT ?? DEFAULT_GIT_DIR;
  if (!existsSync(gitDir)) return { unavailable: `no copy of arthur-zhang/tcp_ebook at ${gitDir} (set TCP_EBOOK_GIT)` };
  const scripts = new Map<string, string>();
  try {
    for (const [name, path] of Object.entries(TCP_EBOOK_PATHS)) {
      scripts.set(name, execFileSync('git', ['--git-dir', gitDir, 'show', `${COMMIT}:${path}`], { encoding: 'utf8' }));
    }
  } catch (error) {
    return {
      unavailable: `cannot read tcp_ebook's scripts from ${gitDir}: ${String((error as Error).message).split('\n')[0]}`,
    };
  }
  return { scripts };
}

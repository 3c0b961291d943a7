/**
 * The seam between the script runner and the TCP it plays against: the
 * socket calls a script's lines make and the wire its `<` and `>` lines
 * cross. Our TCP's sockets-layer `Host` is one such host; src/lwip's
 * `LwipScriptHost` (lwIP 2.1.3 through its raw API) is another. Everything
 * else (times, flows, the checks of each line) stays the runner's.
 */
import { Host, type HostOptions } from '../../sockets';

export type ScriptHost = Pick<
  Host,
  | 'socket'
  | 'setNonBlocking'
  | 'isNonBlocking'
  | 'setReuseAddress'
  | 'bind'
  | 'listen'
  | 'accept'
  | 'connect'
  | 'connectResult'
  | 'write'
  | 'read'
  | 'readableBytes'
  | 'shutdown'
  | 'close'
  | 'takeSocketError'
  | 'localAddress'
  | 'stateOf'
  | 'allSockets'
  | 'setTcpOptions'
  | 'setSocketTcpOptions'
  | 'socketTcpOptions'
  | 'receive'
>;

/** Makes the host of one run: its address, the run's virtual clock, its TCP settings and where its datagrams go. */
export type ScriptHostFactory = (options: HostOptions) => ScriptHost;

/** Our TCP: the default. */
export const ourTcpHost: ScriptHostFactory = (options) => new Host(options);

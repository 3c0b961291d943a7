/**
 * The model inputs the path suites run with. `maxRetries: 2` keeps the graph
 * small (the retry limit is reached all the same); the RFC 1337 profile is
 * the only way to reach TIME-WAIT's "ignore the RST" branch.
 */
import type { TcpInput } from '../../machines/tcp.machine';

export interface ModelProfile {
  readonly name: string;
  readonly input: TcpInput;
}

export const TEST_PROFILES: readonly ModelProfile[] = [
  { name: 'rfc9293', input: { maxRetries: 2 } },
  { name: 'rfc1337', input: { maxRetries: 2, rfc1337: true } },
];

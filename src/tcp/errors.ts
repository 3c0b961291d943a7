/**
 * The errors a user call can return (RFC 9293 §3.10.1–§3.10.6), in the RFC's
 * words. The model names the ones it checks (`UserCallError`); the others are
 * the RFC's too, for cases the model does not separate.
 */
import type { UserCallError } from '../../machines/tcp.machine';

export type TcpErrorReason =
  | UserCallError
  | 'foreign socket unspecified'
  | 'insufficient resources'
  | 'connection reset'
  | 'connection refused'
  | 'connection aborted due to user timeout';

/** A user call the RFC refuses, or the signal that a connection was lost. */
export class TcpUserError extends Error {
  override readonly name = 'TcpUserError';
  constructor(readonly reason: TcpErrorReason) {
    super(`error: ${reason}`);
  }
}

/** Misuse of the API that no RFC text covers (a bad option, a re-entrant call). */
export class TcpUsageError extends Error {
  override readonly name = 'TcpUsageError';
}

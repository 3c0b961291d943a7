/**
 * How the connection's errors read where a user meets them: a refused call
 * (RFC 9293 §3.10: "error: connection does not exist", ...) is a
 * TcpUserError, a misuse no RFC text covers a TcpUsageError. The name is what
 * tells the two apart in a log: `String(error)` and the stack's first line,
 * which Node prints for an uncaught error, start with it.
 */
import { TcpUsageError, TcpUserError } from '../../src/tcp/errors';
import { bytes, connectionIn, Fixture } from './fixtures';

/** What `call` throws; fails the test if it returns. */
function thrownBy(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error('did not throw');
}

describe('errors thrown through TcpConnection', () => {
  test.each([
    [
      'CLOSED + send() (RFC 9293 §3.10.2)',
      'TcpUserError: error: connection does not exist',
      () => connectionIn('CLOSED').connection.send(bytes('x')),
      TcpUserError,
    ],
    [
      'LISTEN without a foreign port + connect() (RFC 9293 §3.10.1)',
      'TcpUserError: error: foreign socket unspecified',
      () => connectionIn('LISTEN', { remotePort: undefined }).connection.connect(),
      TcpUserError,
    ],
    [
      'ESTABLISHED + read(-1)',
      'TcpUsageError: read: max must be a whole number of bytes, 0 or more (or Infinity), got -1',
      () => connectionIn('ESTABLISHED').connection.read(-1),
      TcpUsageError,
    ],
    [
      'a window of 0 for the constructor',
      'TcpUsageError: window must be an integer from 1 to 65535, got 0',
      () => new Fixture({ window: 0 }),
      TcpUsageError,
    ],
  ])('%s -> "%s"', (_scenario, printed, call, errorClass) => {
    const error = thrownBy(call);
    expect(error).toBeInstanceOf(errorClass);
    expect(error.name).toBe(errorClass.name);
    expect(String(error)).toBe(printed);
    expect(error.stack?.split('\n')[0]).toBe(printed);
  });
});

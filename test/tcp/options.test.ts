/**
 * TcpConnection takes the model's timer settings and nothing of a profile's
 * (issue 11): an option it would ignore is a compile error, not a silent no-op.
 */
import { VirtualClock } from '../../src/net/clock';
import { TcpConnection, type TcpConnectionOptions } from '../../src/tcp/connection';

const base = { clock: new VirtualClock(), localPort: 80, output: () => {} } satisfies TcpConnectionOptions;

test('the timer settings the connection follows are accepted', () => {
  const connection = new TcpConnection({
    ...base,
    rto: 500,
    minRto: 200,
    maxRto: 8000,
    fallbackRto: 3000,
    maxRetries: 2,
    msl: 1000,
    rfc1337: true,
  });
  expect(connection.options).toMatchObject({
    initialRto: 500,
    minRto: 200,
    maxRto: 8000,
    maxRetries: 2,
    msl: 1000,
    rfc1337: true,
  });
});

test('a profile guard is no option of the connection: passing one does not compile', () => {
  // @ts-expect-error listenOnly is the Linux profile's guard (machines/linux.ts), which TcpConnection does not implement
  const options: TcpConnectionOptions = { ...base, listenOnly: true };
  expect(options.localPort).toBe(80);
});

test("Linux's retry limit by time is the model's, not the connection's: passing it does not compile", () => {
  // @ts-expect-error retryTimeLimit belongs to the Linux profile's model input (src/linux/profile.ts)
  const options: TcpConnectionOptions = { ...base, retryTimeLimit: 1000 };
  expect(options.localPort).toBe(80);
});

/**
 * Says in one line why the Linux suites are skipped, before jest lists them
 * as skipped (the same check the test file makes).
 */
import { linuxUnavailableReason } from '../../src/linux/network';

export default function globalSetup(): void {
  const reason = linuxUnavailableReason();
  if (reason !== null) process.stdout.write(`\nLinux TCP suites skipped: ${reason}\n`);
}

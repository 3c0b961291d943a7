/**
 * The Linux runner's sockets are the kernel's own from the script's
 * `socket()` on (src/linux/kernelSocket.ts, native/socket.c): what a script
 * sets reaches the kernel, and what it reads comes back from the kernel.
 * Each script in a namespace of its own. Needs root and /dev/net/tun.
 */
import { parseScript } from '../../src/pkt';
import { runLinuxPacketdrill } from '../../src/linux/kernelSuites';
import type { LinuxScriptResult } from '../../src/linux/kernelScriptRun';
import { linuxUnavailableReason } from '../../src/linux/network';

const unavailable = linuxUnavailableReason();

/** A listener that has accepted one connection as descriptor 4 (the peer's window 50000, MSS 1000). */
const ACCEPTED = `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+.1 < S 0:0(0) win 50000 <mss 1000,nop,wscale 0>
+0 > S. 0:0(0) ack 1 <mss 1460,nop,wscale 8>
+.1 < . 1:1(0) ack 1 win 50000
+0 accept(3, ..., ...) = 4
`;

async function play(name: string, text: string): Promise<LinuxScriptResult> {
  const { results } = await runLinuxPacketdrill([{ name, script: parseScript(text, name) }]);
  const result = results[0];
  if (result === undefined) throw new Error(`${name} did not run`);
  return result;
}

if (unavailable !== null) {
  test.skip(`kernel sockets against Linux: skipped (${unavailable})`, () => {});
} else {
  test('SO_SNDBUF 21000 reaches the kernel: getsockopt reads 42000, doubled for its bookkeeping (socket(7))', async () => {
    const result = await play(
      'sndbuf.pkt',
      `${ACCEPTED}+0 setsockopt(4, SOL_SOCKET, SO_SNDBUF, [21000], 4) = 0
+0 getsockopt(4, SOL_SOCKET, SO_SNDBUF, [42000], [4]) = 0
`,
    );
    expect(result.failure).toBeUndefined();
  }, 30_000);

  test('ioctl(SIOCINQ) reads the octets queued in the kernel, SIOCOUTQ those not yet acknowledged', async () => {
    const result = await play(
      'ioctl.pkt',
      `${ACCEPTED}+0 ioctl(4, SIOCINQ, [0]) = 0
+0 < P. 1:1001(1000) ack 1 win 50000
+0 > . 1:1(0) ack 1001
+0 ioctl(4, SIOCINQ, [1000]) = 0
+0 write(4, ..., 500) = 500
+0 > P. 1:501(500) ack 1001
+0 ioctl(4, SIOCOUTQ, [500]) = 0
`,
    );
    expect(result.failure).toBeUndefined();
    const wrong = await play('ioctl_wrong.pkt', `${ACCEPTED}+0 ioctl(4, SIOCINQ, [7]) = 0\n`);
    expect(wrong.failure?.message).toMatch(/ioctl: the kernel gave 0, expected 7/);
  }, 30_000);

  test('a NULL buffer reaches the kernel as NULL: EFAULT once there is something to copy', async () => {
    // google/packetdrill's syscall_bad_arg/syscall-invalid-buf-ptr.pkt: the kernel's copy faults.
    const result = await play(
      'null_buffer.pkt',
      `${ACCEPTED}+0 write(4, NULL, 1000) = -1 EFAULT (Bad address)
+0 < P. 1:1001(1000) ack 1 win 50000
+0 > . 1:1(0) ack 1001
+0 read(4, NULL, 1000) = -1 EFAULT (Bad address)
`,
    );
    expect(result.failure).toBeUndefined();
  }, 30_000);

  test('SO_RCVBUF 10000 reaches the kernel: getsockopt reads 20000', async () => {
    const result = await play(
      'rcvbuf.pkt',
      `${ACCEPTED}+0 setsockopt(4, SOL_SOCKET, SO_RCVBUF, [10000], 4) = 0
+0 getsockopt(4, SOL_SOCKET, SO_RCVBUF, [20000], [4]) = 0
`,
    );
    expect(result.failure).toBeUndefined();
  }, 30_000);

  test('a blocking write larger than SO_SNDBUF returns when an ACK frees room for its last octets', async () => {
    // The kernel queues what the send buffer holds and sleeps (sk_stream_wait_memory); the ACK of 36000
    // octets at +.3 frees enough room, so the write returns then (google/packetdrill's blocking-write.pkt).
    const result = await play(
      'blocking_write.pkt',
      `${ACCEPTED}+0 setsockopt(4, SOL_SOCKET, SO_SNDBUF, [21000], 4) = 0
+0...0.300 write(4, ..., 61000) = 61000
+.1 < . 1:1(0) ack 10001 win 50000
+.1 < . 1:1(0) ack 30001 win 50000
+.1 < . 1:1(0) ack 36001 win 50000
`,
    );
    expect(result.failure).toBeUndefined();
  }, 30_000);

  test('a blocking write that the ACKs never make room for is still blocked when the ACKs stop', async () => {
    const result = await play(
      'blocked_write.pkt',
      `${ACCEPTED}+0 setsockopt(4, SOL_SOCKET, SO_SNDBUF, [21000], 4) = 0
+0...0.100 write(4, ..., 61000) = 61000
+.1 < . 1:1(0) ack 10001 win 50000
`,
    );
    // The runner waits 1.25 times the line's time and 2 s more (kernelScriptRun.ts), then says so.
    expect(result.failure?.message).toMatch(
      /^write was still blocked at \d+\.\d{3} s, expected to return at 0\.3\d\d s$/,
    );
  }, 30_000);

  test("fcntl(F_GETFL) reads the kernel's flags: O_RDWR on a new socket, O_RDWR|O_NONBLOCK after F_SETFL", async () => {
    const result = await play(
      'fcntl.pkt',
      `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 fcntl(3, F_GETFL) = 0x2 (flags O_RDWR)
+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
+0 fcntl(3, F_GETFL) = 0x802 (flags O_RDWR|O_NONBLOCK)
+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
+0 > S 0:0(0) <...>
`,
    );
    expect(result.failure).toBeUndefined();
  }, 30_000);

  test('socket(SOCK_NONBLOCK) makes a non-blocking socket: F_GETFL shows O_NONBLOCK, accept with nothing queued is EAGAIN', async () => {
    const result = await play(
      'sock_nonblock.pkt',
      `0 socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3
+0 fcntl(3, F_GETFL) = O_RDWR|O_NONBLOCK
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+0 accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)
`,
    );
    expect(result.failure).toBeUndefined();
  }, 30_000);

  test('F_SETFL back to O_RDWR makes a read block again: it returns when the data arrives', async () => {
    const result = await play(
      'blocking_again.pkt',
      `${ACCEPTED}+0 fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0
+0 read(4, ..., 1000) = -1 EAGAIN (Resource temporarily unavailable)
+0 fcntl(4, F_SETFL, O_RDWR) = 0
+0...0.100 read(4, ..., 1000) = 100
+.1 < P. 1:101(100) ack 1 win 50000
`,
    );
    expect(result.failure).toBeUndefined();
  }, 30_000);

  test('a read takes from the kernel\u2019s receive queue: what it leaves there is read by the next one', async () => {
    const result = await play(
      'partial_read.pkt',
      `${ACCEPTED}+0 < P. 1:1001(1000) ack 1 win 50000
+.05 read(4, ..., 600) = 600
+0 read(4, ..., 600) = 400
`,
    );
    expect(result.failure).toBeUndefined();
  }, 30_000);

  test('an untimed `sleep` after the last event holds the script there, as a timed one does: SYN_SENT', async () => {
    // run.c runs the command after the last event (run_cleanup_command); the blocked connect is not waited for.
    const result = await play(
      'untimed_sleep.pkt',
      `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 connect(3, ..., ...) = -1
+0 > S 0:0(0) <...>
\`sleep 1000000\`
`,
    );
    expect({ failure: result.failure, heldState: result.heldState }).toEqual({
      failure: undefined,
      heldState: 'SYN_SENT',
    });
    expect(result.ms).toBeLessThan(20_000);
  }, 30_000);
}

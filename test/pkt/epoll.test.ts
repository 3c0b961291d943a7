/**
 * epoll on our TCP (src/pkt/runner/epoll.ts over src/sockets/poll.ts):
 * level- and edge-triggered EPOLLIN and EPOLLOUT as Linux reports them, in
 * the scenarios of google/packetdrill's epoll/ folder, with our handshake.
 */
import { parseScript } from '../../src/pkt';
import { formatFailure, runScript } from '../../src/pkt/runner';
import { ACCEPTED } from './scriptFixtures';

function failures(text: string): string[] {
  return runScript(parseScript(text, 'test.pkt')).failures.map((failure) => formatFailure(failure, 'test.pkt'));
}

const EDGE_TRIGGERED = `${ACCEPTED}+0 fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0
+0 epoll_create(1) = 5
+0 epoll_ctl(5, EPOLL_CTL_ADD, 4, {events=EPOLLOUT|EPOLLIN|EPOLLET, fd=4}) = 0
+0 epoll_wait(5, {events=EPOLLOUT, fd=4}, 1, 0) = 1
+0 epoll_wait(5, {events=0, ptr=0}, 1, 0) = 0
`;

test('EPOLLET reports EPOLLIN for each arrival of data, drained or not (epoll_in_edge.pkt)', () => {
  const script = `${EDGE_TRIGGERED}+0 < P. 1:4001(4000) ack 1 win 65535
+0 epoll_wait(5, {events=EPOLLIN|EPOLLOUT, fd=4}, 1, 0) = 1
+0 epoll_wait(5, {events=0, ptr=0}, 1, 0) = 0
+0 read(4, ..., 1000) = 1000
+0 epoll_wait(5, {events=0, ptr=0}, 1, 0) = 0
+0 < P. 4001:6001(2000) ack 1 win 65535
+0 epoll_wait(5, {events=EPOLLIN|EPOLLOUT, fd=4}, 1, 0) = 1
`;
  expect(failures(script)).toEqual([]);
});

test('level-triggered EPOLLIN is reported at every wait while data is queued', () => {
  const script = `${ACCEPTED}+0 epoll_create(1) = 5
+0 epoll_ctl(5, EPOLL_CTL_ADD, 4, {events=EPOLLIN, fd=4}) = 0
+0 epoll_wait(5, {events=0, ptr=0}, 1, 0) = 0
+0 < P. 1:101(100) ack 1 win 65535
+0 epoll_wait(5, {events=EPOLLIN, fd=4}, 1, 0) = 1
+0 epoll_wait(5, {events=EPOLLIN, fd=4}, 1, 0) = 1
+0 read(4, ..., 100) = 100
+0 epoll_wait(5, {events=0, ptr=0}, 1, 0) = 0
`;
  expect(failures(script)).toEqual([]);
});

const SEND_BUFFER_3000 = EDGE_TRIGGERED.replace(
  '+0 listen',
  '+0 setsockopt(3, SOL_SOCKET, SO_SNDBUF, [3000], 4) = 0\n+0 listen',
);

test('EPOLLET reports EPOLLOUT after a full send buffer once ACKs free half of what is queued (epoll_out_edge.pkt)', () => {
  const script = `${SEND_BUFFER_3000}+0 write(4, ..., 5000) = 3000
+0 epoll_wait(5, {events=0, ptr=0}, 1, 0) = 0
+0 < . 1:1(0) ack 501 win 65535
+0 epoll_wait(5, {events=0, ptr=0}, 1, 0) = 0
+0 < . 1:1(0) ack 2001 win 65535
+0 epoll_wait(5, {events=EPOLLOUT, fd=4}, 1, 0) = 1
+0 epoll_wait(5, {events=0, ptr=0}, 1, 0) = 0
`;
  expect(failures(script)).toEqual([]);
});

test('TCP_NOTSENT_LOWAT holds EPOLLOUT back while twice the unsent bytes reach it', () => {
  const script = `${ACCEPTED.replaceAll('win 65535', 'win 1000')}+0 setsockopt(4, SOL_TCP, TCP_NOTSENT_LOWAT, [2000], 4) = 0
+0 getsockopt(4, SOL_TCP, TCP_NOTSENT_LOWAT, [2000], [4]) = 0
+0 epoll_create(1) = 5
+0 epoll_ctl(5, EPOLL_CTL_ADD, 4, {events=EPOLLOUT, fd=4}) = 0
+0 write(4, ..., 2000) = 2000
+0 > . 1:1001(1000) ack 1 <...>
+0 epoll_wait(5, {events=0, ptr=0}, 1, 0) = 0
+0 < . 1:1(0) ack 1001 win 1000
+0 > P. 1001:2001(1000) ack 1 <...>
+0 epoll_wait(5, {events=EPOLLOUT, fd=4}, 1, 0) = 1
`;
  expect(failures(script)).toEqual([]);
});

test('an epoll_wait that differs names both events', () => {
  const script = `${EDGE_TRIGGERED}+0 epoll_wait(5, {events=EPOLLIN, fd=4}, 1, 0) = 1
`;
  expect(failures(script)).toEqual([
    'test.pkt:13: epoll_wait: the event is {events=0, fd=0}, expected {events=EPOLLIN, fd=4} (script: "{events=EPOLLIN, fd=4}", host: "{events=0, fd=0}")',
  ]);
});

test('EPOLL_CTL_ADD twice is EEXIST, EPOLL_CTL_DEL of a descriptor not added ENOENT', () => {
  const script = `${EDGE_TRIGGERED}+0 epoll_ctl(5, EPOLL_CTL_ADD, 4, {events=EPOLLIN, fd=4}) = -1 EEXIST
+0 epoll_ctl(5, EPOLL_CTL_DEL, 3, {events=0, fd=3}) = -1 ENOENT
+0 close(5) = 0
`;
  expect(failures(script)).toEqual([]);
});

test('an epoll_wait that would block is refused at parse time: the runner plays a timeout of 0', () => {
  expect(() => parseScript(`${EDGE_TRIGGERED}+0 epoll_wait(5, {events=0, ptr=0}, 1, -1) = 0\n`)).toThrow(
    /epoll_wait: timeout must be 0 \(the runner plays epoll_wait that returns at once\), not -1/,
  );
});

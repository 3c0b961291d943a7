/**
 * The netstat-style listing: the State column comes from the machine's
 * `meta.netstat`, and Recv-Q/Send-Q are what Linux shows, as the seed
 * article's outputs show them.
 */
import { tcpMachine, TCP_STATES } from '../../machines/tcp.machine';
import { formatListing, netstatName, socketListing, type ListingRow } from '../../src/sockets';
import {
  bytes,
  closeWait,
  established,
  hostFixture,
  listening,
  LOCAL_ISS,
  REMOTE_ISS,
  synReceived,
  synSent,
} from './fixtures';

const connectionRow = (host: Parameters<typeof socketListing>[0]): Pick<ListingRow, 'state' | 'recvQ' | 'sendQ'> => {
  const row = socketListing(host).find((r) => r.tcpState !== 'LISTEN')!;
  return { state: row.state, recvQ: row.recvQ, sendQ: row.sendQ };
};

describe('state names', () => {
  test.each(TCP_STATES)('%s is named as the machine says in meta.netstat', (state) => {
    expect(netstatName(state)).toBe((tcpMachine.getStateNodeById(state).meta as { netstat: string | null }).netstat);
  });

  test("the names are netstat's", () => {
    expect(TCP_STATES.map(netstatName)).toEqual([
      null,
      'LISTEN',
      'SYN_SENT',
      'SYN_RECV',
      'ESTABLISHED',
      'FIN_WAIT1',
      'FIN_WAIT2',
      'CLOSE_WAIT',
      'CLOSING',
      'LAST_ACK',
      'TIME_WAIT',
    ]);
  });
});

describe('the layout', () => {
  test("netstat -tan's columns: a header, then one row per socket", () => {
    const { host, deliver } = listening();
    deliver({ flags: 'S', seq: REMOTE_ISS });
    expect(formatListing(socketListing(host))).toBe(
      [
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State',
        'tcp        0      0 192.168.0.1:8080        0.0.0.0:*               LISTEN',
        'tcp        0      0 192.168.0.1:8080        192.0.2.1:40000         SYN_RECV',
        '',
      ].join('\n'),
    );
  });

  test('a socket without a connection (CLOSED) is not listed, as netstat lists none', () => {
    const { host } = hostFixture();
    host.bind(host.socket(), 9000);
    expect(socketListing(host)).toEqual([]);
  });

  test('listeners come first, then connections, each with its descriptor or none', () => {
    const { host } = established();
    expect(socketListing(host).map((row) => [row.state, row.fd, row.local, row.foreign])).toEqual([
      ['LISTEN', 3, '192.168.0.1:8080', '0.0.0.0:*'],
      ['ESTABLISHED', 4, '192.168.0.1:8080', '192.0.2.1:40000'],
    ]);
  });
});

describe("Recv-Q and Send-Q, as the article's netstat shows them", () => {
  test('SYN_SENT 0 1: the SYN is unacknowledged', () => {
    expect(connectionRow(synSent().host)).toEqual({ state: 'SYN_SENT', recvQ: 0, sendQ: 1 });
  });

  test('SYN_RECV 0 0: a request socket holds no queues in Linux', () => {
    expect(connectionRow(synReceived().host)).toEqual({ state: 'SYN_RECV', recvQ: 0, sendQ: 0 });
  });

  test('FIN_WAIT1 0 1: our FIN is unacknowledged', () => {
    const { host, fd } = established();
    host.close(fd);
    expect(connectionRow(host)).toEqual({ state: 'FIN_WAIT1', recvQ: 0, sendQ: 1 });
  });

  test('FIN_WAIT2 0 0: our FIN is acknowledged', () => {
    const { host, fd, deliver } = established();
    host.close(fd);
    deliver({ flags: '.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 2 });
    expect(connectionRow(host)).toEqual({ state: 'FIN_WAIT2', recvQ: 0, sendQ: 0 });
  });

  test("CLOSE_WAIT 1 0: Linux counts the peer's FIN until a read returns end of file", () => {
    const { host, fd } = closeWait();
    expect(connectionRow(host)).toEqual({ state: 'CLOSE_WAIT', recvQ: 1, sendQ: 0 });
    host.read(fd);
    expect(connectionRow(host)).toEqual({ state: 'CLOSE_WAIT', recvQ: 0, sendQ: 0 });
  });

  test("LAST_ACK 1 1: the peer's FIN unread, ours unacknowledged", () => {
    const { host, fd } = closeWait();
    host.close(fd);
    expect(connectionRow(host)).toEqual({ state: 'LAST_ACK', recvQ: 1, sendQ: 1 });
  });

  test('CLOSING 1 1: the FINs crossed', () => {
    const { host, fd, deliver } = established();
    host.close(fd);
    deliver({ flags: 'F.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1 });
    expect(connectionRow(host)).toEqual({ state: 'CLOSING', recvQ: 1, sendQ: 1 });
  });

  test('TIME_WAIT 0 0: a time-wait socket holds no queues in Linux', () => {
    const { host, fd, deliver } = established();
    host.close(fd);
    deliver({ flags: 'F.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 2 });
    expect(socketListing(host).find((r) => r.state === 'TIME_WAIT')).toMatchObject({ recvQ: 0, sendQ: 0, fd: null });
  });

  test('ESTABLISHED: unread bytes in Recv-Q, unacknowledged bytes in Send-Q', () => {
    const { host, fd, deliver } = established();
    deliver({ flags: 'P.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1, payload: 'twelve bytes' });
    host.write(fd, bytes('seven b'));
    expect(connectionRow(host)).toEqual({ state: 'ESTABLISHED', recvQ: 12, sendQ: 7 });
    deliver({ flags: '.', seq: REMOTE_ISS + 13, ack: LOCAL_ISS + 8 });
    host.read(fd, 5);
    expect(connectionRow(host)).toEqual({ state: 'ESTABLISHED', recvQ: 7, sendQ: 0 });
  });

  test('LISTEN: Recv-Q is the accept queue, Send-Q 0', () => {
    const { host, deliver } = synReceived();
    deliver({ flags: '.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1 });
    expect(socketListing(host)[0]).toMatchObject({ state: 'LISTEN', recvQ: 1, sendQ: 0 });
  });
});

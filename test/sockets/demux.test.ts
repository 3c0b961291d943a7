/**
 * The demultiplexer (RFC 9293 §3.3.1: a connection is named by its pair of
 * sockets) and the resets for segments no socket wants (RFC 9293
 * §3.10.7.1, §3.10.7.2).
 */
import { formatListing, socketListing } from '../../src/sockets';
import {
  CLIENT_PORT,
  established,
  hostFixture,
  listening,
  LOCAL,
  LOCAL_ISS,
  OTHER_REMOTE,
  REMOTE,
  REMOTE_ISS,
  SERVER_PORT,
  summary,
  synReceived,
} from './fixtures';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('demultiplexing by the four addresses', () => {
  test('data for an established connection goes to it, not to the listener on the same port', () => {
    const { host, deliver, sent, fd, clock } = established();
    sent();
    deliver({ flags: 'P.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1, payload: 'hello' });
    expect(text(host.read(fd))).toBe('hello');
    clock.advance(40); // the delayed ACK (RFC 9293 §3.8.6.3, the model's default ackDelay)
    expect(sent().map((d) => summary(d.segment))).toEqual([
      { flags: '.', seq: LOCAL_ISS + 1, ack: REMOTE_ISS + 6, length: 0 },
    ]);
  });

  test('two connections to one listener that differ only in the remote port are kept apart', () => {
    const fixture = established();
    const { host, deliver, sent, listener } = fixture;
    deliver({ flags: 'S', seq: 9000, srcPort: CLIENT_PORT + 1 });
    deliver({ flags: '.', seq: 9001, ack: LOCAL_ISS + 1, srcPort: CLIENT_PORT + 1 });
    const second = host.accept(listener);
    sent();
    deliver({ flags: 'P.', seq: 9001, ack: LOCAL_ISS + 1, srcPort: CLIENT_PORT + 1, payload: 'second' });
    deliver({ flags: 'P.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1, payload: 'first' });
    expect([text(host.read(fixture.fd)), text(host.read(second))]).toEqual(['first', 'second']);
  });

  test('two connections that differ only in the remote address are kept apart', () => {
    const fixture = established();
    const { host, deliver, listener } = fixture;
    deliver({ flags: 'S', seq: 9000, from: OTHER_REMOTE });
    deliver({ flags: '.', seq: 9001, ack: LOCAL_ISS + 1, from: OTHER_REMOTE });
    const other = host.accept(listener);
    deliver({ flags: 'P.', seq: 9001, ack: LOCAL_ISS + 1, from: OTHER_REMOTE, payload: 'other' });
    expect(host.remoteAddress(other)).toEqual({ address: OTHER_REMOTE, port: CLIENT_PORT });
    expect(text(host.read(other))).toBe('other');
    expect(() => host.read(fixture.fd)).toThrow(expect.objectContaining({ errno: 'EAGAIN' }));
  });

  test('a datagram for another address is dropped: a host does not forward', () => {
    const { deliver, sent } = hostFixture();
    deliver({ flags: 'S', seq: REMOTE_ISS, to: '192.168.0.2' });
    expect(sent()).toEqual([]);
  });

  test('the replies of a connection carry its addresses and ports', () => {
    const { deliver, sent } = listening();
    deliver({ flags: 'S', seq: REMOTE_ISS });
    const [reply] = sent();
    expect(reply).toMatchObject({ src: LOCAL, dst: REMOTE, segment: { srcPort: SERVER_PORT, dstPort: CLIENT_PORT } });
  });
});

describe('resets for segments no socket wants', () => {
  test('a SYN to a port with no socket: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> (§3.10.7.1)', () => {
    const { deliver, sent } = hostFixture();
    deliver({ flags: 'S', seq: REMOTE_ISS });
    const [reset] = sent();
    expect(reset).toMatchObject({ src: LOCAL, dst: REMOTE, segment: { srcPort: SERVER_PORT, dstPort: CLIENT_PORT } });
    expect(summary(reset!.segment)).toEqual({ flags: 'R.', seq: 0, ack: REMOTE_ISS + 1, length: 0 });
  });

  test('an ACK to a port with no socket: <SEQ=SEG.ACK><CTL=RST> (§3.10.7.1)', () => {
    const { deliver, sent } = hostFixture();
    deliver({ flags: '.', seq: REMOTE_ISS, ack: 777 });
    expect(sent().map((d) => summary(d.segment))).toEqual([{ flags: 'R', seq: 777, ack: 0, length: 0 }]);
  });

  test('data with a FIN to a port with no socket: the RST acknowledges all of it', () => {
    const { deliver, sent } = hostFixture();
    deliver({ flags: 'FP', seq: REMOTE_ISS, payload: 'abc' });
    expect(sent().map((d) => summary(d.segment))).toEqual([{ flags: 'R.', seq: 0, ack: REMOTE_ISS + 4, length: 0 }]);
  });

  test('a RST to a port with no socket gets no answer (§3.10.7.1)', () => {
    const { deliver, sent } = hostFixture();
    deliver({ flags: 'R', seq: REMOTE_ISS });
    expect(sent()).toEqual([]);
  });

  test('an ACK to a listener is answered with a RST (§3.10.7.2, second check)', () => {
    const { deliver, sent, host } = listening();
    deliver({ flags: '.', seq: REMOTE_ISS, ack: 4242 });
    expect(sent().map((d) => summary(d.segment))).toEqual([{ flags: 'R', seq: 4242, ack: 0, length: 0 }]);
    expect(socketListing(host).map((row) => row.state)).toEqual(['LISTEN']);
  });

  test('a RST to a listener is ignored (§3.10.7.2, first check)', () => {
    const { deliver, sent } = listening();
    deliver({ flags: 'R', seq: REMOTE_ISS });
    expect(sent()).toEqual([]);
  });

  test('a segment with neither SYN, ACK nor RST to a listener is dropped (§3.10.7.2, fourth)', () => {
    const { deliver, sent } = listening();
    deliver({ flags: 'F', seq: REMOTE_ISS });
    expect(sent()).toEqual([]);
  });

  test('a listener bound to one port does not answer for another port', () => {
    const { deliver, sent } = listening();
    deliver({ flags: 'S', seq: REMOTE_ISS, dstPort: SERVER_PORT + 1 });
    expect(sent().map((d) => summary(d.segment))).toEqual([{ flags: 'R.', seq: 0, ack: REMOTE_ISS + 1, length: 0 }]);
  });

  test('a listener bound to 0.0.0.0 answers on the host address', () => {
    const { host, deliver, sent } = hostFixture();
    const fd = host.socket();
    host.bind(fd, SERVER_PORT);
    host.listen(fd, 1);
    deliver({ flags: 'S', seq: REMOTE_ISS });
    expect(sent().map((d) => summary(d.segment))).toEqual([
      { flags: 'S.', seq: LOCAL_ISS, ack: REMOTE_ISS + 1, length: 0 },
    ]);
    expect(formatListing(socketListing(host))).toContain('0.0.0.0:8080');
  });

  test('once TIME-WAIT has lasted 2 MSL the connection is gone and its segments are reset', () => {
    const { host, deliver, sent, clock, fd, listener } = established({ msl: 1000 });
    host.close(listener);
    host.close(fd);
    deliver({ flags: 'F.', seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 2 });
    expect(socketListing(host).map((row) => [row.state, row.fd])).toEqual([['TIME_WAIT', null]]);
    clock.advance(2000);
    expect(socketListing(host)).toEqual([]);
    sent();
    deliver({ flags: '.', seq: REMOTE_ISS + 2, ack: LOCAL_ISS + 2 });
    expect(sent().map((d) => summary(d.segment))).toEqual([{ flags: 'R', seq: LOCAL_ISS + 2, ack: 0, length: 0 }]);
  });

  test('a half-open connection is found before the listener: a retransmitted SYN is answered by the connection', () => {
    const { deliver, sent, host } = synReceived();
    deliver({ flags: 'S', seq: REMOTE_ISS });
    // RFC 9293 §3.10.7.4 (first): the old SYN is not acceptable; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
    expect(sent().map((d) => summary(d.segment))).toEqual([
      { flags: '.', seq: LOCAL_ISS + 1, ack: REMOTE_ISS + 1, length: 0 },
    ]);
    expect(socketListing(host).map((row) => row.state)).toEqual(['LISTEN', 'SYN_RECV']);
  });
});

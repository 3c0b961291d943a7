/**
 * The loss window (RFC 5681 §3.1, required by RFC 9293 §3.8.2): after a
 * retransmission timeout the congestion window is one segment, and the
 * segment the timeout resent fills it, so new data, and a FIN behind it,
 * waits until an ACK advances SND.UNA. One scenario per test, exact segments.
 */
import { bytes, connectionIn, LOCAL_SEQ, REMOTE_SEQ } from './fixtures';

const ACK = REMOTE_SEQ + 1;
const FIRST = { flags: 'P.', seq: LOCAL_SEQ + 1, ack: ACK, payload: 'abc' } as const;

/** ESTABLISHED with `abc` sent and resent by one timeout (1 s), nothing left in `sent`. */
function afterTimeout(options: Parameters<typeof connectionIn>[1] = {}) {
  const f = connectionIn('ESTABLISHED', options);
  f.connection.send(bytes('abc'));
  f.nextTimer();
  f.expectSent([FIRST, FIRST]);
  return f;
}

test('ESTABLISHED after a timeout + send() -> nothing sent: the data waits for the ACK of the retransmission', () => {
  const f = afterTimeout();
  f.connection.send(bytes('def'));
  f.expectSent([]);
  expect(f.connection.variables.sndNxt).toBe(LOCAL_SEQ + 4);
});

test('ESTABLISHED, data queued behind the loss window + ACK of the retransmission -> the queued data leaves', () => {
  const f = afterTimeout();
  f.connection.send(bytes('def'));
  f.recv({ flags: '.', seq: ACK, ack: LOCAL_SEQ + 4 });
  f.expectSent([{ flags: 'P.', seq: LOCAL_SEQ + 4, ack: ACK, payload: 'def' }]);
});

test('ESTABLISHED, two sends queued behind the loss window + ACK -> they leave together as one segment', () => {
  const f = afterTimeout();
  f.connection.send(bytes('def'));
  f.connection.send(bytes('ghi'));
  f.recv({ flags: '.', seq: ACK, ack: LOCAL_SEQ + 4 });
  f.expectSent([{ flags: 'P.', seq: LOCAL_SEQ + 4, ack: ACK, payload: 'defghi' }]);
});

test('ESTABLISHED, data queued behind the loss window + another timeout -> only the earliest segment is resent, PSH as first sent', () => {
  const f = afterTimeout();
  f.connection.send(bytes('def'));
  expect(f.nextTimer()).toBe(3000);
  f.expectSent([FIRST]);
});

test('ESTABLISHED, data queued behind the loss window + close() -> FIN-WAIT-1, nothing sent; the ACK sends the data, then the FIN', () => {
  const f = afterTimeout();
  f.connection.send(bytes('def'));
  f.connection.close();
  expect(f.state).toBe('FIN_WAIT_1');
  f.expectSent([]);
  f.recv({ flags: '.', seq: ACK, ack: LOCAL_SEQ + 4 });
  f.expectSent([
    { flags: 'P.', seq: LOCAL_SEQ + 4, ack: ACK, payload: 'def' },
    { flags: 'F.', seq: LOCAL_SEQ + 7, ack: ACK },
  ]);
});

test('ESTABLISHED after a timeout, nothing queued + close() -> the FIN leaves at once (the loss window limits data, a FIN carries none)', () => {
  const f = afterTimeout();
  f.connection.close();
  expect(f.state).toBe('FIN_WAIT_1');
  f.expectSent([{ flags: 'F.', seq: LOCAL_SEQ + 4, ack: ACK }]);
});

test('ESTABLISHED, two segments resent as one by the timeout + partial ACK -> the loss window is over: the queued data leaves', () => {
  const f = connectionIn('ESTABLISHED');
  f.connection.send(bytes('abc'));
  f.connection.send(bytes('def'));
  f.nextTimer();
  f.clearSent();
  f.connection.send(bytes('ghi'));
  f.expectSent([]);
  f.recv({ flags: '.', seq: ACK, ack: LOCAL_SEQ + 4 });
  f.expectSent([{ flags: 'P.', seq: LOCAL_SEQ + 7, ack: ACK, payload: 'ghi' }]);
});

test('ESTABLISHED, data queued behind the loss window + ACK of everything with a zero window -> nothing sent; the persist timer starts', () => {
  const f = afterTimeout();
  f.connection.send(bytes('def'));
  f.recv({ flags: '.', seq: ACK, ack: LOCAL_SEQ + 4, window: 0 });
  f.expectSent([]);
  expect(f.connection.variables.persistDeadline).not.toBeNull();
  expect(f.connection.variables.retransmitDeadline).toBeNull();
});

test('CLOSE-WAIT after a timeout + send() -> nothing sent until the ACK of the retransmission', () => {
  const f = connectionIn('CLOSE_WAIT');
  const first = { ...FIRST, ack: REMOTE_SEQ + 2 };
  f.connection.send(bytes('abc'));
  f.nextTimer();
  f.expectSent([first, first]);
  f.connection.send(bytes('def'));
  f.expectSent([]);
  f.recv({ flags: '.', seq: REMOTE_SEQ + 2, ack: LOCAL_SEQ + 4 });
  f.expectSent([{ flags: 'P.', seq: LOCAL_SEQ + 4, ack: REMOTE_SEQ + 2, payload: 'def' }]);
});

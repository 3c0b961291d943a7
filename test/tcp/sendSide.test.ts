/**
 * The send side's output pass (src/tcp/sendSide.ts): what leaves when data
 * is queued with nothing in flight, with data in flight, and into a zero
 * window — when the persist timer runs and when the retransmission timer
 * covers the data instead (RFC 9293 §3.8.6.1) — and the shape of the
 * segments handed to the output. One scenario per test, exact segments.
 */
import { bytes, connectionIn } from './fixtures';

test('ESTABLISHED + two send() calls with no ACK between -> both segments leave: no loss window without a timeout (RFC 5681 §3.1)', () => {
  const f = connectionIn('ESTABLISHED');
  f.connection.send(bytes('abc'));
  f.connection.send(bytes('def'));
  f.expectSent([
    { flags: 'P.', seq: f.local(1), ack: f.remote(1), payload: 'abc' },
    { flags: 'P.', seq: f.local(4), ack: f.remote(1), payload: 'def' },
  ]);
});

test('ESTABLISHED + send() -> the data segment carries no options field (only the SYN carries the MSS option)', () => {
  const f = connectionIn('ESTABLISHED');
  f.connection.send(bytes('abc'));
  expect(f.sent).toHaveLength(1);
  expect(Object.keys(f.sent[0]!)).not.toContain('options');
});

test('ESTABLISHED, nothing queued + ACK shutting the window -> no timer runs: the persist timer is for data waiting (RFC 9293 §3.8.6.1)', () => {
  const f = connectionIn('ESTABLISHED');
  f.recv({ flags: '.', seq: f.remote(1), ack: f.local(1), window: 0 });
  f.expectSent([]);
  expect(f.clock.nextTimerAt()).toBeUndefined();
});

test('ESTABLISHED, window shut with nothing queued + close() -> the FIN is resent by the retransmission timer, one RTO after it left', () => {
  const f = connectionIn('ESTABLISHED');
  f.recv({ flags: '.', seq: f.remote(1), ack: f.local(1), window: 0 });
  f.clock.advanceTo(500);
  f.connection.close();
  f.clock.advanceTo(1500);
  expect(f.sentAt).toEqual([500, 1500]);
  f.expectSent([
    { flags: 'F.', seq: f.local(1), ack: f.remote(1) },
    { flags: 'F.', seq: f.local(1), ack: f.remote(1) },
  ]);
});

test('ESTABLISHED, data in flight and more waiting + ACK shutting the window -> no zero-window probe: the retransmission timer resends (RFC 9293 §3.8.6.1)', () => {
  const f = connectionIn('ESTABLISHED', { peerWindow: 3 });
  f.connection.send(bytes('abcdef'));
  f.clock.advanceTo(500);
  f.recv({ flags: '.', seq: f.remote(1), ack: f.local(1), window: 0 });
  f.clock.advanceTo(3000);
  const abc = { seq: f.local(1), ack: f.remote(1), payload: 'abc' } as const;
  // The first timeout at 1 s, the second after the backed-off RTO of 2 s; nothing in between.
  f.expectSentAt([
    [0, { ...abc, flags: '.' }],
    [1000, { ...abc, flags: 'P.' }],
    [3000, { ...abc, flags: 'P.' }],
  ]);
});

/**
 * Model paths as packetdrill scripts (src/mbt/pathToPacketdrill.ts): every path of
 * the states and transitions suites that the sockets API can express plays
 * and passes against our TCP through src/pkt's runner; a few scripts are
 * shown whole; the paths without a script say why; and a script fails, at
 * its step's line, where the host does otherwise than the model says.
 */
import { pathToPacketdrill, type PacketdrillTranslation } from '../../src/mbt/pathToPacketdrill';
import { TEST_PROFILES } from '../../src/mbt/profiles';
import { statesSuite, transitionsSuite, type ModelPath } from '../../src/mbt/suites';
import type { ModelEventType, ModelGraph } from '../../src/mbt/modelGraph';
import { delayedEventType } from '../../src/model/timers';
import { formatFailure, parseScript, runScript, type RunOptions, type ScriptResult } from '../../src/pkt';
import { graphFor } from './fixtures';

const graph: ModelGraph = graphFor(TEST_PROFILES[0]!.name);
const RTO_IN_SYN_SENT = delayedEventType('SYN_SENT', 'RTO') as ModelEventType;
const TWO_MSL = delayedEventType('TIME_WAIT', 'TWO_MSL') as ModelEventType;
const ACK_DELAY_IN_ESTABLISHED = delayedEventType('ESTABLISHED', 'ACK_DELAY') as ModelEventType;

function scriptOf(translation: PacketdrillTranslation): string {
  if (!translation.expressible) throw new Error(`no script: ${translation.reason}`);
  return translation.script;
}

function play(script: string, options: RunOptions = {}): ScriptResult {
  return runScript(parseScript(script, 'path.pkt'), options);
}

function expressiblePaths(paths: readonly ModelPath[]): [string, string][] {
  return paths.flatMap((path) => {
    const translation = pathToPacketdrill(graph, path.events, { name: path.name });
    return translation.expressible ? [[path.name || 'CLOSED', translation.script] as [string, string]] : [];
  });
}

describe.each([
  ['states', statesSuite(graph)],
  ['transitions', transitionsSuite(graph)],
])('%s suite of the default profile', (suite, paths) => {
  const scripts = expressiblePaths(paths);

  test(`${suite}: the sockets API expresses ${scripts.length} of ${paths.length} paths`, () => {
    expect(scripts.length).toBeGreaterThan(0);
  });

  test.each(scripts)('%s: the script passes against our TCP', (_name, script) => {
    const result = play(script);
    if (!result.ok)
      throw new Error(`${script}\n${result.failures.map((failure) => formatFailure(failure)).join('\n')}`);
  });
});

describe('scripts written whole', () => {
  test('CLOSED -ACTIVE_OPEN-> SYN_SENT -RCV_SYN_ACK-> ESTABLISHED -CLOSE-> FIN_WAIT_1', () => {
    expect(scriptOf(pathToPacketdrill(graph, ['ACTIVE_OPEN', 'RCV_SYN_ACK', 'CLOSE']))).toBe(
      [
        '// CLOSED -ACTIVE_OPEN-> SYN_SENT -RCV_SYN_ACK-> ESTABLISHED -CLOSE-> FIN_WAIT_1',
        '// Written from the model (src/mbt/pathToPacketdrill.ts): each step expects what the model says.',
        '// 1. CLOSED -ACTIVE_OPEN-> SYN_SENT sends SYN',
        '+0  socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
        '+0  fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0',
        '+0  connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)',
        '+0  > S 0:0(0) <...>',
        '// 2. SYN_SENT -RCV_SYN_ACK-> ESTABLISHED sends ACK',
        '+0  < S. 0:0(0) ack 1 win 65535 <mss 1460>',
        '+0  > . 1:1(0) ack 1',
        '// 3. ESTABLISHED -CLOSE-> FIN_WAIT_1 sends FIN',
        '+0  shutdown(3, SHUT_WR) = 0',
        '+0  > F. 1:1(0) ack 1',
        '',
      ].join('\n'),
    );
  });

  test('a passive open: the connection is accepted once ESTABLISHED, and its data acknowledged after ACK_DELAY', () => {
    const events = ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_ACK', 'RCV_DATA', ACK_DELAY_IN_ESTABLISHED] as const;
    expect(scriptOf(pathToPacketdrill(graph, events))).toBe(
      [
        '// CLOSED -PASSIVE_OPEN-> LISTEN -RCV_SYN-> SYN_RECEIVED -RCV_ACK-> ESTABLISHED -RCV_DATA-> ESTABLISHED -after ACK_DELAY-> ESTABLISHED',
        '// Written from the model (src/mbt/pathToPacketdrill.ts): each step expects what the model says.',
        '// 1. CLOSED -PASSIVE_OPEN-> LISTEN',
        '+0  socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
        '+0  bind(3, ..., ...) = 0',
        '+0  listen(3, 1) = 0',
        '// 2. LISTEN -RCV_SYN-> SYN_RECEIVED sends SYN-ACK',
        '+0  < S 0:0(0) win 65535 <mss 1460>',
        '+0  > S. 0:0(0) ack 1 <...>',
        '// 3. SYN_RECEIVED -RCV_ACK-> ESTABLISHED',
        '+0  < . 1:1(0) ack 1 win 65535',
        '+0  accept(3, ..., ...) = 4',
        '// 4. ESTABLISHED -RCV_DATA-> ESTABLISHED',
        '+0  < P. 1:19(18) ack 1 win 65535',
        '// 5. ESTABLISHED -after ACK_DELAY-> ESTABLISHED sends ACK',
        '+0.04 > . 1:1(0) ack 19',
        '',
      ].join('\n'),
    );
  });

  test('a retransmission timeout puts the RTO on the resent SYN, and the failing step is marked', () => {
    expect(scriptOf(pathToPacketdrill(graph, ['ACTIVE_OPEN', RTO_IN_SYN_SENT, 'RCV_SYN_ACK'], { failedAt: 1 }))).toBe(
      [
        '// CLOSED -ACTIVE_OPEN-> SYN_SENT -after RTO-> SYN_SENT -RCV_SYN_ACK-> ESTABLISHED',
        '// Written from the model (src/mbt/pathToPacketdrill.ts): each step expects what the model says.',
        '// Step 2 failed (marked >>); the steps after it are left out.',
        '// 1. CLOSED -ACTIVE_OPEN-> SYN_SENT sends SYN',
        '+0  socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
        '+0  fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0',
        '+0  connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)',
        '+0  > S 0:0(0) <...>',
        '// >> 2. SYN_SENT -after RTO-> SYN_SENT sends SYN',
        '+1  > S 0:0(0) <...>',
        '',
      ].join('\n'),
    );
  });

  test('2 MSL that ends a path sends nothing: the script lets the time pass', () => {
    const script = scriptOf(pathToPacketdrill(graph, ['ACTIVE_OPEN', 'RCV_SYN_ACK', 'CLOSE', 'RCV_FIN_ACK', TWO_MSL]));
    expect(script.split('\n').slice(-4)).toEqual([
      '+0  > . 2:2(0) ack 2',
      '// 5. TIME_WAIT -after TWO_MSL-> CLOSED',
      '+60 `sleep 0`',
      '',
    ]);
  });
});

describe('paths without a script say why', () => {
  test('LISTEN -SEND->: a listening socket cannot write()', () => {
    expect(pathToPacketdrill(graph, ['PASSIVE_OPEN', 'SEND'])).toEqual({
      expressible: false,
      step: 1,
      reason: 'step 2 (LISTEN -SEND-> SYN_SENT): a listening socket cannot write(): SEND in LISTEN has no system call',
    });
  });

  test('ABORT: the runner has no abortive close', () => {
    const translation = pathToPacketdrill(graph, ['ACTIVE_OPEN', 'ABORT']);
    expect(translation).toMatchObject({ expressible: false, step: 1 });
    expect(!translation.expressible && translation.reason).toMatch(
      /^step 2 \(SYN_SENT -ABORT-> CLOSED\): ABORT has no system call here/,
    );
  });

  test("SYN_SENT gives up after maxRetries 2, where the runner's host (the default 6) resends", () => {
    const translation = pathToPacketdrill(graph, ['ACTIVE_OPEN', RTO_IN_SYN_SENT, RTO_IN_SYN_SENT, RTO_IN_SYN_SENT]);
    expect(translation).toMatchObject({ expressible: false, step: 3 });
    expect(!translation.expressible && translation.reason).toBe(
      "step 4 (SYN_SENT -after RTO-> CLOSED): the pkt runner's host has the model's default settings, " +
        'under which this step goes to SYN_SENT (the path\'s input is {"maxRetries":2})',
    );
  });
});

describe('a host that does otherwise than the model fails at the step', () => {
  test('a host that gives up at the first timeout fails on the line of the retransmission the model expects', () => {
    const translation = pathToPacketdrill(graph, ['ACTIVE_OPEN', RTO_IN_SYN_SENT, 'RCV_SYN_ACK']);
    if (!translation.expressible) throw new Error(translation.reason);
    const result = play(translation.script, { tcp: { maxRetries: 0 } });
    expect(result.ok).toBe(false);
    expect(result.failures[0]!.line).toBe(translation.stepLines[1]![0]);
    expect(result.failures[0]!.message).toMatch(
      /^expected an outbound segment by 1\.004000 s, but the host sent nothing/,
    );
  });

  test('an expectation edited to acknowledge a byte too many fails on that line', () => {
    const translation = pathToPacketdrill(graph, ['ACTIVE_OPEN', 'RCV_SYN_ACK', 'CLOSE']);
    if (!translation.expressible) throw new Error(translation.reason);
    const edited = translation.script.replace('> F. 1:1(0) ack 1', '> F. 1:1(0) ack 2');
    const result = play(edited);
    expect(result.failures.map((failure) => [failure.line, failure.message])).toEqual([
      [translation.stepLines[2]![1], 'outbound segment differs: ack: expected 2, sent 1'],
    ]);
  });
});

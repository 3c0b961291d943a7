/**
 * Scripts no one meant to be valid: what the runner must refuse (issue 10,
 * item 7), each a one-line `ScriptParseError` at its line and column, and a
 * property over damaged and hostile scripts: parsing and running either
 * refuse the script with the parser's typed error or give a result whose
 * failures are the runner's own (never "internal error"), in bounded time
 * and output. `FUZZ_SCRIPT_RUNS` sets the property's run count (soak: 10^4).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseScript, parseSyntax, runScript, ScriptParseError } from '../../src/pkt';

const SCRIPTS = join(__dirname, 'scripts');
const RUNS = Number(process.env.FUZZ_SCRIPT_RUNS ?? 60);

function refusal(text: string): ScriptParseError {
  try {
    parseScript(text);
  } catch (error) {
    if (error instanceof ScriptParseError) return error;
    throw error;
  }
  throw new Error(`expected a ScriptParseError for ${JSON.stringify(text.slice(0, 80))}`);
}

const SOCKET = '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n';

describe('refused before anything runs, each in one line at its line and column', () => {
  test('an empty script has no event to play', () => {
    expect(refusal('').message).toBe(
      'line 1, column 1: the script has no event (a packet, a system call or a `command` with a time): nothing to play',
    );
  });

  test('a script of comments and options only has no event either', () => {
    expect(refusal('--tolerance_usecs=10000\n// nothing here\n/* or here */\n').line).toBe(1);
  });

  test('the runner, given an event-less script by parseSyntax, fails it rather than passing', () => {
    const result = runScript(parseSyntax('// only a comment\n'));
    expect(result.ok).toBe(false);
    expect(result.failures[0]!.message).toMatch(/^the script has no event/);
  });

  test('--local_ip=999.1.1.1 is not an IPv4 address', () => {
    expect(refusal(`--local_ip=999.1.1.1\n${SOCKET}`).message).toBe(
      "line 1, column 1: --local_ip needs an IPv4 address such as 192.168.0.1, not '999.1.1.1'",
    );
  });

  test('--remote_ip= with no address is refused the same way', () => {
    expect(refusal(`--remote_ip=\n${SOCKET}`).detail).toBe(
      "--remote_ip needs an IPv4 address such as 192.168.0.1, not ''",
    );
  });

  test('a million nop options: refused at the first that passes the 40 bytes of a TCP header, without reading the rest', () => {
    const nops = Array.from({ length: 1_000_000 }, () => 'nop').join(',');
    const error = refusal(`${SOCKET}+0 < S 0:0(0) win 65535 <${nops}>\n`);
    expect(error.detail).toBe('the TCP options take more than the 40 bytes a TCP header holds (RFC 9293 §3.1)');
    // The 41st nop, after "+0 < S 0:0(0) win 65535 <" and 40 "nop,".
    expect([error.line, error.column]).toEqual([2, 25 + 40 * 4 + 1]);
  });

  test('options of exactly 40 bytes are accepted (TS, sackOK, mss, wscale, and padding nops)', () => {
    expect(() =>
      parseScript(
        `${SOCKET}+0 < S 0:0(0) win 65535 <mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7,${'nop,'.repeat(16)}nop>\n`,
      ),
    ).not.toThrow();
  });

  test('socket(...) = 1099511627776: a descriptor is a C int', () => {
    expect(refusal('0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 1099511627776\n').message).toBe(
      'line 1, column 43: socket: result must be a number from -1 to 2147483647 (a system call returns a C int, -1 on failure), not 1099511627776',
    );
  });

  test('close(4294967296): a descriptor argument out of the int range', () => {
    expect(refusal(`${SOCKET}+0 close(4294967296) = 0\n`).detail).toBe(
      'close: fd must be a number from 0 to 2147483647 (a descriptor is a C int), not 4294967296',
    );
  });
});

// ---- The property ----

const SEEDS = readdirSync(SCRIPTS)
  .filter((name) => name.endsWith('.pkt'))
  .sort()
  .map((name) => readFileSync(join(SCRIPTS, name), 'utf8'));

/** Values a hostile script puts where numbers go: bounds, overflows, negatives, non-numbers. */
const HOSTILE_NUMBERS = [
  '0',
  '1',
  '-1',
  '65535',
  '65536',
  '2147483648',
  '4294967295',
  '4294967296',
  '9007199254740993',
  '1099511627776',
  '1e308',
  '999.1.1.1',
  '...',
  '0x',
];

/** Whole lines a hostile script adds: huge counts, long sleeps, far times, odd packets. */
const HOSTILE_LINES = [
  `+0 < . 1:1(0) ack 1 win 65535 <${Array.from({ length: 10_000 }, () => 'nop').join(',')}>`,
  '+0 write(4, ..., 16777216) = 16777216',
  '+0 read(4, ..., 16777216) = 16777216',
  '+0 `sleep 1000000000`',
  '+1000000 close(3) = 0',
  '%{ import os; os.system("true") }%',
  '* > S. 0:0(0) ack 1 <...>',
  '+0...1000000 accept(3, ..., ...) = 4',
  '+0...0 read(4, ..., 1) = 1',
  '+0 < R 0:0(0) win 0',
  '+0 < S 4294967295:4294967295(0) win 65535 <mss 1460>',
  '+0 < P. 1:65536(65535) ack 1 win 65535',
  '+0 shutdown(4, SHUT_RDWR) = 0',
  '+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0',
  '--tolerance_usecs=0',
  '--bind_port=65536',
  '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 2147483647',
];

type Mutation =
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'duplicate'; readonly at: number }
  | { readonly kind: 'swap'; readonly at: number; readonly with: number }
  | { readonly kind: 'number'; readonly at: number; readonly value: string }
  | { readonly kind: 'insert'; readonly at: number; readonly line: string }
  | { readonly kind: 'truncate'; readonly at: number };

const position = fc.nat({ max: 10_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  position.map((at) => ({ kind: 'delete' as const, at })),
  position.map((at) => ({ kind: 'duplicate' as const, at })),
  fc.tuple(position, position).map(([at, other]) => ({ kind: 'swap' as const, at, with: other })),
  fc
    .tuple(position, fc.constantFrom(...HOSTILE_NUMBERS))
    .map(([at, value]) => ({ kind: 'number' as const, at, value })),
  fc.tuple(position, fc.constantFrom(...HOSTILE_LINES)).map(([at, line]) => ({ kind: 'insert' as const, at, line })),
  position.map((at) => ({ kind: 'truncate' as const, at })),
);

function mutate(text: string, change: Mutation): string {
  const lines = text.split('\n');
  const line = change.at % lines.length;
  switch (change.kind) {
    case 'delete':
      return lines.filter((_, index) => index !== line).join('\n');
    case 'duplicate':
      return [...lines.slice(0, line + 1), lines[line]!, ...lines.slice(line + 1)].join('\n');
    case 'swap': {
      const other = change.with % lines.length;
      const swapped = [...lines];
      [swapped[line], swapped[other]] = [swapped[other]!, swapped[line]!];
      return swapped.join('\n');
    }
    case 'number': {
      const numbers = [...text.matchAll(/\d+/g)];
      if (numbers.length === 0) return text;
      const target = numbers[change.at % numbers.length]!;
      return text.slice(0, target.index) + change.value + text.slice(target.index + target[0].length);
    }
    case 'insert':
      return [...lines.slice(0, line), change.line, ...lines.slice(line)].join('\n');
    case 'truncate':
      return text.slice(0, change.at % (text.length + 1));
  }
}

/** Well above what any run of these scripts produces, far below what a runaway one would. */
const MAX_TRACE_ENTRIES = 100_000;
const MAX_MILLISECONDS = 10_000;

describe('a damaged or hostile script never hangs or crashes the runner', () => {
  test(`${RUNS} mutated scripts: a ScriptParseError or the runner's own verdict, in bounded time and output`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, changes) => {
        const text = changes.reduce(mutate, seed);
        const started = performance.now();
        let script;
        try {
          script = parseScript(text);
        } catch (error) {
          if (!(error instanceof ScriptParseError)) throw error;
          expect(error.message).not.toContain('\n');
          expect(error.line).toBeGreaterThanOrEqual(1);
          expect(error.column).toBeGreaterThanOrEqual(1);
          return;
        }
        const result = runScript(script);
        expect(performance.now() - started).toBeLessThan(MAX_MILLISECONDS);
        expect(result.trace.length).toBeLessThan(MAX_TRACE_ENTRIES);
        for (const failure of result.failures) {
          expect(failure.message).not.toMatch(/^internal error/);
          expect(failure.message).not.toContain('\n');
        }
      }),
      { numRuns: RUNS },
    );
  });
});

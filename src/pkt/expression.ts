import type { Expression } from './ast';
import { integerValue } from './numbers';
import { at, type TokenStream } from './tokenStream';

/**
 * System call arguments and results. packetdrill's grammar has a rule per C
 * struct it knows (sockaddr, msghdr, pollfd, linger, ...); all of them are
 * `{a=b, ...}`, `[...]`, `name(...)` and `|` over names and numbers, so one
 * generic tree holds them all and the runner gives them meaning.
 */
export function parseExpression(stream: TokenStream): Expression {
  // `=` is right-associative (`events=POLLIN|POLLOUT` is events=(POLLIN|POLLOUT)).
  // Gathered in a loop rather than by recursion, so no input can exhaust the stack.
  const targets: Expression[] = [];
  let value = parseBitOr(stream);
  while ((value.kind === 'symbol' || value.kind === 'call') && stream.isPunct('=')) {
    stream.expectPunct('=');
    targets.push(value);
    value = parseBitOr(stream);
  }
  for (const target of targets.reverse()) {
    value = { kind: 'assign', target, value, line: target.line, column: target.column };
  }
  return value;
}

/** A comma-separated list up to (not including) `close`; empty if `close` comes first. */
export function parseExpressionList(stream: TokenStream, close: string): Expression[] {
  if (stream.isPunct(close)) return [];
  const list = [parseExpression(stream)];
  while (stream.accept('punct', ',') !== undefined) list.push(parseExpression(stream));
  return list;
}

function parseBitOr(stream: TokenStream): Expression {
  const first = parseOperand(stream);
  const operands = [first];
  while (stream.accept('punct', '|') !== undefined) operands.push(parseOperand(stream));
  return operands.length === 1 ? first : { kind: 'bitOr', operands, line: first.line, column: first.column };
}

function parseOperand(stream: TokenStream): Expression {
  const ellipsis = stream.accept('ellipsis');
  if (ellipsis !== undefined) return { kind: 'ellipsis', ...at(ellipsis) };

  const integer = stream.accept('integer');
  if (integer !== undefined) {
    const value = integerValue(integer.text);
    if (value === undefined) throw stream.errorAt(integer, `integer ${integer.text} is too large`);
    return { kind: 'integer', value, ...at(integer) };
  }

  const string = stream.accept('string');
  if (string !== undefined) {
    let value = string.value;
    for (let next = stream.accept('string'); next !== undefined; next = stream.accept('string')) value += next.value;
    const prefixOnly = stream.accept('ellipsis') !== undefined;
    return { kind: 'string', value, prefixOnly, ...at(string) };
  }

  const word = stream.accept('word');
  if (word !== undefined) {
    const paren = stream.peek();
    // Only `name(` with nothing between is a call, so that a symbolic result
    // followed by a note, `= EAGAIN (Resource temporarily unavailable)`, stays a symbol.
    if (paren.kind === 'punct' && paren.text === '(' && paren.start === word.end) {
      const opened = stream.expectPunct('(');
      const args = stream.bracketed(opened, ')', () => parseExpressionList(stream, ')'));
      return { kind: 'call', name: word.text, args, ...at(word) };
    }
    return { kind: 'symbol', name: word.text, ...at(word) };
  }

  const bracket = stream.accept('punct', '[');
  if (bracket !== undefined) {
    const elements = stream.bracketed(bracket, ']', () => parseExpressionList(stream, ']'));
    return { kind: 'array', elements, ...at(bracket) };
  }

  const brace = stream.accept('punct', '{');
  if (brace !== undefined) {
    const elements = stream.bracketed(brace, '}', () => parseExpressionList(stream, '}'));
    return { kind: 'struct', elements, ...at(brace) };
  }

  throw stream.expected(`a value (a number, a name, '...', a "string", [...] or {...})`);
}

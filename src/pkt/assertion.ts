/**
 * `%{ assert tcpi_state == TCP_ESTABLISHED, tcpi_state }%`: the part of
 * packetdrill's Python blocks its suites use to check a connection mid-run,
 * read without Python. packetdrill's code.c hands the block to Python with
 * the socket under test's `struct tcp_info` as variables (`tcpi_*`) and the
 * names of its values (`TCP_ESTABLISHED`, …; tcpInfo.ts).
 *
 * A block is statements separated by `;` or line ends, each
 * `assert <comparison>[, <message>]`. A comparison is Python's over
 * integers: `==`, `!=`, `<`, `<=`, `>`, `>=` (chained as Python chains
 * them), over `|`, `^`, `&`, `+`, `-`, `*`, unary `-`, parentheses,
 * integers, `tcpi_*` fields and those names. The message is what Python
 * would print on failure; it is not evaluated. Anything else (`print`,
 * assignments, other names) is refused at its line and column.
 */
import type { Position } from './ast';
import { integerValue } from './numbers';
import { isLinuxTcpInfoField, TCP_INFO_CONSTANTS } from './tcpInfo';

export type AssertExpression =
  | { readonly kind: 'integer'; readonly value: number }
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'constant'; readonly name: string; readonly value: number }
  | { readonly kind: 'unary'; readonly operand: AssertExpression }
  | {
      readonly kind: 'binary';
      readonly operator: ArithmeticOperator;
      readonly left: AssertExpression;
      readonly right: AssertExpression;
    }
  | {
      readonly kind: 'compare';
      readonly operands: readonly AssertExpression[];
      readonly operators: readonly ComparisonOperator[];
    };

type ArithmeticOperator = '|' | '^' | '&' | '+' | '-' | '*';
type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface Assertion extends Position {
  /** The comparison as written, for the failure's message. */
  readonly text: string;
  readonly condition: AssertExpression;
}

/** A refusal at a position in the script. */
export class AssertionSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly at: Position,
  ) {
    super(detail);
  }
}

interface Token extends Position {
  readonly kind: 'integer' | 'name' | 'operator' | 'string' | 'end';
  readonly text: string;
  /** Offset in the block's code. */
  readonly start: number;
}

/** A Python comment (`# …` to the line's end) is passed over as spaces are. */
const TOKEN =
  /[ \t\r]+|#[^\n]*|\\\n|\n|;|0[xX][0-9a-fA-F]+|[0-9]+|[A-Za-z_][A-Za-z0-9_]*|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|==|!=|<=|>=|[<>|^&+\-*%(),=]/y;

/** The operators a comparison's operands are joined by, loosest first (Python's precedence). */
const ARITHMETIC_LEVELS: readonly (readonly ArithmeticOperator[])[] = [['|'], ['^'], ['&'], ['+', '-'], ['*']];
const COMPARISONS: readonly string[] = ['==', '!=', '<', '<=', '>', '>='];

/** At most this many tokens in one block, so that no input costs unbounded work (the longest in the gtests has about 40). */
const MAX_TOKENS = 10_000;
/** Parentheses nest at most this deep (the parser recurses on them). */
const MAX_DEPTH = 100;

/**
 * The assertions of a `%{ }%` block whose code starts at `start` (the
 * position just after `%{`); throws an `AssertionSyntaxError` at the first
 * thing that is not one.
 */
export function parseAssertions(code: string, start: Position): Assertion[] {
  const tokens = tokenize(code, start);
  const assertions: Assertion[] = [];
  let index = 0;
  let depth = 0;
  const peek = (): Token => tokens[index]!;
  const next = (): Token => tokens[index++]!;
  const isEnd = (token: Token) => token.kind === 'end' || token.text === ';' || token.text === '\n';
  const refuse = (token: Token, what: string): never => {
    throw new AssertionSyntaxError(
      `${what}, found ${token.kind === 'end' ? 'the end of the block' : `'${token.text === '\n' ? '\\n' : token.text}'`}`,
      token,
    );
  };

  const operand = (): AssertExpression => {
    const token = next();
    if (token.kind === 'integer')
      return { kind: 'integer', value: integerValue(token.text) ?? refuse(token, 'an integer that fits') };
    if (token.kind === 'name') {
      if (isLinuxTcpInfoField(token.text)) return { kind: 'field', name: token.text };
      const constant = TCP_INFO_CONSTANTS[token.text];
      if (constant !== undefined) return { kind: 'constant', name: token.text, value: constant };
      const why = token.text.startsWith('tcpi_')
        ? `${token.text} is not a field of Linux's struct tcp_info (packetdrill's code.c gives a block those only)`
        : `unknown name '${token.text}' (an assert reads tcpi_* fields, TCP_* and TCPI_OPT_* names and integers)`;
      throw new AssertionSyntaxError(why, token);
    }
    if (token.text === '-') return { kind: 'unary', operand: operand() };
    if (token.text === '(') {
      if (++depth > MAX_DEPTH) throw new AssertionSyntaxError(`parentheses nested deeper than ${MAX_DEPTH}`, token);
      const inner = comparison();
      if (peek().text !== ')') refuse(peek(), "expected ')'");
      next();
      depth--;
      return inner;
    }
    return refuse(token, 'expected an integer, a tcpi_* field, a name or (');
  };
  const arithmetic = (level: number): AssertExpression => {
    if (level === ARITHMETIC_LEVELS.length) return operand();
    let left = arithmetic(level + 1);
    while ((ARITHMETIC_LEVELS[level] as readonly string[]).includes(peek().text) && peek().kind === 'operator') {
      const operator = next().text as ArithmeticOperator;
      left = { kind: 'binary', operator, left, right: arithmetic(level + 1) };
    }
    return left;
  };
  const comparison = (): AssertExpression => {
    const operands = [arithmetic(0)];
    const operators: ComparisonOperator[] = [];
    while (peek().kind === 'operator' && COMPARISONS.includes(peek().text)) {
      operators.push(next().text as ComparisonOperator);
      operands.push(arithmetic(0));
    }
    return operators.length === 0 ? operands[0]! : { kind: 'compare', operands, operators };
  };

  while (peek().kind !== 'end') {
    if (isEnd(peek())) {
      next();
      continue;
    }
    const keyword = next();
    if (keyword.text !== 'assert') {
      throw new AssertionSyntaxError(
        `only 'assert <comparison>' is evaluated in %{ }% (packetdrill runs the block in Python; this runner runs no Python), found '${keyword.text}'`,
        keyword,
      );
    }
    const first = peek();
    const condition = comparison();
    const after = peek();
    if (after.text === ',') {
      next();
      if (isEnd(peek())) refuse(peek(), "expected a message after ','");
      while (!isEnd(peek())) next(); // the message Python would print; not evaluated
    } else if (!isEnd(after)) {
      refuse(after, "expected a comparison operator, ',', ';' or the end of the line");
    }
    assertions.push({
      line: keyword.line,
      column: keyword.column,
      condition,
      text: code.slice(first.start, after.start).trim(),
    });
  }
  return assertions;
}

/**
 * Why the assertion does not hold on these values, with the fields it read
 * (`tcpi_state is 8`), or undefined when it holds.
 */
export function failedAssertion(
  assertion: Assertion,
  info: Readonly<Record<string, number>>,
): { readonly message: string; readonly values: string } | undefined {
  if (evaluate(assertion.condition, info) !== 0) return undefined;
  const values = [...new Set(fieldsOf(assertion.condition))].map((name) => `${name} is ${info[name]}`).join(', ');
  return { message: `assert ${assertion.text} failed${values === '' ? '' : `: ${values}`}`, values };
}

/** Python's value of the expression: a comparison is 1 or 0. */
function evaluate(expression: AssertExpression, info: Readonly<Record<string, number>>): number {
  switch (expression.kind) {
    case 'integer':
    case 'constant':
      return expression.value;
    case 'field': {
      const value = info[expression.name];
      // Each runner checks first that its TCP reports every field the block reads (fieldsOf).
      if (value === undefined) throw new Error(`${expression.name} was not read before the assertion`);
      return value;
    }
    case 'unary':
      return -evaluate(expression.operand, info);
    case 'binary':
      return applyOperator(expression.operator, evaluate(expression.left, info), evaluate(expression.right, info));
    case 'compare': {
      const values = expression.operands.map((operand) => evaluate(operand, info));
      return expression.operators.every((operator, index) => compare(operator, values[index]!, values[index + 1]!))
        ? 1
        : 0;
    }
  }
}

function applyOperator(operator: ArithmeticOperator, left: number, right: number): number {
  // BigInt for the bitwise operators: tcp_info's fields go up to 64 bits, past JavaScript's 32-bit `&`.
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '|':
      return Number(BigInt(left) | BigInt(right));
    case '^':
      return Number(BigInt(left) ^ BigInt(right));
    case '&':
      return Number(BigInt(left) & BigInt(right));
  }
}

function compare(operator: ComparisonOperator, left: number, right: number): boolean {
  switch (operator) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}

/** The tcpi_* fields an expression reads. */
export function fieldsOf(expression: AssertExpression): string[] {
  switch (expression.kind) {
    case 'field':
      return [expression.name];
    case 'unary':
      return fieldsOf(expression.operand);
    case 'binary':
      return [...fieldsOf(expression.left), ...fieldsOf(expression.right)];
    case 'compare':
      return expression.operands.flatMap(fieldsOf);
    default:
      return [];
  }
}

function tokenize(code: string, start: Position): Token[] {
  const tokens: Token[] = [];
  let line = start.line;
  let lineStart = -start.column + 1; // so that offset 0 is at start.column
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < code.length) {
    const offset = TOKEN.lastIndex;
    const at = { line, column: offset - lineStart + 1 };
    const match = TOKEN.exec(code);
    if (match === null) throw new AssertionSyntaxError(`unexpected character '${code[offset]}' in %{ }%`, at);
    const text = match[0];
    if (tokens.length >= MAX_TOKENS)
      throw new AssertionSyntaxError(`a %{ }% block of more than ${MAX_TOKENS} tokens`, at);
    if (text.includes('\n')) {
      if (text === '\n') tokens.push({ kind: 'operator', text, start: offset, ...at });
      line++;
      lineStart = offset + text.length;
      continue;
    }
    if (/^[ \t\r#]/.test(text)) continue;
    const kind = /^[0-9]/.test(text)
      ? 'integer'
      : /^[A-Za-z_]/.test(text)
        ? 'name'
        : /^['"]/.test(text)
          ? 'string'
          : 'operator';
    tokens.push({ kind, text, start: offset, ...at });
  }
  tokens.push({ kind: 'end', text: '', start: code.length, line, column: code.length - lineStart + 1 });
  return tokens;
}

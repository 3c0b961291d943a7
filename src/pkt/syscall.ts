import type { SyscallEvent } from './ast';
import { parseExpression, parseExpressionList } from './expression';
import { expectSeconds } from './time';
import { at, type TokenStream } from './tokenStream';

/** A system call line's own fields; the parser adds the time and position. */
export type SyscallFields = Omit<SyscallEvent, 'kind' | 'time' | 'line' | 'column' | 'sourceText'>;

/**
 * `[...end] name(args) = result [ERRNO] [(note)]`, parser.y's `syscall_spec`.
 * packetdrill insists on a note after an errno; we let it be left out, as
 * in `= -1 ECONNREFUSED`.
 */
export function parseSyscall(stream: TokenStream): SyscallFields {
  const blockingEndUsecs =
    stream.accept('ellipsis') !== undefined
      ? expectSeconds(stream, "the time the call returns after '...' (as in '+0...0.2 accept(3, ..., ...)')")
      : undefined;
  const nameToken = stream.expect('word', 'a system call name');
  const name = nameToken.text;
  const opened = stream.expectPunct('(', `'(' after the system call name '${name}'`);
  const args = stream.bracketed(opened, ')', () => parseExpressionList(stream, ')'));
  stream.expectPunct('=', `'=' and the expected result after '${name}(...)'`);
  const result = parseExpression(stream);
  const errno = stream.accept('word');
  const note = parseNote(stream);
  return {
    name,
    namePosition: at(nameToken),
    args,
    result,
    ...(errno !== undefined ? { errno: errno.text, errnoPosition: at(errno) } : {}),
    ...(note !== undefined ? { note } : {}),
    ...(blockingEndUsecs !== undefined ? { blockingEndUsecs } : {}),
  };
}

/**
 * `(Operation now in progress)`: free text for the reader, kept as written
 * with whitespace collapsed. It ends at the first `)`.
 */
function parseNote(stream: TokenStream): string | undefined {
  const opened = stream.accept('punct', '(');
  if (opened === undefined) return undefined;
  return stream.bracketed(opened, ')', () => {
    let end = opened.end;
    for (let token = stream.peekToken(); token !== undefined && !stream.isPunct(')'); token = stream.peekToken()) {
      stream.expect(token.kind, 'the note');
      end = token.end;
    }
    return stream.source.text.slice(opened.end, end).replace(/\s+/g, ' ').trim();
  });
}

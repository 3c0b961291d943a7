/**
 * packetdrill's `--define NAME=VALUE` (config.c, OPT_DEFINE): every word of
 * the script spelled NAME is read as VALUE instead (lexer.l, `word()`): an
 * integer when VALUE is one, a string for `"..."`, a command for `` `...` ``,
 * else a word. Given on the command line, or as a `--define=NAME=VALUE`
 * line at the top of the script; the command line's value wins, as
 * packetdrill parses its command line after the script's options
 * (parse_and_finalize_config).
 */

/** NAME to VALUE, as written after `--define`. */
export type Definitions = ReadonlyMap<string, string>;

/** `NAME=VALUE`'s two halves, or why it is not a definition (packetdrill: "bad definition"). */
export function readDefinition(text: string): { readonly name: string; readonly value: string } | string {
  const equals = text.indexOf('=');
  const name = text.slice(0, Math.max(0, equals));
  if (equals <= 0 || !/^[A-Za-z0-9_]+$/.test(name))
    return `--define needs NAME=VALUE, NAME made of letters, digits and '_', not '${text}'`;
  return { name, value: text.slice(equals + 1) };
}

/** The token a defined word becomes: its kind, and the text the parser reads. */
export function definedToken(value: string): {
  readonly kind: 'integer' | 'string' | 'backquoted' | 'word';
  readonly text: string;
} {
  const quoted = /^(["`])(.*)\1$/s.exec(value);
  if (quoted !== null) return { kind: quoted[1] === '"' ? 'string' : 'backquoted', text: quoted[2]! };
  // strtol(value, &end, 0) over all of it: decimal or 0x hex, as the lexer's integers.
  if (/^-?(0x[0-9a-fA-F]+|[0-9]+)$/.test(value)) return { kind: 'integer', text: value };
  return { kind: 'word', text: value };
}

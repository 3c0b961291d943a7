/**
 * Why a file could not be read or written, in a few words a user can act on
 * ("cannot read x.json: no such file") instead of Node's error text with its
 * syscall and errno. Every command that touches a file says it this way.
 */

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EROFS: 'read-only file system',
};

/** `cannot read FILE: no such file`, `cannot write FILE: permission denied`, … */
export function fileErrorMessage(action: 'read' | 'write', file: string, error: unknown): string {
  // Node's fs errors may come from another realm (under jest), so no `instanceof Error`.
  const details = typeof error === 'object' && error !== null ? (error as Partial<NodeJS.ErrnoException>) : {};
  const reason =
    details.code === 'ENOENT'
      ? // Reading, the file is missing; writing, the directory it goes in.
        action === 'read'
        ? 'no such file'
        : 'no such directory'
      : ((details.code !== undefined ? REASONS[details.code] : undefined) ?? String(details.message ?? error));
  return `cannot ${action} ${file}: ${reason}`;
}

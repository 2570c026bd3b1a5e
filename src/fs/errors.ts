/** The end of one sentence about a failed read or write, from the error's code. */
export function describeFsError(error: unknown, what: string, verb: 'read' | 'write'): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return verb === 'read' ? `no such ${what}; check the path.` : 'its folder does not exist.';
    case 'EACCES':
      return `permission denied; make the ${what} ${verb === 'read' ? 'readable' : 'writable'}.`;
    case 'EPERM':
      return verb === 'read'
        ? `permission denied; make the ${what} readable.`
        : 'operation not permitted (is the file immutable or append-only?).';
    case 'EISDIR':
      return `is a folder, not a ${what}.`;
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder.';
    case 'ELOOP':
      return 'too many levels of symbolic links.';
    case 'EROFS':
      return 'the file system is read-only.';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'no space left on the device.';
    case 'ENXIO':
      return 'no process is reading from it.';
    case 'ENAMETOOLONG':
      return 'the path is too long.';
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return `cannot ${verb} the ${what} (${message}).`;
    }
  }
}

/** Hand-written files (Dockerfile, pyproject, requirements) larger than this are refused. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Lock files of large projects legitimately run to a few MiB. */
export const MAX_LOCK_BYTES = 16 * 1024 * 1024;

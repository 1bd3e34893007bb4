import { config } from '../config.js';
import { UserError } from '../core/errors.js';

/**
 * The user error for DuckDB running out of its memory cap or of temporary disk during an import of `fileName`
 * (the import has been rolled back: nothing was written), saying what to do; undefined for any other error.
 * DuckDB spills to its temp directory under the memory cap, up to max_temp_directory_size (90% of the free disk).
 */
export function importResourceError(fileName: string, error: unknown): UserError | undefined {
  if (error instanceof UserError) return undefined;
  const message = String((error as Error)?.message ?? error);
  if (/max_temp_directory_size|No space left on device/i.test(message)) {
    return new UserError(
      'import_out_of_disk',
      `${fileName}: the import needs more free disk for temporary data next to the database than there is (about 3 times the file's size); nothing was written. Free disk space and import again.`,
      { status: 507, cause: error },
    );
  }
  // the appender words it apart: "Failed to append: could not allocate block of size …"
  if (/Out of Memory Error|could not allocate block|failed to pin block/i.test(message)) {
    return new UserError(
      'import_out_of_memory',
      `${fileName}: the import needs more memory than DuckDB's cap of ${config().duckdbMemory}; nothing was written. Set YARDSTICK_DUCKDB_MEMORY higher (e.g. 2GB for 50M events) and import again.`,
      { status: 507, cause: error },
    );
  }
  return undefined;
}

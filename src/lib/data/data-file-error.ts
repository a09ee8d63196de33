/**
 * A data file the lab cannot use. The UI shows `message` as is, so it always starts with
 * the file's name and then says exactly what is wrong, with the numbers involved.
 */
export class DataFileError extends Error {
  constructor(
    public fileName: string,
    message: string,
  ) {
    // Messages are written as predicates ("is empty (0 bytes)") so the name reads as the subject.
    super(`${fileName} ${message}`);
    this.name = 'DataFileError';
  }
}

/** en-US digit grouping regardless of the user's locale, so messages and tests agree. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Results files opened with "Import results": their runs are shown beside the browser's in
 * every chart and table, without retraining. A refused file leaves everything as it was and
 * says why; nothing here touches the browser's own runs.
 */
import { parseResultsFile, parseResultsValue, type ParsedResults } from '../export/parse-results';
import { sourceLabel } from '../export/results-source';
import { importedRuns, placeBeside, type ImportedFile } from './imported-series';
import type { RunSeries } from './run-series';

/** More would make every chart unreadable long before it made the page slow. */
export const MAX_IMPORTED_FILES = 8;

const clipName = (name: string) => (name.length > 80 ? `${name.slice(0, 79)}…` : name);

export class ImportedRunsState {
  files = $state.raw<ImportedFile[]>([]);
  /** Why the last file was refused (plain text, shown as text). */
  error = $state<string | null>(null);
  #next = 1;

  /** Parses and adds a file; false (with `error` set) when it is refused. */
  add(text: string, fileName: string): boolean {
    return this.#add(() => parseResultsFile(text), fileName);
  }

  /** Adds a results object already in memory (a run history record), through the same checks as a file. */
  addValue(value: unknown, name: string): boolean {
    return this.#add(() => parseResultsValue(value), name);
  }

  #add(parse: () => ParsedResults, fileName: string): boolean {
    const name = clipName(fileName);
    if (this.files.length >= MAX_IMPORTED_FILES) {
      this.error = `${name}: at most ${MAX_IMPORTED_FILES} files can be shown at once; remove one first`;
      return false;
    }
    const parsed = parse();
    if (!parsed.ok) {
      this.error = `${name} was not imported: ${parsed.problem}`;
      return false;
    }
    const id = this.#next++;
    const source = sourceLabel(parsed.file);
    this.files = [...this.files, { id, fileName: name, source, runs: importedRuns(id, source, parsed.file.runs) }];
    this.error = null;
    return true;
  }

  remove(id: number): void {
    this.files = this.files.filter((f) => f.id !== id);
  }

  clear(): void {
    this.files = [];
    this.error = null;
  }

  /** The browser's runs followed by the imported ones, each imported variant with its own colour. */
  beside(own: readonly RunSeries[]): RunSeries[] {
    return placeBeside(own, this.files);
  }
}

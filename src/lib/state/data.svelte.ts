/**
 * Which images the lab trains on: the embedded 10k MNIST digits, or IDX files the person
 * loaded. A refused file never replaces the data already loaded.
 */
import { stratifiedSplit, type Dataset, type Split } from '../data/dataset';
import { loadIdxPair } from '../data/idx';
import { loadEmbeddedMnist } from '../data/mnist-asset';
import type { DatasetId } from '../experiment/config';
import { errorMessage } from '../error-message';
import { epochNow, recordPhase, timed } from '../worker/phases';

export const EMBEDDED_URL = `${import.meta.env.BASE_URL}data/mnist10k.bin.gz`;
const VALIDATION_FRACTION = 0.2;
/** Validation beyond this many images slows every evaluation without sharpening the curves. */
const MAX_VALIDATION = 10_000;

export class DataState {
  dataset = $state.raw<Dataset | null>(null);
  split = $state.raw<Split | null>(null);
  source = $state<DatasetId>('mnist10k');
  loading = $state<string | null>(null);
  error = $state<string | null>(null);

  #use(ds: Dataset, source: DatasetId): void {
    this.dataset = ds;
    const start = epochNow();
    this.split = stratifiedSplit(ds, VALIDATION_FRACTION, MAX_VALIDATION);
    recordPhase({ name: 'split', start, end: epochNow() });
    this.source = source;
    this.error = null;
  }

  async loadEmbedded(): Promise<void> {
    this.loading = 'Loading the embedded MNIST digits…';
    try {
      this.#use(await timed('data', () => loadEmbeddedMnist(EMBEDDED_URL)), 'mnist10k');
    } catch (error) {
      this.error = `Could not load the embedded MNIST: ${errorMessage(error)}`;
    } finally {
      this.loading = null;
    }
  }

  async loadIdx(images: File, labels: File): Promise<boolean> {
    this.loading = `Reading ${images.name} and ${labels.name}…`;
    try {
      const [imageBytes, labelBytes] = await Promise.all([images.arrayBuffer(), labels.arrayBuffer()]);
      const ds = await loadIdxPair(
        { name: images.name, bytes: new Uint8Array(imageBytes) },
        { name: labels.name, bytes: new Uint8Array(labelBytes) },
      );
      this.#use(ds, 'idx');
      return true;
    } catch (error) {
      // The current data stays: a bad file is reported, never half-loaded.
      this.error = errorMessage(error);
      return false;
    } finally {
      this.loading = null;
    }
  }
}

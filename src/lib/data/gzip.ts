/**
 * gzip through the platform's Compression Streams, which both browsers and Node 20 have,
 * so no inflate code ships with the app.
 */

/** Thrown when inflating would exceed the caller's limit; a small gzip file can expand hugely. */
export class GzipTooLargeError extends Error {
  constructor(public limit: number) {
    super(`decompressed data exceeds ${limit} bytes`);
    this.name = 'GzipTooLargeError';
  }
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array<ArrayBuffer>> {
  return new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      // The lib types want ArrayBuffer-backed views; both runtimes accept any Uint8Array.
      controller.enqueue(bytes as Uint8Array<ArrayBuffer>);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      // Stop inflating at once instead of buffering a decompression bomb.
      await reader.cancel().catch(() => undefined);
      throw new GzipTooLargeError(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Inflates gzip data; rejects on corrupt or truncated input (the runtime checks CRC and length). */
export function gunzip(bytes: Uint8Array, limit = Number.POSITIVE_INFINITY): Promise<Uint8Array> {
  return collect(streamOf(bytes).pipeThrough(new DecompressionStream('gzip')), limit);
}

/** For tests and fixtures: the inverse of gunzip. */
export function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  return collect(streamOf(bytes).pipeThrough(new CompressionStream('gzip')), Number.POSITIVE_INFINITY);
}

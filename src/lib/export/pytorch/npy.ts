/**
 * The .npy format (numpy's): a magic string, a version, a Python-literal header and the raw
 * little-endian data. Only what the initial-weights export needs: float32, C order.
 * https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export function npyFloat32(values: Float32Array, shape: readonly number[]): Uint8Array {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== values.length) throw new RangeError(`${values.length} values do not fill shape [${shape.join(', ')}]`);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new RangeError(`bad shape [${shape.join(', ')}]`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  // Version 1.0: magic (6) + version (2) + header length (2) + header, padded with spaces and
  // ended by '\n' so the data starts on a 64-byte boundary.
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + values.length * 4);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const data = new DataView(out.buffer, 10 + header.length);
  for (let i = 0; i < values.length; i++) data.setFloat32(i * 4, values[i], true);
  return out;
}

/**
 * A small reader for untrusted JSON: each accessor checks one value's type and range and
 * throws a Refusal that names where it is (e.g. runs[2].evals[0].valLoss) and what is wrong,
 * so a bad file is refused with a message a person can act on. Numbers may be null (JSON's
 * stand-in for NaN and Infinity, as JSON.stringify and the Python exporter both write them).
 */

export class Refusal extends Error {}

const MAX_SHOWN = 40;
function shown(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the text "${v.length > MAX_SHOWN ? `${v.slice(0, MAX_SHOWN)}…` : v}"`;
  return `${typeof v} ${String(v)}`;
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A budget of numbers for the whole file, so a file of a billion zeros is refused, not drawn. */
export class Budget {
  #left: number;
  constructor(readonly max: number) {
    this.#left = max;
  }
  spend(n: number, where: string): void {
    this.#left -= n;
    if (this.#left < 0)
      throw new Refusal(`${where}: the file holds more than ${this.max.toLocaleString('en')} numbers, more than the lab imports`);
  }
}

export class Reader {
  constructor(
    readonly value: unknown,
    readonly path: string,
  ) {}

  fail(what: string): never {
    throw new Refusal(`${this.path || 'the file'} ${what}`);
  }

  at(key: string): Reader {
    if (!isObject(this.value)) this.fail(`is ${shown(this.value)}, not an object`);
    return new Reader(Object.hasOwn(this.value, key) ? this.value[key] : undefined, this.path ? `${this.path}.${key}` : key);
  }

  get present(): boolean {
    return this.value !== undefined;
  }

  object(): Record<string, unknown> {
    if (!isObject(this.value)) this.fail(this.value === undefined ? 'is missing' : `is ${shown(this.value)}, not an object`);
    return this.value;
  }

  string(maxLength = 500): string {
    if (typeof this.value !== 'string') this.fail(this.value === undefined ? 'is missing' : `is ${shown(this.value)}, not text`);
    return this.value.length > maxLength ? `${this.value.slice(0, maxLength)}…` : this.value;
  }

  optionalString(maxLength = 500): string | null {
    return this.value === undefined || this.value === null ? null : this.string(maxLength);
  }

  /** A number; null (JSON's NaN/Infinity) reads as NaN. */
  number(): number {
    if (this.value === null) return Number.NaN;
    if (typeof this.value !== 'number') this.fail(this.value === undefined ? 'is missing' : `is ${shown(this.value)}, not a number`);
    return this.value;
  }

  optionalNumber(fallback: number): number {
    return this.value === undefined ? fallback : this.number();
  }

  /** A whole number in [min, max] (null not allowed: counts and indices are never NaN). */
  int(min: number, max: number): number {
    const v = this.value;
    if (typeof v !== 'number' || !Number.isInteger(v)) this.fail(v === undefined ? 'is missing' : `is ${shown(v)}, not a whole number`);
    if (v < min || v > max) this.fail(`is ${v}, outside ${min}..${max.toLocaleString('en')}`);
    return v;
  }

  oneOf<T extends string>(values: readonly T[]): T {
    if (!values.includes(this.value as T))
      this.fail(this.value === undefined ? 'is missing' : `is ${shown(this.value)}, not one of ${values.join(', ')}`);
    return this.value as T;
  }

  list(maxLength: number): Reader[] {
    const v = this.value;
    if (!Array.isArray(v)) this.fail(v === undefined ? 'is missing' : `is ${shown(v)}, not a list`);
    if (v.length > maxLength)
      this.fail(`has ${v.length.toLocaleString('en')} entries, more than the ${maxLength.toLocaleString('en')} the lab imports`);
    return v.map((x, i) => new Reader(x, `${this.path}[${i}]`));
  }

  numbers(maxLength: number, budget: Budget): number[] {
    const v = this.value;
    if (!Array.isArray(v)) this.fail(v === undefined ? 'is missing' : `is ${shown(v)}, not a list of numbers`);
    if (v.length > maxLength)
      this.fail(`has ${v.length.toLocaleString('en')} entries, more than the ${maxLength.toLocaleString('en')} the lab imports`);
    budget.spend(v.length, this.path);
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === null) out[i] = Number.NaN;
      else if (typeof x === 'number') out[i] = x;
      else throw new Refusal(`${this.path}[${i}] is ${shown(x)}, not a number`);
    }
    return out;
  }
}

/**
 * Document variables over time. Every definition (or un-definition) gets a sequence number; a
 * formula's scope is a read-only view "as of" the sequence number at its start. This keeps the
 * per-formula scopes that hovers and the panel need without copying a map per definition (which
 * made analysis quadratic in the number of definitions).
 */
import type { Variable } from './analysis';

interface Entry {
  seq: number;
  v: Variable | undefined;
}

export class ScopeHistory {
  private readonly hist = new Map<string, Entry[]>();
  private readonly current = new Map<string, Variable>();
  private seq = 0;

  /** The variables known now (live; for evaluation while the document is walked). */
  get live(): ReadonlyMap<string, Variable> {
    return this.current;
  }

  /** Defines `name` from now on; `undefined` forgets it (a later symbolic definition wins too). */
  set(name: string, v: Variable | undefined): void {
    this.seq++;
    let list = this.hist.get(name);
    if (!list) {
      if (v === undefined) return; // forgetting a name never defined changes nothing
      list = [];
      this.hist.set(name, list);
    }
    list.push({ seq: this.seq, v });
    if (v) this.current.set(name, v);
    else this.current.delete(name);
  }

  /** The variables known at the end, as a plain Map (names are never object keys). */
  final(): Map<string, Variable> {
    return new Map(this.current);
  }

  /** A frozen view of the variables known at this moment. */
  snapshot(): ReadonlyMap<string, Variable> {
    return new ScopeView(this.hist, this.seq);
  }
}

class ScopeView implements ReadonlyMap<string, Variable> {
  constructor(
    private readonly hist: Map<string, Entry[]>,
    private readonly at: number,
  ) {}

  get(name: string): Variable | undefined {
    const list = this.hist.get(name);
    if (!list) return undefined;
    // last entry with seq <= at (binary search: entries are in sequence order)
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].seq <= this.at) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 ? list[found].v : undefined;
  }
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
  get size(): number {
    let n = 0;
    for (const _ of this.keys()) n++;
    return n;
  }
  *entries(): MapIterator<[string, Variable]> {
    for (const name of this.hist.keys()) {
      const v = this.get(name);
      if (v) yield [name, v];
    }
  }
  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }
  *values(): MapIterator<Variable> {
    for (const [, v] of this.entries()) yield v;
  }
  forEach(cb: (value: Variable, key: string, map: ReadonlyMap<string, Variable>) => void): void {
    for (const [k, v] of this.entries()) cb(v, k, this);
  }
  [Symbol.iterator](): MapIterator<[string, Variable]> {
    return this.entries();
  }
}

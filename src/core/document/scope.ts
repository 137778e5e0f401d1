/**
 * Document variables over time. Every definition (or un-definition) gets a sequence number; a
 * formula's scope is a read-only view "as of" the sequence number at its start. This keeps the
 * per-formula scopes that hovers and the panel need without copying a map per definition (which
 * made analysis quadratic in the number of definitions).
 *
 * A definition holds in its section (see `sections.ts`) until it is redefined: entering a formula's
 * section path with `enter` forgets what the sections left behind defined (`x = 1` in Exercise 1 is
 * not known in Exercise 2).
 */
import type { Variable } from './model';
import type { Val } from '../eval/values';

/** What the frames need to know about the document: its sections, and which names it reuses. */
export interface ScopeRules {
  /** Whether nothing defined in the section holds after it (`Section.problem`). */
  problem(section: number): boolean;
  /** Whether the document gives the name more than one meaning (then it holds in its section only). */
  reused(name: string): boolean;
}

/** Every section a topic, no name reused: definitions hold until redefined, as in one long section. */
const FLAT: ScopeRules = { problem: () => false, reused: () => false };

/**
 * The bookkeeping of sections for any name → value map (see `sections.ts` for the rules). Leaving a
 * section forgets the names it set, except a name with one meaning leaving a section that is not a
 * problem: it is handed to the enclosing section. A forgotten name stays forgotten, also when it had
 * a value before the section: the document has since used it for something else, and taking the
 * older value back would be a guess (an intro's A, an example's A, then a sibling section's A).
 */
export class SectionFrames {
  /** The sections entered, innermost last, with the names each set (none made until one is set: most sections set none). */
  private readonly frames: { section: number; names: Set<string> | undefined }[] = [];

  constructor(
    private readonly forget: (name: string) => void,
    private readonly rules: ScopeRules = FLAT,
  ) {}

  /** Moves to the section path (document … innermost section): leaves the others, opens the new ones. */
  enter(path: readonly number[]): void {
    let common = 0;
    while (common < this.frames.length && common < path.length && this.frames[common].section === path[common]) common++;
    while (this.frames.length > common) {
      const frame = this.frames.pop()!;
      const outer = this.frames[this.frames.length - 1];
      if (!frame.names) continue;
      const keep = !this.rules.problem(frame.section);
      for (const name of frame.names) {
        if (keep && outer && !this.rules.reused(name)) (outer.names ??= new Set()).add(name);
        else this.forget(name);
      }
    }
    for (let i = common; i < path.length; i++) this.frames.push({ section: path[i], names: undefined });
  }

  /** Notes that the innermost section sets `name` (it is forgotten when the section ends). */
  setting(name: string): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame) (frame.names ??= new Set()).add(name);
  }
}

/** A map whose entries hold in the section that set them (and its subsections). */
export class ScopedMap<V> {
  private readonly map = new Map<string, V>();
  private readonly frames: SectionFrames;
  constructor(rules?: ScopeRules) {
    this.frames = new SectionFrames((n) => this.map.delete(n), rules);
  }
  enter(path: readonly number[]): void {
    this.frames.enter(path);
  }
  get(name: string): V | undefined {
    return this.map.get(name);
  }
  has(name: string): boolean {
    return this.map.has(name);
  }
  set(name: string, v: V): void {
    this.frames.setting(name);
    this.map.set(name, v);
  }
  delete(name: string): void {
    this.map.delete(name);
  }
  get size(): number {
    return this.map.size;
  }
  values(): IterableIterator<V> {
    return this.map.values();
  }
}

interface Entry {
  seq: number;
  v: Variable | undefined;
}

export class ScopeHistory {
  private readonly hist = new Map<string, Entry[]>();
  private readonly current = new Map<string, Variable>();
  private seq = 0;
  private readonly frames: SectionFrames;
  /** What the last statement about each name made of it (undefined: a symbolic definition). */
  private readonly lastSet = new Map<string, Variable | undefined>();

  constructor(rules?: ScopeRules) {
    this.frames = new SectionFrames((n) => this.record(n, undefined), rules);
  }

  /** Moves to a formula's section path (see `SectionFrames.enter`). */
  enter(path: readonly number[]): void {
    this.frames.enter(path);
  }

  /** The variables known now (live; for evaluation while the document is walked). */
  get live(): ReadonlyMap<string, Variable> {
    return this.current;
  }

  /** Defines `name` from now on; `undefined` forgets it (a later symbolic definition wins too). */
  set(name: string, v: Variable | undefined): void {
    this.lastSet.set(name, v);
    if (v === undefined && !this.current.has(name)) return;
    if (v) this.frames.setting(name);
    this.record(name, v);
  }

  private record(name: string, v: Variable | undefined): void {
    if (this.current.get(name) === v) return;
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

  /** Every name whose last statement gave it a value, with that value, whatever its section. */
  everDefined(): Map<string, Variable> {
    const all = new Map<string, Variable>();
    for (const [name, v] of this.lastSet) if (v) all.set(name, v);
    return all;
  }

  /**
   * The values `name` was given before its current one, latest first, at most `max` (none for most
   * names, which are given one value): another meaning the document gave the same letter.
   */
  earlierValues(name: string, max = 3): Val[] {
    const list = this.hist.get(name);
    const out: Val[] = [];
    if (!list || list.length < 2) return out;
    const now = this.current.get(name);
    for (let i = list.length - 1; i >= 0 && out.length < max; i--) {
      const v = list[i].v;
      if (v && v !== now && !out.includes(v.value)) out.push(v.value);
    }
    return out;
  }

  /** The last view handed out: views of the same moment are one (a formula's `after` is most often the next one's `scope`). */
  private view: ScopeView | undefined;

  /** A frozen view of the variables known at this moment. */
  snapshot(): ReadonlyMap<string, Variable> {
    if (this.view?.at !== this.seq) this.view = new ScopeView(this.hist, this.seq);
    return this.view;
  }
}

class ScopeView implements ReadonlyMap<string, Variable> {
  constructor(
    private readonly hist: Map<string, Entry[]>,
    readonly at: number,
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

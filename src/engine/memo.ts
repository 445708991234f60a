/**
 * A memo keyed by two objects, for values computed from table entries (a fee
 * from a points entry and a point-value entry). Entries belong to one build of
 * the tables: when the tables in force change (useTables, workbook overrides,
 * settings), the engine looks up new entry objects and never meets the old
 * results again; weak keys let those go with the old tables.
 * Keys must be immutable for the memo to be right: entries and Decimals are.
 */
export class PairMemo<V> {
  private readonly byFirst = new WeakMap<object, WeakMap<object, V>>();

  get(a: object, b: object): V | undefined {
    return this.byFirst.get(a)?.get(b);
  }

  set(a: object, b: object, value: V): V {
    let inner = this.byFirst.get(a);
    if (!inner) {
      inner = new WeakMap();
      this.byFirst.set(a, inner);
    }
    inner.set(b, value);
    return value;
  }
}

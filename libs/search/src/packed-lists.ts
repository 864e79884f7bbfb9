/**
 * Many small integer lists in two flat typed arrays. A typed array costs ~100 bytes of header;
 * 200k tiny ones (tags, studios, producers, relations, postings) would cost ~20 MB for nothing.
 */
export class PackedLists {
  private readonly offsets: Int32Array;
  private readonly data: Int32Array;

  constructor(lists: ReadonlyArray<ArrayLike<number>>) {
    this.offsets = new Int32Array(lists.length + 1);
    let total = 0;
    lists.forEach((list, i) => {
      this.offsets[i] = total;
      total += list.length;
    });
    this.offsets[lists.length] = total;
    this.data = new Int32Array(total);
    lists.forEach((list, i) => this.data.set(Array.from(list), this.offsets[i] as number));
  }

  get size(): number {
    return this.offsets.length - 1;
  }

  length(i: number): number {
    return (this.offsets[i + 1] as number) - (this.offsets[i] as number);
  }

  /** A view (no copy) of list `i`, ascending if it was built ascending. */
  get(i: number): Int32Array {
    return this.data.subarray(this.offsets[i] as number, this.offsets[i + 1] as number);
  }

  /**
   * The inverse: for each value `v < valueCount`, the ascending list of the `i` whose list holds
   * `v` (tag → entries from entry → tags), in two flat arrays like the original.
   */
  invert(valueCount: number): PackedLists {
    const offsets = new Int32Array(valueCount + 1);
    for (let k = 0; k < this.data.length; k++) offsets[(this.data[k] as number) + 1]++;
    for (let v = 0; v < valueCount; v++) offsets[v + 1] = (offsets[v + 1] as number) + (offsets[v] as number);
    const data = new Int32Array(this.data.length);
    const cursor = offsets.slice(0, valueCount);
    for (let i = 0; i < this.size; i++) {
      const end = this.offsets[i + 1] as number;
      for (let k = this.offsets[i] as number; k < end; k++) {
        const v = this.data[k] as number;
        data[cursor[v] as number] = i;
        cursor[v] = (cursor[v] as number) + 1;
      }
    }
    return Object.assign(Object.create(PackedLists.prototype) as PackedLists, { offsets, data });
  }

  includes(i: number, value: number): boolean {
    const end = this.offsets[i + 1] as number;
    for (let k = this.offsets[i] as number; k < end; k++) if (this.data[k] === value) return true;
    return false;
  }
}

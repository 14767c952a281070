/**
 * Bump allocator for cached JSON: strings are copied into 1 MiB slabs and kept as views, which costs ~ the bytes
 * themselves (a Buffer per string would round up in the shared pool; a kept string would stay a rope).
 */
export class Arena {
  private slab = Buffer.allocUnsafeSlow(0);
  private used = 0;

  /** `text` must be ASCII (all generated JSON is): it is copied as latin1, one byte per character. */
  copy(text: string): Buffer {
    const length = text.length;
    if (length > this.slab.length - this.used) {
      this.slab = Buffer.allocUnsafeSlow(Math.max(1 << 20, length));
      this.used = 0;
    }
    const start = this.used;
    this.slab.write(text, start, length, 'latin1');
    this.used += length;
    return this.slab.subarray(start, start + length);
  }
}

/** A flat copy of a string built by concatenation (kept fragments then cost one piece, not a tree, to join). */
export function flat(text: string): string {
  return Buffer.from(text, 'latin1').toString('latin1');
}

/** Spare buffers one cached page keeps; more concurrent readers than this get a fresh buffer each. */
const MAX_SPARE = 8;

/**
 * Whole copies of one cached page with the reader's token written into fixed slots, handed out
 * and taken back once the response has been written. Copying the page into a fresh buffer per
 * request, and collecting those buffers, cost more than everything else a cached page view does.
 * Every token must be as wide as the slots (a CSRF token always is); take() refuses any other.
 */
export class PageBuffers {
  private readonly spare: Buffer[] = [];
  private readonly slots: number[] = [];
  private readonly length: number;

  constructor(
    private readonly pieces: Buffer[],
    private readonly slotWidth: number,
  ) {
    let at = 0;
    pieces.forEach((piece, i) => {
      at += piece.length;
      if (i < pieces.length - 1) {
        this.slots.push(at);
        at += slotWidth;
      }
    });
    this.length = at;
  }

  /** The page with this token in every slot, or null when the token is not slot-wide. */
  take(token: Buffer): Buffer | null {
    if (token.length !== this.slotWidth) return null;
    const page = this.spare.pop() ?? this.assemble();
    for (const at of this.slots) token.copy(page, at);
    return page;
  }

  /** Gives a page back once nothing will read it again (its response has been written). */
  release(page: Buffer): void {
    if (this.spare.length < MAX_SPARE && page.length === this.length) this.spare.push(page);
  }

  /** Bytes the spare copies hold. */
  get spareBytes(): number {
    return this.spare.length * this.length;
  }

  /** Bytes the spare copies would hold with every one kept: what a cache should budget for them. */
  get mostSpareBytes(): number {
    return MAX_SPARE * this.length;
  }

  private assemble(): Buffer {
    return Buffer.concat(joinPieces(this.pieces, Buffer.alloc(this.slotWidth)), this.length);
  }
}

/** A page's pieces with the token between each two: the parts to send, in order. */
export function joinPieces(pieces: Buffer[], token: Buffer): Buffer[] {
  return pieces.flatMap((piece, i) => (i === 0 ? [piece] : [token, piece]));
}

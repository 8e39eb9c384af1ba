// The order imported comments are stored in: oldest first, but never a reply before the comment it answers,
// whatever order the export lists them in. Pure; linear in the number of comments (after the sort).

export interface SourceComment {
  id: string;
  parentId: string;
  date: string | null;
}

export interface PlacedComment<T> {
  comment: T;
  /** The source id of the parent as stored: null at the top level (no parent, a missing one, or a loop broken). */
  parentId: string | null;
  depth: number;
}

const NO_PARENT = new Set(['', '0']);

/** Parents before their replies, siblings oldest first; a reply to a missing comment, or one caught in a loop, stands at the top. */
export function orderThread<T extends SourceComment>(comments: readonly T[]): PlacedComment<T>[] {
  const byId = new Map<string, T>();
  for (const c of comments) if (!byId.has(c.id)) byId.set(c.id, c);
  const sorted = [...byId.values()].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
  const parentOf = (c: T) => (NO_PARENT.has(c.parentId) || c.parentId === c.id || !byId.has(c.parentId) ? null : c.parentId);
  const waiting = new Map<string, T[]>();
  const placed = new Map<string, number>();
  const out: PlacedComment<T>[] = [];
  const place = (first: T, parentId: string | null) => {
    const stack: { c: T; parentId: string | null }[] = [{ c: first, parentId }];
    while (stack.length > 0) {
      const { c, parentId: p } = stack.pop()!;
      if (placed.has(c.id)) continue;
      const depth = p === null ? 0 : placed.get(p)! + 1;
      placed.set(c.id, depth);
      out.push({ comment: c, parentId: p, depth });
      const children = waiting.get(c.id);
      waiting.delete(c.id);
      // Pushed newest first, so the oldest reply is placed next.
      if (children) for (let i = children.length - 1; i >= 0; i--) stack.push({ c: children[i]!, parentId: c.id });
    }
  };
  for (const c of sorted) {
    const p = parentOf(c);
    if (p === null || placed.has(p)) place(c, p);
    else {
      const list = waiting.get(p);
      if (list) list.push(c);
      else waiting.set(p, [c]);
    }
  }
  // What is still unplaced hangs off a loop: the oldest of each loop stands at the top and takes its replies along.
  for (const c of sorted) if (!placed.has(c.id)) place(c, null);
  return out;
}

// Replies keep their place when the comment they answer is removed: it is shown as a placeholder, not lifted away.

/**
 * The shown comments plus the placeholder of every hidden comment (held, spam, trash) that a shown comment answers,
 * directly or through other hidden ones, in id order: each reply stays under what it answered. Placeholders no shown
 * comment needs are left out. Pure, linear.
 */
export function addRemovedPlaceholders<T extends { id: number; parent_id: number | null }>(shown: readonly T[], hidden: readonly T[]): T[] {
  if (hidden.length === 0) return [...shown];
  const shownIds = new Set(shown.map((c) => c.id));
  const hiddenById = new Map(hidden.filter((h) => !shownIds.has(h.id)).map((h) => [h.id, h]));
  const needed = new Map<number, T>();
  for (const c of shown) {
    // Stops at the first ancestor already placed or shown, so each hidden comment is visited once.
    for (let id = c.parent_id; id !== null && !needed.has(id);) {
      const h = hiddenById.get(id);
      if (!h) break;
      needed.set(id, h);
      id = h.parent_id;
    }
  }
  if (needed.size === 0) return [...shown];
  return [...shown, ...needed.values()].sort((a, b) => a.id - b.id);
}

// The thread before each item of a classifier job, as the job works through its items. A batch (an import's 250
// comments at a time) pushes every item it labels onto the thread; handing each next item the whole of it made a
// batch quadratic (the classifier indexes every earlier author for each item: 50,000 imported comments took a
// minute to label). Past the size a single comment's context can reach, each item reads what a comment stored on
// its own reads: the recent window plus its whole reply chain. Pure.
import { CONTEXT_WINDOW, MAX_ANCESTORS } from './relabel-plan.js';
import type { ThreadItem } from './stance-types.js';

/** As much as a single comment's job can hold (its window and its reply chain): up to here a job reads all of it. */
const WHOLE_THREAD_UP_TO = CONTEXT_WINDOW + MAX_ANCESTORS;

export class ThreadWindow {
  private readonly items: ThreadItem[];
  private readonly indexOf = new Map<string, number>();

  constructor(earlier: readonly ThreadItem[]) {
    this.items = [...earlier];
    this.items.forEach((item, i) => this.indexOf.set(item.id, i));
  }

  /** Adds an item (labelled) after the others. */
  push(item: ThreadItem): void {
    this.indexOf.set(item.id, this.items.length);
    this.items.push(item);
  }

  /** The thread an item with this parent reads: all of it while it is small, else the recent window and the reply chain, in thread order. */
  before(parentId: string | null): ThreadItem[] {
    if (this.items.length <= WHOLE_THREAD_UP_TO) return [...this.items];
    const picked = new Set<number>();
    for (let i = this.items.length - CONTEXT_WINDOW; i < this.items.length; i++) picked.add(i);
    let id = parentId;
    for (let steps = 0; id !== null && steps < MAX_ANCESTORS; steps++) {
      const at = this.indexOf.get(id);
      if (at === undefined) break;
      picked.add(at);
      id = this.items[at]!.parentId;
    }
    return [...picked].sort((a, b) => a - b).map((i) => this.items[i]!);
  }
}

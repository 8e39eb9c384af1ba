// Fails when two folders of server/ import each other, directly or round a longer loop. dependency-cruiser
// finds cycles between modules; a folder cycle (post/a.ts -> comment/b.ts, comment/c.ts -> post/d.ts) has none,
// yet it is what makes two features impossible to change apart. Run: npx tsx tools/ci/folder-cycles.ts
import { cruise, type ICruiseResult } from 'dependency-cruiser';

/** The folder a module belongs to ("server/post"), or null for files outside server's feature folders. */
function folderOf(path: string): string | null {
  const match = /^(server\/[^/]+)\//.exec(path);
  return match ? match[1]! : null;
}

/** The folder graph: an edge A -> B when some module in A imports one in B. */
function folderGraph(result: ICruiseResult): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const module of result.modules) {
    const from = folderOf(module.source);
    if (!from) continue;
    for (const dep of module.dependencies) {
      const to = folderOf(dep.resolved);
      if (!to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      // Keep one example import per edge, for the message.
      if (!graph.get(from)!.has(to)) graph.get(from)!.set(to, `${module.source} -> ${dep.resolved}`);
    }
  }
  return graph;
}

/** Strongly connected components with more than one folder (Tarjan), each a set of folders in a cycle. */
function folderCycles(graph: Map<string, Map<string, string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    indices.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indices.get(next)!));
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return cycles;
}

const cruised = await cruise(['server'], { tsPreCompilationDeps: true, exclude: { path: '^node_modules' } }, undefined, {
  tsConfig: { fileName: 'tsconfig.json' },
});
const graph = folderGraph(cruised.output as ICruiseResult);
const cycles = folderCycles(graph);
for (const cycle of cycles) {
  console.error(`Folder cycle: ${cycle.join(' <-> ')}`);
  for (const from of cycle) for (const [to, example] of graph.get(from) ?? []) if (cycle.includes(to)) console.error(`  ${example}`);
}
console.log(cycles.length === 0 ? `No folder cycles among ${graph.size} folders of server/.` : `${cycles.length} folder cycle(s).`);
process.exit(cycles.length === 0 ? 0 : 1);

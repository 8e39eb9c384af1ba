/** The end-of-import table `npm run import` prints: its heading ("Imported from FILE" or "Would import from FILE") and each row's number. */
export function printedCounts(stdout: string): { heading: string; counts: Record<string, number> } | null {
  const lines = stdout.split('\n');
  const at = lines.findIndex((l) => /^(Imported|Would import) from .+:$/.test(l));
  if (at < 0) return null;
  const counts: Record<string, number> = {};
  for (const line of lines.slice(at + 1)) {
    const row = /^ {2}([a-z]+) +(\d+)(?: {2}.*)?$/.exec(line);
    if (!row) break;
    counts[row[1]!] = Number(row[2]);
  }
  return { heading: lines[at]!.slice(0, -1), counts };
}

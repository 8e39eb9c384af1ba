// The terminal's progress bar for long imports. Pure: the caller owns the clock and the terminal.

const BAR_WIDTH = 30;

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** "[#######.......]  1,200 / 5,000 comments  24%  ETA 0:31": the ETA from the rate so far, "--" until there is one. */
export function progressLine(done: number, total: number, elapsedMs: number, noun: string): string {
  const share = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(share * BAR_WIDTH);
  const eta = done > 0 && done < total ? clock(((total - done) * elapsedMs) / done / 1000) : done >= total ? clock(0) : '--';
  const n = (x: number) => x.toLocaleString('en-GB');
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${n(done)} / ${n(total)} ${noun}  ${Math.floor(share * 100)}%  ETA ${eta}`;
}

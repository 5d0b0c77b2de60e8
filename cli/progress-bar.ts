/**
 * A text progress bar on stderr: redrawn in place (\r) on a terminal, one line per 10% otherwise
 * (CI logs, pipes), so the output stays readable either way.
 */
export interface ProgressBar {
  update(done: number, total: number): void;
  finish(): void;
}

export function createProgressBar(stream: { write(text: string): unknown; readonly isTTY?: boolean }, label: string, width = 30): ProgressBar {
  let lastDecile = -1;
  let drawn = false;
  const render = (done: number, total: number): string => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(ratio * width);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(ratio * 100)}% ${done}/${total}`;
  };
  return {
    update(done, total) {
      if (stream.isTTY) {
        stream.write(`\r${render(done, total)}`);
        drawn = true;
        return;
      }
      const decile = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (decile === lastDecile) return;
      lastDecile = decile;
      stream.write(`${render(done, total)}\n`);
    },
    finish() {
      if (drawn) stream.write('\n');
    },
  };
}

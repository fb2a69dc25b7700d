// Progress of a long run on stderr: a bar with an ETA on a terminal, a line every tenth otherwise.

/** A progress reporter for the pool (by estimated work: the costliest runs go first). */
export function progress(label: string): (done: number, total: number, workDone: number) => void {
  const started = performance.now();
  const tty = process.stderr.isTTY === true;
  let lastPlain = -1;
  return (done, total, workDone) => {
    const elapsed = (performance.now() - started) / 1000;
    // By estimated work, not by runs: the costliest runs go first.
    const eta = workDone <= 0 ? 0 : Math.max(0, (elapsed / workDone) * (1 - workDone));
    if (tty) {
      const width = 30;
      const filled = Math.round(workDone * width);
      process.stderr.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}  ${elapsed.toFixed(0)} s, ETA ${eta.toFixed(0)} s  `,
      );
      if (done === total) process.stderr.write('\n');
    } else {
      const tenth = Math.floor((done / total) * 10);
      if (tenth !== lastPlain || done === total) {
        lastPlain = tenth;
        process.stderr.write(`${label}: ${done}/${total} runs, ${elapsed.toFixed(1)} s, ETA ${eta.toFixed(0)} s\n`);
      }
    }
  };
}

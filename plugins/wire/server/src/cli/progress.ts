/**
 * Progress of a long ingest: a bar redrawn in place on a terminal, one plain line per file when the
 * output is a file or a pipe (CI logs, cron mail).
 */
import type { FileReport } from '../ingest/summary';

type Out = { log: (line: string) => void };

function line(r: FileReport): string {
  return r.error
    ? `error: ${r.error}`
    : `${r.format}: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected`;
}

/** Returns a reporter; call it with `null` when done to finish the bar's line. */
export function createProgress(out: Out, stream: NodeJS.WriteStream = process.stdout) {
  const tty = !!stream.isTTY;
  const started = Date.now();
  let items = 0;
  return (r: FileReport | null, done: number, total: number) => {
    if (!r) {
      if (tty) stream.write('\n');
      return;
    }
    items += r.items;
    if (!tty) {
      out.log(`[${done}/${total}] ${r.source} ${line(r)}`);
      return;
    }
    const width = 30;
    const filled = total ? Math.round((done / total) * width) : width;
    const rate = items / Math.max(0.001, (Date.now() - started) / 1000);
    stream.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} files, ${items} items, ${rate.toFixed(0)} items/s `,
    );
    if (r.error) stream.write(`\n  ${r.source}: ${r.error}\n`);
  };
}

/** A backfill's bar: bytes of the archive done, stories stored per second and the time left. */
export function createBackfillProgress(out: Out, stream: NodeJS.WriteStream = process.stdout) {
  const tty = !!stream.isTTY;
  const started = Date.now();
  let lastLine = 0;
  let lastFile = 0;
  const clock = (s: number) =>
    Number.isFinite(s)
      ? `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(Math.floor(s % 60)).padStart(2, '0')}`
      : '--:--:--';
  return (
    s: {
      file: string;
      fileIndex: number;
      files: number;
      bytesDone: number;
      bytesTotal: number;
      itemsThisRun: number;
    } | null,
  ) => {
    if (!s) {
      if (tty) stream.write('\n');
      return;
    }
    const elapsed = Math.max(0.001, (Date.now() - started) / 1000);
    const share = s.bytesTotal ? Math.min(1, s.bytesDone / s.bytesTotal) : 1;
    const eta = share > 0 ? (elapsed / share) * (1 - share) : Infinity;
    const text = `${(share * 100).toFixed(1).padStart(5)}% ${s.fileIndex}/${s.files} files, ${s.itemsThisRun} stories, ${(s.itemsThisRun / elapsed).toFixed(0)} stories/s, ETA ${clock(eta)}`;
    if (tty) {
      const width = 30;
      const filled = Math.round(share * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text} `);
    } else if (Date.now() - lastLine > 10_000 || s.fileIndex !== lastFile) {
      // A log, not a terminal: a line per file and every ten seconds.
      lastLine = Date.now();
      lastFile = s.fileIndex;
      out.log(`${text} (${s.file})`);
    }
  };
}

/**
 * Progress of a long ingest: a bar redrawn in place on a terminal, one plain line per file when the
 * output is a file or a pipe (CI logs, cron mail).
 */
import type { FileReport } from '../ingest/summary';

type Out = { log: (line: string) => void };

function line(r: FileReport): string {
  return r.error ? `error: ${r.error}` : `${r.format}: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected`;
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
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} files, ${items} items, ${rate.toFixed(0)} items/s `);
    if (r.error) stream.write(`\n  ${r.source}: ${r.error}\n`);
  };
}

/**
 * The progress line `fanout ocr` keeps on stderr: redrawn in place on a terminal, otherwise printed when it
 * changes (at most every 5 s), so logs stay readable.
 */
import type { OcrProgress } from './progress';

const WIDTH = 24;

export class ProgressBar {
  private last = '';
  private lastPrinted = 0;
  private drawn = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly tty: boolean,
  ) {}

  update(progress: OcrProgress): void {
    const line = formatProgress(progress);
    if (this.tty) {
      this.write(`\r${line}\u001b[K`);
      this.drawn = true;
      return;
    }
    const now = Date.now();
    const changed = stripTimes(line) !== stripTimes(this.last);
    if (changed && (now - this.lastPrinted >= 5000 || progress.done === progress.total)) {
      this.write(`${line}\n`);
      this.last = line;
      this.lastPrinted = now;
    }
  }

  end(): void {
    if (this.drawn) this.write('\n');
    this.drawn = false;
  }
}

export function formatProgress(p: OcrProgress): string {
  const ratio = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const filled = Math.round(ratio * WIDTH);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
  const eta = p.etaSeconds === undefined ? '--:--' : clock(p.etaSeconds);
  return `[${bar}] ${p.done}/${p.total} documents · ${p.pages} pages · ${p.pagesPerSecond.toFixed(2)} pages/s · ${p.failed} failed · ETA ${eta}`;
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

function stripTimes(line: string): string {
  return line.replace(/[\d.]+ pages\/s|ETA \S+/g, '');
}

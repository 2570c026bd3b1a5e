import type { ProgressEvent } from '../bench/types.js';

const LABELS: Record<ProgressEvent['scenario'], string> = {
  size: 'size',
  fresh: 'fresh build',
  noop: 'no-op rebuild',
  code: 'code change',
  deps: 'new dependency',
  verify: 'verifying',
  'deps-lock': 're-locking dependencies',
  analyse: 'analysing image',
};

/**
 * One status line on stderr, redrawn in place (scenario, side, run, step n/m, elapsed).
 * Only for a terminal: piped output and CI logs stay clean.
 */
export class BenchProgress {
  private last: ProgressEvent | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.timer = setInterval(() => this.draw(), 1000);
    this.timer.unref();
  }

  update(event: ProgressEvent): void {
    this.last = event;
    this.draw();
  }

  private draw(): void {
    const event = this.last;
    if (!event) return;
    const elapsed = ((Date.now() - event.startedAt) / 1000).toFixed(0);
    const parts = [LABELS[event.scenario]];
    if (event.run && event.runs) parts.push(`run ${event.run}/${event.runs}`);
    if (event.side) parts.push(event.side);
    if (event.step) parts.push(`step ${event.step.done}/${event.step.total} ${event.step.name}`);
    parts.push(`${elapsed}s`);
    const width = Math.max(20, (this.stream.columns ?? 100) - 1);
    let text = parts.join('  ');
    if (text.length > width) text = `${text.slice(0, width - 1)}…`;
    this.stream.write(`\r\x1b[2K${text}`);
  }

  stop(): void {
    clearInterval(this.timer);
    if (this.last) this.stream.write('\r\x1b[2K');
  }
}

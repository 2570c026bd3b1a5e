import { escapeHtml, svgNumber as n } from './escape.js';

/**
 * Inline SVG charts drawn from plain numbers. Every data mark carries class "mark" and a
 * <title> (the browser shows it on hover), so the page needs no script. Sizes are in
 * viewBox units; the SVG scales to the page width.
 */

const WIDTH = 720;
const LABEL_WIDTH = 210;
const VALUE_WIDTH = 150;
const PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
const ROW = 24;
const BAR = 16;
const LABEL_CHARS = 30;

export const COLORS = {
  error: '#cf222e',
  warning: '#bf8700',
  info: '#0969da',
  before: '#8c959f',
  after: '#1a7f37',
  accent: '#0969da',
  flag: '#cf222e',
} as const;

/** Distinct, colour-blind-friendlier hues for stacked segments; repeats after ten. */
const PALETTE = [
  '#0969da',
  '#bf8700',
  '#1a7f37',
  '#8250df',
  '#cf222e',
  '#1b7c83',
  '#bc4c00',
  '#6e7781',
  '#4d2d00',
  '#e85aad',
];

export type Format = (value: number) => string;

function clip(text: string, chars = LABEL_CHARS): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length <= chars ? single : `${single.slice(0, chars - 1)}…`;
}

/** Bars never vanish: a non-zero value is at least one unit wide so it stays visible. */
function barLength(value: number, max: number, span: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.max(1, (value / max) * span);
}

function svg(caption: string, height: number, content: string[]): string {
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${n(height)}" role="img" aria-label="${escapeHtml(caption)}">\n${content.join('\n')}\n</svg>`;
}

function figure(kind: string, caption: string, body: string): string {
  return `<figure class="chart-${kind}"><figcaption>${escapeHtml(caption)}</figcaption>\n${body}\n</figure>`;
}

function label(
  x: number,
  y: number,
  text: string,
  anchor: 'start' | 'middle' | 'end' = 'end',
  cls = '',
): string {
  return `<text x="${n(x)}" y="${n(y)}" text-anchor="${anchor}"${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</text>`;
}

function rect(x: number, y: number, width: number, height: number, color: string, title: string): string {
  return `<rect class="mark" x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}" rx="2" fill="${color}"><title>${escapeHtml(title)}</title></rect>`;
}

function empty(kind: string, caption: string, message: string): string {
  return figure(kind, caption, `<p class="muted">${escapeHtml(message)}</p>`);
}

export interface Bar {
  label: string;
  value: number;
  color?: string;
  /** Shown after the value, e.g. "3 fixable". */
  note?: string;
}

/** Horizontal bars on one scale: findings per severity, layer sizes, waste by kind. */
export function barChart(
  caption: string,
  bars: Bar[],
  format: Format,
  emptyMessage = 'Nothing to show.',
): string {
  if (bars.length === 0) return empty('bars', caption, emptyMessage);
  const max = Math.max(...bars.map((bar) => bar.value));
  const content = bars.flatMap((bar, i) => {
    const y = i * ROW + 4;
    const length = barLength(bar.value, max, PLOT_WIDTH);
    const value = `${format(bar.value)}${bar.note ? ` · ${bar.note}` : ''}`;
    return [
      label(LABEL_WIDTH - 8, y + BAR - 4, clip(bar.label)),
      length > 0
        ? rect(LABEL_WIDTH, y, length, BAR, bar.color ?? COLORS.accent, `${bar.label}: ${value}`)
        : '',
      label(LABEL_WIDTH + length + 6, y + BAR - 4, value, 'start', 'value'),
    ].filter(Boolean);
  });
  return figure('bars', caption, svg(caption, bars.length * ROW + 8, content));
}

export interface Comparison {
  label: string;
  before: number;
  after: number;
  format: Format;
  /** "85% smaller", "117x faster"… shown beside the after value. */
  change?: string;
}

/**
 * Before/after pairs, each pair on its own scale: a fresh build of minutes and a no-op
 * rebuild of a second would otherwise leave the second pair invisible.
 */
export function beforeAfterChart(caption: string, pairs: Comparison[]): string {
  if (pairs.length === 0) return empty('before-after', caption, 'Nothing was measured on both sides.');
  const pairHeight = 2 * BAR + 18;
  const content = pairs.flatMap((pair, i) => {
    const top = i * pairHeight + 4;
    const max = Math.max(pair.before, pair.after);
    const rows: Array<['before' | 'after', number]> = [
      ['before', pair.before],
      ['after', pair.after],
    ];
    const out = [label(LABEL_WIDTH - 8, top + BAR + 2, clip(pair.label))];
    rows.forEach(([side, value], row) => {
      const y = top + row * (BAR + 2);
      const length = barLength(value, max, PLOT_WIDTH);
      const text = `${side} ${pair.format(value)}${side === 'after' && pair.change ? ` · ${pair.change}` : ''}`;
      if (length > 0) out.push(rect(LABEL_WIDTH, y, length, BAR, COLORS[side], `${pair.label}, ${text}`));
      out.push(label(LABEL_WIDTH + length + 6, y + BAR - 4, text, 'start', 'value'));
    });
    return out;
  });
  const legend = legendList([
    { label: 'before', color: COLORS.before },
    { label: 'after', color: COLORS.after },
  ]);
  return figure('before-after', caption, `${svg(caption, pairs.length * pairHeight, content)}\n${legend}`);
}

export interface Segment {
  label: string;
  value: number;
}

/** One bar split into parts (the layers that make an image), with a legend naming each part. */
export function stackedBar(caption: string, segments: Segment[], format: Format): string {
  const total = segments.reduce((sum, segment) => sum + Math.max(0, segment.value), 0);
  if (total <= 0) return empty('stacked', caption, 'Nothing to show.');
  let x = 0;
  const span = WIDTH - 2;
  const content = segments.map((segment, i) => {
    const width = (Math.max(0, segment.value) / total) * span;
    const mark = rect(
      1 + x,
      4,
      Math.max(width, 0.5),
      28,
      PALETTE[i % PALETTE.length]!,
      `${segment.label}: ${format(segment.value)}`,
    );
    x += width;
    return mark;
  });
  const legend = legendList(
    segments.map((segment, i) => ({
      label: `${clip(segment.label, 48)} ${format(segment.value)}`,
      color: PALETTE[i % PALETTE.length]!,
    })),
  );
  return figure('stacked', caption, `${svg(caption, 36, content)}\n${legend}`);
}

function legendList(items: Array<{ label: string; color: string }>): string {
  const entries = items.map(
    (item) => `<li><i style="background:${item.color}"></i>${escapeHtml(item.label)}</li>`,
  );
  return `<ul class="legend">${entries.join('')}</ul>`;
}

export interface Point {
  /** Tick text under the point, e.g. a date. */
  label: string;
  value: number;
  /** Drawn in the flag colour and larger: a jump past the threshold. */
  flagged?: boolean;
  /** Hover text; defaults to label and value. */
  title?: string;
}

/** Round step for axis ticks: 1, 2 or 5 times a power of ten. */
export function niceStep(span: number, ticks: number): number {
  const raw = span / Math.max(1, ticks);
  if (raw <= 0 || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  const factor = unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10;
  return factor * power;
}

/** A value over time (image size per recorded run); flagged points stand out. */
export function lineChart(caption: string, points: Point[], format: Format, height = 240): string {
  if (points.length === 0) return empty('line', caption, 'Nothing recorded yet.');
  const left = 90;
  const right = 20;
  const top = 12;
  const bottom = 40;
  const values = points.map((point) => point.value);
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (high === low) {
    const pad = Math.abs(high) * 0.1 || 1;
    low -= pad;
    high += pad;
  }
  const step = niceStep(high - low, 4);
  low = Math.max(0, Math.floor(low / step) * step);
  high = Math.ceil(high / step) * step;
  const plotWidth = WIDTH - left - right;
  const plotHeight = height - top - bottom;
  const xOf = (i: number) =>
    left + (points.length === 1 ? plotWidth / 2 : (i / (points.length - 1)) * plotWidth);
  const yOf = (value: number) => top + plotHeight - ((value - low) / (high - low)) * plotHeight;

  const content: string[] = [];
  let previousTick = '';
  for (let tick = low; tick <= high + step / 2; tick += step) {
    const y = yOf(tick);
    content.push(
      `<line x1="${n(left)}" y1="${n(y)}" x2="${n(WIDTH - right)}" y2="${n(y)}" stroke="#d1d9e0" stroke-width="1"/>`,
    );
    // A coarse format can print two ticks alike (0.41 s, 0.41 s): keep the line, drop the repeat.
    const text = format(tick);
    if (text !== previousTick) content.push(label(left - 8, y + 4, text, 'end', 'axis'));
    previousTick = text;
  }
  const labelEvery = Math.max(1, Math.ceil(points.length / 6));
  points.forEach((point, i) => {
    const last = i === points.length - 1;
    if (i % labelEvery === 0 || last) {
      // The outermost labels hang inwards so they are not cut at the edges.
      const anchor = points.length > 1 && last ? 'end' : i === 0 && points.length > 1 ? 'start' : 'middle';
      content.push(label(xOf(i), height - bottom + 18, clip(point.label, 16), anchor, 'axis'));
    }
  });
  if (points.length > 1) {
    const d = points.map((point, i) => `${i === 0 ? 'M' : 'L'}${n(xOf(i))} ${n(yOf(point.value))}`).join(' ');
    content.push(
      `<path class="mark" d="${d}" fill="none" stroke="${COLORS.accent}" stroke-width="2" stroke-linejoin="round"><title>${escapeHtml(caption)}</title></path>`,
    );
  }
  points.forEach((point, i) => {
    const title = point.title ?? `${point.label}: ${format(point.value)}`;
    content.push(
      `<circle class="mark${point.flagged ? ' flagged' : ''}" cx="${n(xOf(i))}" cy="${n(yOf(point.value))}" r="${point.flagged ? 6 : 4}" fill="${point.flagged ? COLORS.flag : COLORS.accent}"><title>${escapeHtml(title)}</title></circle>`,
    );
  });
  return figure('line', caption, svg(caption, height, content));
}

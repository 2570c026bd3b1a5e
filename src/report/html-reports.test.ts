import { describe, expect, it } from 'vitest';
import { renderBenchHtml } from './bench-html.js';
import { renderHistoryHtml } from './history-html.js';
import { barChart, beforeAfterChart, lineChart, niceStep, stackedBar } from './html/charts.js';
import { escapeHtml } from './html/escape.js';
import { benchSample, historySample, inspectSample, lintSample } from './html/test-support/samples.js';
import { renderInspectHtml } from './inspect-html.js';
import { renderLintHtml } from './lint-html.js';

const reports = {
  lint: renderLintHtml(lintSample),
  bench: renderBenchHtml(benchSample),
  inspect: renderInspectHtml(inspectSample),
  history: renderHistoryHtml(historySample),
};

const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;

describe('HTML reports are self-contained', () => {
  for (const [name, html] of Object.entries(reports)) {
    it(`${name}: no scripts, no external resources, a CSP that forbids fetches`, () => {
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/\ssrc=/i);
      expect(html).not.toMatch(/<link\b/i);
      expect(html).not.toMatch(/@import|url\(/i);
      // Links in the body are for the reader to click (rule docs), never loaded by the page.
      for (const href of html.match(/href="[^"]*"/g) ?? [])
        expect(href).toMatch(/^href="https:\/\/shipshape\.dev\//);
    });
  }
});

describe('lint html', () => {
  it('charts findings by severity in severity colours and escapes messages', () => {
    const html = reports.lint;
    const severity = html.slice(html.indexOf('id="severity"'), html.indexOf('id="rules"'));
    expect(count(severity, /<rect class="mark"/g)).toBe(3);
    expect(severity).toContain('<title>warning: 3</title>');
    expect(severity).toContain('fill="#cf222e"');
    expect(html).toContain('apt lists stay in the layer &lt;script&gt;alert(1)&lt;/script&gt;.');
    expect(html).toContain('<title>SS102 apt-recommends-installed: 2 · 2 fixable</title>');
  });

  it('matches the snapshot', () => {
    expect(reports.lint).toMatchSnapshot();
  });
});

describe('bench html', () => {
  it('draws a before/after pair for size, layers and every scenario, plus the metrics table', () => {
    const html = reports.bench;
    const builds = html.slice(html.indexOf('id="builds"'), html.indexOf('id="layers"'));
    for (const scenario of [
      'Fresh build',
      'nothing changed',
      'code change',
      'new dependency',
      'Start until healthy',
    ]) {
      expect(builds).toContain(scenario);
    }
    expect(count(builds, /<rect class="mark"/g)).toBe(10);
    expect(html).toContain('after 0.40 s · 118x faster');
    expect(html).toContain('after 182 MB · 87% smaller');
    expect(html).toContain('<td>Image size</td><td>1.37 GB</td><td>182 MB</td><td>87% smaller</td>');
  });

  it('matches the snapshot', () => {
    expect(reports.bench).toMatchSnapshot();
  });
});

describe('inspect html', () => {
  it('stacks the layers, bars their sizes and lists waste, distributions and broken budgets', () => {
    const html = reports.inspect;
    expect(html).toContain('class="chart-stacked"');
    const stacked = html.slice(html.indexOf('chart-stacked'), html.indexOf('chart-bars'));
    expect(count(stacked, /<rect class="mark"/g)).toBe(6);
    expect(html).toContain('#2 apt-get update &amp;&amp; apt-get install -y build-essential curl: 520.0 MB');
    expect(html).toContain('torch 2.4.0');
    expect(html).toContain('Budget broken: wasted 45.0 MB &gt; 20.0 MB');
  });

  it('matches the snapshot', () => {
    expect(reports.inspect).toMatchSnapshot();
  });
});

describe('history html', () => {
  it('draws size over time per subject and marks the jump in red', () => {
    const html = reports.history;
    expect(count(html, /<section id="series-/g)).toBe(2);
    expect(count(html, /<circle class="mark flagged"/g)).toBe(1);
    expect(html).toContain('<span class="flag">+32.2% jump</span>');
    // The bench subject also gets one line per build scenario.
    expect(html).toContain('Rebuild, code change (median) over time');
  });

  it('matches the snapshot', () => {
    expect(reports.history).toMatchSnapshot();
  });
});

describe('chart helpers', () => {
  it('keeps a tiny non-zero bar visible and draws nothing for zero', () => {
    const html = barChart(
      'c',
      [
        { label: 'big', value: 1_000_000 },
        { label: 'tiny', value: 1 },
        { label: 'none', value: 0 },
      ],
      String,
    );
    expect(count(html, /<rect class="mark"/g)).toBe(2);
    expect(html).toMatch(/<rect class="mark" x="210" y="28" width="1" /);
  });

  it('scales each before/after pair on its own', () => {
    const html = beforeAfterChart('c', [
      { label: 'minutes', before: 100_000, after: 50_000, format: String },
      { label: 'seconds', before: 2, after: 1, format: String },
    ]);
    const widths = [...html.matchAll(/width="([\d.]+)" height="16"/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([360, 180, 360, 180]);
  });

  it('says so instead of drawing an empty chart', () => {
    expect(barChart('c', [], String, 'No findings.')).toContain('<p class="muted">No findings.</p>');
    expect(stackedBar('c', [{ label: 'a', value: 0 }], String)).not.toContain('<svg');
    expect(lineChart('c', [], String)).toContain('Nothing recorded yet.');
  });

  it('picks round axis steps and escapes every text', () => {
    expect(niceStep(58_500_000, 4)).toBe(20_000_000);
    expect(niceStep(7, 4)).toBe(2);
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

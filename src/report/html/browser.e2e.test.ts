import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderBenchHtml } from '../bench-html.js';
import { renderHistoryHtml } from '../history-html.js';
import { renderInspectHtml } from '../inspect-html.js';
import { renderLintHtml } from '../lint-html.js';
import { benchSample, historySample, inspectSample, lintSample } from './test-support/samples.js';

/**
 * Opens every HTML report in Debian's headless Chromium: the charts must draw, the page
 * must fetch nothing and log no error. Screenshots land in test-artifacts/ for people to look at.
 */

const CHROMIUM = process.env.SHIPSHAPE_CHROMIUM ?? '/usr/bin/chromium';
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const artifacts = path.join(repo, 'test-artifacts');

const reports: Record<string, string> = {
  lint: renderLintHtml(lintSample),
  bench: renderBenchHtml(benchSample),
  inspect: renderInspectHtml(inspectSample),
  history: renderHistoryHtml(historySample),
};

interface ChartCheck {
  charts: number;
  /** Per chart: data marks (rect, path, circle) with a non-zero box, and how many of them are rect or path. */
  visible: Array<{ marks: number; rectsAndPaths: number; caption: string }>;
}

/** Asks the browser for each chart's drawn boxes: a mark that failed to render has no box. */
async function chartCheck(page: Page): Promise<ChartCheck> {
  const charts = await page.locator('svg.chart').all();
  const visible: ChartCheck['visible'] = [];
  for (const chart of charts) {
    const boxes = await chart.locator('.mark').evaluateAll((marks) =>
      marks.map((mark) => {
        const box = mark.getBoundingClientRect();
        return { tag: mark.tagName, drawn: box.width > 0 && box.height > 0 };
      }),
    );
    const drawn = boxes.filter((box) => box.drawn);
    const marks = drawn.length;
    const rectsAndPaths = drawn.filter((box) => box.tag === 'rect' || box.tag === 'path').length;
    visible.push({ marks, rectsAndPaths, caption: (await chart.getAttribute('aria-label')) ?? '' });
  }
  return { charts: charts.length, visible };
}

function describeWithChromium(name: string, body: () => void): void {
  const available = existsSync(CHROMIUM);
  if (!available && process.env.SHIPSHAPE_REQUIRE_DOCKER) {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(
          `SHIPSHAPE_REQUIRE_DOCKER is set but ${CHROMIUM} is missing: apt-get install -y chromium.`,
        );
      });
    });
    return;
  }
  (available ? describe : describe.skip)(name, body);
}

describeWithChromium('HTML reports in headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'shipshape-html-'));
    mkdirSync(artifacts, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      timeout: 120_000,
    });
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, html] of Object.entries(reports)) {
    it(`${name}: charts render, nothing is fetched, nothing is logged as an error`, async () => {
      const file = path.join(dir, `${name}.html`);
      writeFileSync(file, html);
      const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (request) => {
        if (!/^(file|data):/.test(request.url())) requests.push(request.url());
      });
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      try {
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        const check = await chartCheck(page);
        expect(check.charts).toBeGreaterThan(0);
        for (const chart of check.visible) {
          expect(chart.marks, `chart "${chart.caption}" drew nothing visible`).toBeGreaterThan(0);
        }
        expect(check.visible.some((chart) => chart.rectsAndPaths > 0)).toBe(true);
        await page.screenshot({ path: path.join(artifacts, `report-${name}.png`), fullPage: true });
      } finally {
        await page.close();
      }
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
    }, 60_000);
  }

  it('would notice a request: a page that loads an image is caught', async () => {
    const file = path.join(dir, 'leaky.html');
    writeFileSync(file, '<!doctype html><img src="http://127.0.0.1:9/x.png">');
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (request) => {
      if (!/^(file|data):/.test(request.url())) requests.push(request.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.close();
    expect(requests).toEqual(['http://127.0.0.1:9/x.png']);
  }, 60_000);
});

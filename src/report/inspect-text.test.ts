import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectImage } from '../image/inspect-image.js';
import { imageConfig, layer, tarOf, writeOciLayout } from '../image/test-support/fixtures.js';
import { renderInspectText } from './inspect-text.js';
import { printable } from './printable.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-inspect-text-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ESC = '\u001b';

describe('printable', () => {
  it('writes control characters and bidi overrides as escapes, and keeps the rest', () => {
    expect(printable(`a${ESC}[31mred\nline\ttab\r\u0007\u009b\u202eevil\u007f`)).toBe(
      'a\\x1b[31mred\\nline\\ttab\\r\\x07\\x9b\\u202eevil\\x7f',
    );
    expect(printable('café → naïve ✓ 日本')).toBe('café → naïve ✓ 日本');
    expect(printable('one\ntwo', { keepNewlines: true })).toBe('one\ntwo');
  });
});

describe('inspect text output of a hostile image', () => {
  it('never hands escape sequences or newlines from the image to the terminal', async () => {
    const hostileName = `app/${ESC}]0;pwned${ESC}\\x${ESC}[2J.bin`;
    const layers = [
      layer(
        await tarOf([
          { path: hostileName, size: 5000 },
          { path: 'app/fake\nLayers\n  99 line.txt', size: 4000 },
          { path: `../${ESC}[31mescape`, content: 'x' },
        ]),
      ),
      layer(await tarOf([{ path: `.wh.${hostileName.slice(4)}`, content: '' }])),
    ];
    const config = imageConfig(layers, {
      user: `root${ESC}[8m`,
      history: [`RUN echo ${ESC}[31mred${ESC}[0m\nfake line`, 'RUN rm'],
    });
    const path = join(dir, 'hostile');
    await writeOciLayout(path, [{ platform: { os: 'linux', architecture: 'amd64' }, layers, config }]);
    const report = await inspectImage({ oci: path }, { layer: 1 });
    const text = renderInspectText(report);
    expect(text).not.toContain(ESC);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('\\x1b[31mred\\x1b[0m');
    expect(text).toContain('/app/\\x1b]0;pwned\\x1b\\x\\x1b[2J.bin');
    expect(text).toContain('/app/fake\\nLayers\\n  99 line.txt');
    expect(text).toContain('user root\\x1b[8m');
    expect(text).toContain('climb out of the image root (../\\x1b[31mescape)');
  });
});

import { describe, expect, it } from 'vitest';
import { editedBytes, usesCrlf } from './text-edit.js';

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const read = (bytes: Buffer) => {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
};

describe('editedBytes', () => {
  it('keeps invalid UTF-8 on lines the edit did not touch', () => {
    const original = Buffer.concat([
      Buffer.from('FROM python:3.12\n# caf'),
      latin1('\xe9 \xff\xfe'),
      Buffer.from('\nRUN pip install flask\n# end '),
      latin1('\x80'),
      Buffer.from('\n'),
    ]);
    const before = read(original);
    expect(before).toContain('\uFFFD');
    const after = before.replace('pip install', 'pip install --no-cache-dir');
    const written = editedBytes(original, before, after)!;
    expect(written.includes(latin1('caf\xe9 \xff\xfe\n'))).toBe(true);
    expect(written.includes(latin1('# end \x80\n'))).toBe(true);
    expect(written.includes(Buffer.from('RUN pip install --no-cache-dir flask\n'))).toBe(true);
    expect(written.includes(Buffer.from('\uFFFD'))).toBe(false);
    expect(read(written)).toBe(after);
  });

  it('gives inserted lines the CRLF ending of a CRLF file, and keeps edited lines as edited', () => {
    const original = Buffer.from('FROM python:3.12\r\nRUN pip install flask\r\nCMD ["app"]\r\n');
    const before = read(original);
    const after = before.replace('CMD', 'USER app\nENV A=1\nCMD');
    expect(editedBytes(original, before, after)!.toString()).toBe(
      'FROM python:3.12\r\nRUN pip install flask\r\nUSER app\r\nENV A=1\r\nCMD ["app"]\r\n',
    );
  });

  it('leaves an LF file with LF endings and appends to a file without a final newline', () => {
    const original = Buffer.from('*.log');
    const after = '*.log\n.git\n.venv\n';
    expect(editedBytes(original, '*.log', after)!.toString()).toBe(after);
  });

  it('keeps a BOM the reader stripped', () => {
    const original = Buffer.from('\uFEFFFROM python:3.12\nRUN x\n');
    const before = 'FROM python:3.12\nRUN x\n';
    const written = editedBytes(original, before, `${before}RUN y\n`)!;
    expect([...written.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(written.subarray(3).toString()).toBe('FROM python:3.12\nRUN x\nRUN y\n');
  });

  it('keeps bytes of untouched lines between edits far apart', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `# line ${i}\n`);
    const original = Buffer.concat([
      Buffer.from(lines.slice(0, 100).join('')),
      latin1('# \xe9\n'),
      Buffer.from(lines.slice(100).join('')),
    ]);
    const before = read(original);
    const after = `# first\n${before.replace('# line 150\n', '# fifty\n')}# last\n`;
    const written = editedBytes(original, before, after)!;
    expect(written.includes(latin1('# \xe9\n'))).toBe(true);
    expect(read(written)).toBe(after);
  });

  it('returns null when the file is not what was read (changed since)', () => {
    expect(editedBytes(Buffer.from('FROM a\n'), 'FROM b\n', 'FROM c\n')).toBeNull();
  });

  it('usesCrlf follows the majority of line endings', () => {
    expect(usesCrlf('a\r\nb\r\nc\n')).toBe(true);
    expect(usesCrlf('a\nb\nc\r\n')).toBe(false);
    expect(usesCrlf('no newline')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { cleanPath, copyAllLetsThrough, isIgnored, parseDockerIgnore } from './dockerignore.js';

const ignore = (text: string) => parseDockerIgnore(text, '.dockerignore');

describe('.dockerignore with Docker semantics', () => {
  it('anchors patterns at the context root, unlike gitignore', () => {
    const file = ignore('*.pyc\n');
    expect(isIgnored(file, 'a.pyc')).toBe(true);
    expect(isIgnored(file, 'src/a.pyc')).toBe(false);
  });

  it('lets ** span any number of folders, including none', () => {
    const file = ignore('**/*.pyc\n**/__pycache__\n');
    expect(isIgnored(file, 'a.pyc')).toBe(true);
    expect(isIgnored(file, 'src/deep/er/a.pyc')).toBe(true);
    expect(isIgnored(file, 'src/__pycache__/x.cpython-313.pyc')).toBe(true);
    expect(isIgnored(file, 'src/main.py')).toBe(false);
  });

  it('excludes everything below an excluded folder', () => {
    const file = ignore('.git\nnode_modules/\n');
    expect(isIgnored(file, '.git/HEAD')).toBe(true);
    expect(isIgnored(file, 'node_modules/x/index.js')).toBe(true);
    expect(isIgnored(file, 'src/.git')).toBe(false);
  });

  it('lets the last matching line win, with ! re-including', () => {
    expect(isIgnored(ignore('*.md\n!README.md\n'), 'README.md')).toBe(false);
    expect(isIgnored(ignore('*.md\n!README.md\n'), 'CHANGES.md')).toBe(true);
    expect(isIgnored(ignore('*.md\n!README*.md\nREADME-secret.md\n'), 'README-secret.md')).toBe(true);
    expect(isIgnored(ignore('*.md\nREADME-secret.md\n!README*.md\n'), 'README-secret.md')).toBe(false);
  });

  it('re-includes a file inside an excluded folder', () => {
    const file = ignore('docs\n!docs/keep.md\n');
    expect(isIgnored(file, 'docs/other.md')).toBe(true);
    expect(isIgnored(file, 'docs/keep.md')).toBe(false);
    expect(copyAllLetsThrough(file, 'docs')).toBe(true);
  });

  it('treats * and ? as one path segment and /foo, ./foo and foo/ alike', () => {
    const file = ignore('*/temp*\ntemp?\n/build/\n./dist\n');
    expect(isIgnored(file, 'somedir/temporary.txt')).toBe(true);
    expect(isIgnored(file, 'somedir/sub/temporary.txt')).toBe(false);
    expect(isIgnored(file, 'tempa')).toBe(true);
    expect(isIgnored(file, 'tempab')).toBe(false);
    expect(isIgnored(file, 'build/x')).toBe(true);
    expect(isIgnored(file, 'dist')).toBe(true);
  });

  it('takes # as a comment only in column 1 and trims lines', () => {
    const file = ignore('# comment\n  .env  \n\n');
    expect(file.patterns.map((p) => p.pattern)).toEqual(['.env']);
    expect(file.patterns[0]?.line).toBe(2);
    expect(isIgnored(file, '.env')).toBe(true);
  });

  it('supports character classes with ^ negation', () => {
    const file = ignore('file[0-9].txt\nx[^a].log\n');
    expect(isIgnored(file, 'file3.txt')).toBe(true);
    expect(isIgnored(file, 'filex.txt')).toBe(false);
    expect(isIgnored(file, 'xb.log')).toBe(true);
    expect(isIgnored(file, 'xa.log')).toBe(false);
  });

  it('keeps file order across literal and wildcard first segments (last match wins)', () => {
    const file = ignore('src\n!*/keep.py\nsrc/keep.py\n!s?c/keep.py\n**/secret\n!docs\\x\n');
    expect(isIgnored(file, 'src/a.py')).toBe(true);
    expect(isIgnored(file, 'src/keep.py')).toBe(false);
    expect(isIgnored(file, 'lib/secret')).toBe(true);
    expect(isIgnored(file, 'docsx')).toBe(false);
    const many = ignore(Array.from({ length: 40_000 }, (_, i) => `dir${i}/**/*.pyc`).join('\n'));
    expect(isIgnored(many, 'dir39999/a/b.pyc')).toBe(true);
    expect(isIgnored(many, 'dir4/b.py')).toBe(false);
  });

  it('answers what COPY . lets through', () => {
    expect(copyAllLetsThrough(null, '.git')).toBe(true);
    const file = ignore('.git\n.venv\n');
    expect(copyAllLetsThrough(file, '.git')).toBe(false);
    expect(copyAllLetsThrough(file, '.env')).toBe(true);
    expect(copyAllLetsThrough(ignore('*\n!src\n'), 'src/main.py')).toBe(true);
    expect(copyAllLetsThrough(ignore('*\n!src\n'), 'tests')).toBe(false);
  });

  it('cleans paths as Go does', () => {
    expect(cleanPath('./a//b/../c/')).toBe('a/c');
    expect(cleanPath('/x/./y')).toBe('/x/y');
    expect(cleanPath('.')).toBe('.');
  });
});

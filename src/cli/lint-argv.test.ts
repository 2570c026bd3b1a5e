import { Command } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { register } from './lint.js';
import { type LintArgs, quickLintArgs } from './lint-argv.js';

/** What commander gives lint's action for `shipshape lint …words`, or the error it stops with. */
function commanderRead(words: string[]): LintArgs | { error: string } {
  const program = new Command('shipshape')
    .version('0.0.0', '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} });
  register(program);
  let read: LintArgs | null = null;
  program.commands[0]!.action((paths: string[], flags: LintArgs['flags']) => {
    read = { paths, flags: { ...flags } };
  });
  try {
    program.parse(['node', 'shipshape', 'lint', ...words]);
  } catch (error) {
    return { error: (error as { code?: string }).code ?? String(error) };
  }
  return read ?? { error: 'no action' };
}

const WORDS = [
  '.',
  'app',
  'docker/prod.Dockerfile',
  '-',
  '--',
  'help',
  '-f',
  '--format',
  'json',
  'sarif',
  'bogus',
  '--format=html',
  '--format=nope',
  '-fjson',
  '-o',
  '--output',
  'report.txt',
  '--output=out.json',
  '--statistics',
  '--fix',
  '--fix=yes',
  '--unsafe-fixes',
  '--diff',
  '--select',
  '--select=SS1,SS104',
  'SS2,SS3',
  ' SS4 , ',
  '--ignore',
  'SS104',
  '--fail-on',
  '--fail-on=warning',
  'error',
  'info',
  '--dockerfile',
  'Dockerfile.dev',
  '--no-color',
  '--color',
  '--stdin-filename',
  'sub/Dockerfile',
  '-h',
  '--help',
  '-V',
  '--version',
  '-x',
  '-1',
  '',
];

describe('quickLintArgs', () => {
  it('reads the plain command lines', () => {
    expect(quickLintArgs(['examples/guide-app'])).toEqual({
      paths: ['examples/guide-app'],
      flags: { format: 'text', color: true },
    });
    expect(
      quickLintArgs(['--select', 'SS1,SS2', 'a', '--select=SS3', '-f', 'json', '--no-color', '-', '--fix']),
    ).toEqual({
      paths: ['a', '-'],
      flags: { format: 'json', color: false, select: ['SS1', 'SS2', 'SS3'], fix: true },
    });
  });

  it('leaves help, the version, errors and uncommon forms to commander', () => {
    for (const words of [
      ['--help'],
      ['-h'],
      ['.', '-V'],
      ['--', '.'],
      ['-fjson'],
      ['--format', 'bogus'],
      ['--format'],
      ['--output', '-V'],
      ['--fix=1'],
      ['--color'],
    ]) {
      expect(quickLintArgs(words), words.join(' ')).toBeNull();
    }
  });

  it('gives exactly what commander gives whenever it reads a line', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 7 }), (words) => {
        const quick = quickLintArgs(words);
        if (quick !== null) expect(commanderRead(words), words.join(' ')).toEqual(quick);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads most lines of plain words (the generator does reach the compared case)', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 4 }), (words) => {
        if (quickLintArgs(words) !== null) read++;
      }),
      { numRuns: 500, seed: 1 },
    );
    expect(read).toBeGreaterThan(50);
  });
});

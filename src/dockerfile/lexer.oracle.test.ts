import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { parseDockerfileWith } from './parse.js';
import { loadShellParser } from './shell-grammar.js';
import { dockerfileText, dockerfileTokenSoup, richDockerfileText } from './test-support/arbitrary.js';
import { parseDockerfileWithAstAnd } from './test-support/ast-parse.js';

// Differential test: the model read through our own lexer must equal, field for field and
// range for range, the model read through dockerfile-ast (kept as the oracle only, in
// test-support). FC_SEED/FC_RUNS reproduce or widen a run.

const runs = (n: number) => Number(process.env.FC_RUNS ?? n);
const seed = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};
/** Widened runs (FC_RUNS) get time in proportion. */
const timeoutFor = (n: number) => Math.max(30_000, runs(n) * 50);

let shellParser: Parser;
beforeAll(async () => {
  shellParser = await loadShellParser();
});

const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

function expectSameModel(text: string): void {
  const ours = plain(parseDockerfileWith(shellParser, text));
  const oracle = plain(parseDockerfileWithAstAnd(shellParser, text));
  expect(ours).toEqual(oracle);
}

function dockerfilesUnder(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) dockerfilesUnder(path, found);
    else if (/(^|\.)Dockerfile(\.|$)|\.dockerfile$/i.test(name)) found.push(path);
  }
  return found;
}

const root = join(import.meta.dirname, '..', '..');

// Shapes met in real projects (Python services, official images, CI templates), written here.
const handWritten: Record<string, string> = {
  'escape directive with backtick continuations (Windows images)':
    '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN Invoke-WebRequest `\n    -Uri https://example.test/python.exe `\n    -OutFile python.exe; `\n  Start-Process python.exe -Wait\nENV PYTHONPATH C:\\app\nCOPY . C:\\app\\\n',
  'syntax and escape directives, then a comment':
    '# syntax=docker/dockerfile:1.7\n# escape=\\\n# a note\nFROM python:3.12-slim\n',
  'directive spellings': '#escape=`\nFROM a\nRUN a `\n b\n',
  'directive in capitals with blanks around the value': '# ESCAPE = `  \nFROM a\nRUN x `\n y\n',
  'an invalid escape directive, then a valid one': '# escape=x\n# escape=`\nFROM a\nRUN a `\n b\n',
  'an empty escape directive': '# escape=\nFROM a\nRUN a \\\n b\n',
  'a directive as the whole file': '# escape=`',
  'directive-looking line after a blank': '\n# escape=`\nFROM a\nRUN echo `\n  b\n',
  'comments and empty lines inside a continuation':
    'FROM python:3.12-slim\nRUN apt-get update \\\n    # the toolchain\n    && apt-get install -y gcc \\\n\n    # done\n    && rm -rf /var/lib/apt/lists/*\n',
  'a backslash inside a dropped comment':
    'FROM python:3.12\nRUN \\\n# C:\\path\\ comment\n  pip install flask\n',
  'heredocs: several per instruction, quoted, tab-stripped':
    'FROM python:3.12-slim\nRUN <<EOF1 cat > /a && <<"EOF2" cat > /b\nline a\nEOF1\nline $b\nEOF2\nCOPY <<-\'END\' /etc/app.conf\n\tkey=value\n\tEND\nRUN python3 <<PY\nprint("hi")\nPY\n',
  'unclosed heredoc': 'FROM python:3.12\nRUN <<EOF\necho never closed\n',
  'heredoc with flags and CRLF':
    'FROM python:3.12\r\nRUN --mount=type=cache,target=/root/.cache/pip <<EOF\r\npip install -r requirements.txt\r\nEOF\r\nCMD ["python", "app.py"]\r\n',
  'ONBUILD triggers':
    'FROM python:3.12\nONBUILD COPY . /app\nONBUILD RUN <<EOF\npip install .\nEOF\nONBUILD\n',
  'legacy and modern ENV, ARG, LABEL':
    'ARG PY=3.12\nFROM python:${PY}-slim AS base\nENV LANG C.UTF-8\nENV PATH=/venv/bin:$PATH PIP_NO_CACHE_DIR=1 \\\n    A="a b" B=\'c d\'\nLABEL org.opencontainers.image.title="my app" version=1.0 \\\n  # maintainer note\n  description="x \\\n  y"\nARG UID\nENV EMPTY=\n',
  'properties starting on a continuation line':
    'FROM a\nENV \\\n  # note\n  A=1 B=2\nLABEL \\\n    a=b \\\n    c="d e"\nARG \\\n\n  V\n',
  'heredoc bodies whose words settle what the first line does not':
    'FROM a\nCOPY a--b <<X--\n--c\nX--\nRUN <<EOF cat \\ x\nEOF\necho $HOME\nEOF\nRUN <<A \\\n  <<B cat\na\nA\nb\nB\n',
  'a tab-stripped delimiter found after an escape in the body':
    'FROM a\nRUN <<-X\n\\\tXX\nRUN <<-Y cat\n\\ \tYY\n',
  'a word closed by an escaped blank before it opened':
    '# escape=`\nFROM python:3.12-slim\nRUN ` `\n  pip `\n  # a comment ` inside\n  <<\nRUN \n',
  'property values: lone quotes, blanks, quoted names':
    'FROM a\nENV A=" B=\' C= D="x" E=\'y\' F=" z "\nLABEL "a b"=c \'d\'=e\nENV G \'\nENV H "\nARG I=\t\n',
  'malformed instructions':
    'FROM\nFROBNICATE x\nRUN\nCOPY --from=base\nHEALTHCHECK --interval=5s --timeout=3s CMD curl -f http://localhost/ || exit 1\nHEALTHCHECK NONE\nEXPOSE 8000/tcp\nRU\\\nN echo joined keyword\nRUN echo stray \\\n',
  'flags and odd words':
    'FROM --platform=$BUILDPLATFORM python:3.12 AS build\nCOPY --chown=app:app --chmod=755 src/ /app/\nRUN a--b --c\nADD --checksum=sha256:abc https://example.test/x.tgz /x\nRUN echo \\$HOME \\ x "quoted \\" word" \'single\'\n',
  'JSON forms':
    'FROM a\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]\nENTRYPOINT [ "sh", "-c", "exec \\"$0\\"" ]\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nVOLUME ["/data"]\nRUN ["sh", \\\n  "-c", "echo hi"]\n',
  'lone carriage returns': 'FROM a\rRUN echo a\r\nENV A=1\rLABEL x=y\n',
  'byte order mark': '\uFEFFFROM python:3.12\nRUN echo hi\n',
  'byte order mark with a directive': '\uFEFF# escape=`\nFROM a\nRUN echo `\n  b\n',
  'tabs and trailing blanks': 'FROM a\t\nRUN\techo\ta  \\  \n\tb\t\n',
  'comment-only and empty files': '# just a comment\n\n',
  empty: '',
};

describe('lexer against the dockerfile-ast oracle', () => {
  it('agrees on every Dockerfile in fixtures/ and examples/', () => {
    const files = [...dockerfilesUnder(join(root, 'fixtures')), ...dockerfilesUnder(join(root, 'examples'))];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      try {
        expectSameModel(text);
      } catch (error) {
        throw new Error(`${file}: ${(error as Error).message}`);
      }
    }
  });

  for (const [name, text] of Object.entries(handWritten)) {
    it(`agrees on ${name}`, () => expectSameModel(text));
  }

  it(
    'agrees on generated Dockerfiles',
    () => {
      fc.assert(
        fc.property(dockerfileText, (text) => expectSameModel(text)),
        { numRuns: runs(150), ...seed },
      );
    },
    timeoutFor(150),
  );

  it(
    'agrees on generated Dockerfiles with heredocs, directives, continuations and JSON forms',
    () => {
      fc.assert(
        fc.property(richDockerfileText, (text) => expectSameModel(text)),
        { numRuns: runs(300), ...seed },
      );
    },
    timeoutFor(300),
  );

  it(
    'agrees on token soup (malformed input)',
    () => {
      fc.assert(
        fc.property(dockerfileTokenSoup, (text) => expectSameModel(text)),
        { numRuns: runs(600), ...seed },
      );
    },
    timeoutFor(600),
  );
});

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import type { Dockerfile } from './model.js';
import { unquoteJsonString } from './nested-shell.js';
import { parseDockerfile, parseDockerfileWith } from './parse.js';
import { LineIndex } from './positions.js';
import { maskContinuations, parseMappedScript, parseShell, type ShellReaders } from './shell.js';
import { loadShellParser } from './shell-grammar.js';
import { readSimpleShell } from './simple-shell.js';

/**
 * Differential tests: whenever the fast reader accepts a script, the model must be exactly
 * what tree-sitter alone gives. Inputs: the repository's Dockerfiles, the shared corpus of real
 * Dockerfiles when present (read at test time, never copied), generated scripts and hand cases.
 */

let parser: Parser;
let treeSitterOnly: ShellReaders;
let bothReaders: ShellReaders;
beforeAll(async () => {
  parser = await loadShellParser();
  treeSitterOnly = { treeSitter: () => parser, fast: false };
  bothReaders = { treeSitter: () => parser, fast: true };
});

/** A script read both ways, as a RUN's text and as the string of `["sh", "-c", "…"]`. */
function expectSameReading(script: string): void {
  const file = `RUN ${script}`;
  const lines = new LineIndex(file);
  const masked = maskContinuations(script, '\\');
  expect(parseShell(bothReaders, script, masked, 4, lines)).toEqual(
    parseShell(treeSitterOnly, script, masked, 4, lines),
  );
  const json = JSON.stringify(script);
  const execFile = `CMD ["sh", "-c", ${json}]`;
  const start = execFile.length - json.length - 1;
  const execLines = new LineIndex(execFile);
  const mapped = unquoteJsonString(json, start);
  const range = execLines.range(start, start + json.length);
  expect(parseMappedScript(bothReaders, mapped, range, execLines)).toEqual(
    parseMappedScript(treeSitterOnly, mapped, range, execLines),
  );
}

const accepts = (script: string): boolean => readSimpleShell(maskContinuations(script, '\\')) !== null;

describe('fast shell reader: hand-written cases', () => {
  const accepted = [
    'apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*',
    'pip install --no-cache-dir -r requirements.txt',
    'echo "deb [arch=$(dpkg --print-architecture)] http://x $(lsb_release -cs) main" | tee /etc/apt/x.list > /dev/null',
    `uv run python -c "from src import mcp; print('✓ ok 😀')" || echo "failed"`,
    `echo '#!/bin/bash\\ncurl -f http://localhost:8080/ || exit 1' > /healthcheck.sh && chmod +x /healthcheck.sh`,
    'A= B=1 C="x y" D=$HOME/bin E=${HOME:-/root} cmd --o=a=b x=y "$X"x \'$Q\' \\"',
    'a && b > f && c',
    'a | b > f | c',
    'a > f | b 2>&1 && c',
    'a && b | c > f 2>&1; d &> /dev/null & e',
    'cmd > f args2 2>&1 more',
    'echo 2 > f 2>&1',
    'foo bar # comment\nbaz',
    'a && # comment\n b',
    'a |\n\n b',
    'A=1; B=2 C=$(date) ; cmd',
    'X=$(a | b && c) cmd "$(d; e)" $(f)',
    'sh -c \'apt-get update && apt-get install -y gcc\' && bash -lc "pip install x && echo $PATH"',
    'su app -c "python manage.py migrate && gunicorn app"',
    `"\${CONDA_DIR}/envs/py/bin/pip" install --no-cache-dir 'flake8' && '/opt/venv/bin/python' -m pip list`,
    'exec gosu app sh -c \'exec "$@"\' -- gunicorn',
    'sudo -E env PIP_NO_CACHE_DIR=1 pip install x && time nice -n 5 pip install y; timeout 300 pip install z | tee log',
    'echo foo#bar ~/x *.txt a?b !x x! %p @a +1 -1 0x1f',
    'useradd -m app \\\n    # a comment line\n    && echo done in fi then',
    'export A=1 B "C" -x D=$(a | b) && unset A B; declare -x E=1 | tee f > g',
    'export GNUPGHOME="$(mktemp -d)"; gpg --batch --recv-keys "$key"',
    'if [ -f x ]; then a; fi; [ "$(uname -m)" = x86_64 ] || exit 1',
    'if a && b; then c | d; elif e; then f; else g; fi > log && for x in a "$(b)"; do c $x; done; while a; do b; done',
    // Expansions with pattern removal, replacement, case and length operators (real shapes).
    'arch="$(dpkg --print-architecture)"; arch="${arch##*-}"; url="https://x/${VERSION%%-*}/v${VERSION#v}.tgz"',
    'test "$PHP_INI_DIR" != "${PHP_INI_DIR%/php}" && b="$(command -v "${f/tables/tables-legacy}")"',
    'echo ${#ARGS} ${!REF} ${SHA:0:7} ${NAME,,} ${NAME^^} ${X//-/_}',
    // Special parameters, quoted and bare.
    'exec /docker-entrypoint.sh "$0" "$@"',
    'set -- gunicorn "$@"; echo $? $# "$$" $! $* && exit $?',
    // Brackets inside an argument are plain characters; `=` alone is a word.
    'pip install --no-cache-dir "uvicorn[standard]" fastapi[all] celery[redis]==5.3 && rm -rf /var/[log,tmp]/*',
    'test "$(dpkg-query -W -f=\'${Version}\' libheif1)" = "1.23.1-1" && echo = =x a]b',
    // case statements, as in multi-architecture downloads.
    'apkArch="$(apk --print-arch)"; case "$apkArch" in x86_64|amd64) arch=x64 ;; aarch64) arch=arm64; echo arm ;; *) echo "unsupported $apkArch"; exit 1 ;; esac; curl -fsSL "https://x/$arch.tgz" | tar -xz',
    'GECKO_ARCH=$(case ${ARCH} in amd64) echo "linux64";; arm64) echo "linux-aarch64";; esac) && wget "https://x/$GECKO_ARCH.tar.gz"',
    'case "$TARGETPLATFORM" in\n  linux/amd64) ARCH=x86_64 ;;\n  (linux/arm64)\n    ARCH=aarch64\n    ;;\n  *) exit 1\nesac',
    // find's placeholder, the `:` command, an assignment alone on its line, bracket patterns.
    'find /usr/local -depth -type d -name __pycache__ -exec rm -rf {} + && find . -name "*.pyc" -exec rm {} \\;',
    ': "${CACHE_BUST}" && tar -xJf python.tar.xz "https://x/${PYTHON_VERSION%%[a-z]*}/Python.tar.xz"',
    ': "${CELERY_USER:?CELERY_USER must be set}" && git clone -b ${NGINX_VERSION}-${PKG_RELEASE%%~*} https://x && rm -rf /var/{cache,log}/*',
    'buildDeps="gcc libffi-dev"\n    apt-get install -y $buildDeps\n    group_flags=""\n    for g in a b; do group_flags="$group_flags --with $g"; done',
    // Subshells, groups and negation.
    'apt-get update && (which curl && curl --version) || (echo "no curl" && exit 1)',
    '(cd /src && make install) > /var/log/build.log 2>&1; { echo a; echo b; } | tee f',
    '! grep -q /usr/share/locale /etc/dpkg/dpkg.cfg.d/docker && apt-get install -y x | ! tee f',
    // `[[ … ]]` tests, with `&&`/`||` and substitutions inside.
    'if [[ -f /docker-context-files/pip.conf ]]; then mkdir -p /root/.config/pip; fi',
    // …beside a long pipeline, which reads as written after a plain command.
    'apt-get update && { [ -z "$saved" ] || apt-mark manual $saved; } && find /usr/local -type f | awk "{ print }" | sort -u | xargs -r apt-mark manual && rm -rf /tmp/*',
    'if [[ ${AIRFLOW_PRE_CACHED_PIP_PACKAGES} == "true" && -n "$(ls /x)" ]] || [[ ! -d /y ]]; then bash /scripts/a.sh; fi',
    '',
    '   ',
    '# only a comment',
  ];
  for (const script of accepted) {
    it(`reads ${JSON.stringify(script.slice(0, 60))} as tree-sitter does`, () => {
      expect(accepts(script)).toBe(true);
      expectSameReading(script);
    });
  }

  const declined = [
    'for x in {a,b}; do echo $x; done',
    'if a; then b',
    'case $x in a) b;;& *) c;; esac',
    'case $x in $(a)) b;; esac',
    // A long pipeline followed by `&&` in a statement that does not start with a plain
    // command: the grammar reads it as `f | (a | s | t && d)`.
    'c | d && f | a | s | t && d',
    'c > f && f | a | s | t || d',
    '{ c; } && f | a | s | t && d',
    'for c in c; do c; done && f | a | s | t && d',
    // After `!` the grammar reads `export` as a plain command.
    '! export A=1',
    // Inside a case statement `esac` ends it even as an argument.
    // An empty value just before `)` is a missing word (an error) in the grammar.
    'X=$(a=) b; (a=)',
    'case x in a) echo esac;; esac',
    'case x in a) export esac""; b;; esac',
    // With `==` in a `[ … ]` test, later lines can turn the test into a command in the grammar.
    'a && [ a == b ] || c > f # note\n[ -f x ] > f; d',
    // `esac|` starts a pattern in the grammar (an error here).
    'case x in a) b;; esac|c',
    '((i++))',
    '(a)b',
    '{ a }',
    '! ! a',
    '[[ $x =~ ^v[0-9]+ ]] && a',
    '[[ a < b ]]',
    'f() { a; }',
    'echo `date`',
    'echo $((1 + 2))',
    'cat <<EOF\nx\nEOF',
    'diff <(a) <(b)',
    'A=1 export B',
    'export"A=1" b',
    // Brackets outside a run of an argument (a command name, a word's start, after an expansion).
    'pip[x] install',
    'echo [a]',
    'echo $X[1] "a"[b]',
    // Beside escapes and expansions a word with brackets splits in the grammar (`a[x]\\y`
    // is two words, `a]b$?a` drops `?a` into a word of its own).
    'echo a[x]\\y a[\\#]',
    'echo a]b$?a',
    // `==`/`=~` are test operators in the grammar even in a plain command's arguments.
    'test a == b',
    'echo a =~ b',
    // Expansion operators and words this reader leaves to the grammar.
    'echo ${x/#a/b} ${x:-$y} ${x% *} ${x:a} ${@} ${!x*}',
    // Unbraced expansions side by side split a word in the grammar.
    'echo a$?$X',
    // The grammar leaves a bare `$$` after another part out of the word (`a$$` reads as `a`).
    'echo a$$ $$',
    // Two assignments alone on a line take the next line's command as theirs in the grammar.
    'A=1 B=2\nb c',
    // Braces other than an argument's `{}` (brace expansion, a command named `{}`).
    '{} x',
    'echo {',
    'echo "a"{b,c} ${X:-a b}',
    // …and reads `a$- 1>&2` as `a$` and a redirection.
    'echo a$- 1>&2',
    'A+=1 cmd',
    'a &&',
    '| a',
    "echo 'unterminated",
    'echo "unterminated',
    'a;;',
    'echo \\ x',
    'a\r\nb',
    '2>/dev/null cmd',
    'echo $(',
    'echo $()',
    // Nesting past the reader's bound (a recursive reader must not overflow the stack).
    `echo ${'$('.repeat(40)}x${')'.repeat(40)}`,
    `echo ${'$('.repeat(2_000)}x${')'.repeat(2_000)}`,
    `${'( '.repeat(2_000)}x${' )'.repeat(2_000)}`,
    `${'{ '.repeat(2_000)}x${'; }'.repeat(2_000)}`,
    `${'case x in a) '.repeat(2_000)}x${';; esac'.repeat(2_000)}`,
  ];
  for (const script of declined) {
    it(`declines ${JSON.stringify(script)} (tree-sitter reads it)`, () => {
      expect(accepts(script)).toBe(false);
      // Declining changes nothing: the model is tree-sitter's.
      expectSameReading(script);
    });
  }
});

describe('fast shell reader: long pipelines among lists and redirections', () => {
  // The grammar resolves a conflict around pipelines of three or more stages depending on
  // how the statement starts and what follows: every combination of these shapes must read
  // as tree-sitter reads it (or be declined).
  const starts = ['c', 'c | c', 'c > f', '{ c; }', 'if c; then c; fi', '[[ c ]]', '! c', 'export A'];
  const middles = ['', ' && m > f', ' || m | m'];
  const pipelines = [3, 4, 5].map((n) => Array.from({ length: n }, (_, i) => `p${i}`).join(' | '));
  const ends = [' && d', ' || d', ' > g && d', ' > g | q && d', ' | q', ''];
  it('reads every combination as tree-sitter does', { timeout: 120_000 }, () => {
    let accepted = 0;
    for (const start of starts)
      for (const middle of middles)
        for (const pipeline of pipelines)
          for (const end of ends) {
            const script = `${start}${middle} && ${pipeline}${end}`;
            if (accepts(script)) accepted++;
            expectSameReading(script);
          }
    // The shapes must reach the reader, not only its refusals.
    expect(accepted).toBeGreaterThan(starts.length * middles.length * pipelines.length * ends.length * 0.3);
  });
});

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Dockerfiles of the repository (fixtures, examples, tests) and of the shared corpus when present. */
function dockerfiles(): Array<{ name: string; text: string }> {
  const found: Array<{ name: string; text: string }> = [];
  const walk = (dir: string, depth: number): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) {
        if (depth < 6) walk(path, depth + 1);
      } else if (/dockerfile/i.test(name) && !name.endsWith('.ts') && stat.size < 512 * 1024) {
        found.push({ name: path, text: readFileSync(path, 'utf8') });
      }
    }
  };
  for (const dir of ['fixtures', 'examples', 'src']) walk(join(repo, dir), 0);
  const shared = [
    resolve(repo, '..', 'shared', 'corpus', 'files'),
    resolve(repo, '..', '..', 'shared', 'corpus', 'files'),
    ...(process.env.SHIPSHAPE_SHELL_CORPUS ?? '').split(':').filter(Boolean),
  ];
  for (const dir of shared) if (existsSync(dir)) walk(dir, 0);
  return found;
}

/** Every script the model reads from a Dockerfile: RUN/CMD/ENTRYPOINT/HEALTHCHECK shell and exec strings. */
function scriptsOf(model: Dockerfile): string[] {
  const scripts: string[] = [];
  for (const instruction of model.instructions) {
    for (const one of [instruction, instruction.trigger]) {
      if (one?.shell && one.heredocs.length === 0)
        scripts.push(maskContinuations(one.shell.text, model.escapeChar));
      if (one?.execScript) scripts.push(one.execScript.text);
    }
  }
  return scripts;
}

describe('fast shell reader on real Dockerfiles', () => {
  it('gives the same model as tree-sitter for every Dockerfile, and accepts most scripts', {
    timeout: 180_000,
  }, () => {
    const files = dockerfiles();
    expect(files.length).toBeGreaterThan(20);
    let scripts = 0;
    let accepted = 0;
    let characters = 0;
    let acceptedCharacters = 0;
    for (const { name, text } of files) {
      const expected = parseDockerfileWith(treeSitterOnly, text, name);
      expect(parseDockerfileWith(bothReaders, text, name), name).toEqual(expected);
      for (const script of scriptsOf(expected)) {
        scripts++;
        characters += script.length;
        if (readSimpleShell(script)) {
          accepted++;
          acceptedCharacters += script.length;
        }
      }
    }
    const share = accepted / scripts;
    const percent = (part: number, whole: number) => `${((part / whole) * 100).toFixed(1)}%`;
    console.log(
      `fast shell reader accepted ${accepted} of ${scripts} scripts (${percent(accepted, scripts)}; ${percent(acceptedCharacters, characters)} of their characters) in ${files.length} Dockerfiles`,
    );
    // Worth keeping only if it reads most real scripts itself.
    expect(share).toBeGreaterThan(0.75);
  });
});

describe('fast shell reader on generated scripts', () => {
  // More runs for a deeper search: SHIPSHAPE_SHELL_FUZZ_RUNS=40000 npx vitest run this file.
  const runs = Number(process.env.SHIPSHAPE_SHELL_FUZZ_RUNS ?? 1000);
  const bare = fc.constantFrom(
    'a',
    'apt-get',
    '-y',
    '--opt=a=b',
    'x=y',
    '~',
    '~/x',
    '*.txt',
    'a?b',
    '!',
    '!x',
    '%',
    '@',
    '+1',
    '-1',
    '0',
    '12',
    '0x1f',
    '3#z',
    'in',
    'do',
    'done',
    'fi',
    'then',
    'esac',
    'export',
    'a#b',
    '/usr/bin/x',
    '\\"',
    '\\\\',
    "\\'",
    '\\$',
    '\\#',
    '\\a',
    '\\ ',
    '\\|',
    ':',
    '.',
    ',',
    '^',
    '=',
    '==',
    '=~',
    '{}',
    "$'x'",
    '\u00a0',
    'a\u00a0b',
    '--prefix=/x',
    '-',
    '--',
    'fastapi[all]',
    'uvicorn[standard]==0.30',
    '/var/[log,tmp]/*',
    'a]b',
    'x[',
    '[a]',
    'a[1]b',
    'a=[b]',
    'a[#]',
    'a[$]',
    'a[x]\\y',
    '{}',
    '{}x',
    'a{b,c}',
    '/var/{cache,log}/*',
    'a{',
    'a}b',
    'a{}b',
    '{a,b}',
    'a{}',
    '{}\\;',
    '{}}',
    '{{}',
    'a\\]b',
    '=x',
    '=',
  );
  const stringPart = fc.constantFrom(
    'x',
    ' ',
    "'",
    '#',
    '\\"',
    '\\\\',
    '\\$',
    '\\n',
    '\\x',
    '$X',
    '${X}',
    '${X:-a/b}',
    '$1',
    '$',
    '✓',
    '😀',
    '$(date)',
    '$(a "b c" | d)',
    '$@',
    '$?',
    '$#',
    '$$',
    '$*',
    '$0',
    '${X##*/}',
    '${X:?X must be set}',
    '${X:- }',
    '${#X}',
    '`x`',
    '=',
    ';',
    '&&',
  );
  const doubleQuoted = fc.array(stringPart, { maxLength: 4 }).map((parts) => `"${parts.join('')}"`);
  const singleQuoted = fc
    .array(fc.constantFrom('x', ' ', '"', '$X', '\\', '#', '&&', '\\n'), { maxLength: 4 })
    .map((parts) => `'${parts.join('')}'`);
  const expansion = fc.constantFrom(
    '$X',
    '$HOME',
    '${X}',
    '${X:-/y}',
    '${X:+y}',
    '${X:-}',
    '${X-a.b}',
    '${X:=b}',
    '${X?}',
    '$1',
    '$(nproc)',
    '$(a && b\n c)',
    '$(a # c\n)',
    '$( a | b > f )',
    '$(A=1)',
    '"$(a "$(b)")"',
    '$@',
    '$?',
    '$#',
    '$$',
    '$!',
    '$*',
    '$-',
    '$0',
    '${X##*-}',
    '${X#v}',
    '${X%/php}',
    '${X%%.*}',
    '${X/a/b}',
    '${X//-/_}',
    '${#X}',
    '${!X}',
    '${X:0:7}',
    '${X:1}',
    '${X,,}',
    '${X^^}',
    '${X^}',
    '${X#}',
    '${X%%[a-z]*}',
    '${X%~*}',
    '${X:-a b}',
    '${X#[0-9]}',
    '${X/[ab]/c}',
    '${X:-[a]}',
    '${X%%}',
    '${1}',
    '$',
  );
  const part = fc.oneof({ weight: 4, arbitrary: bare }, doubleQuoted, singleQuoted, expansion);
  const word = fc.array(part, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(''));
  const assignment = fc
    .tuple(fc.constantFrom('A', 'B_2', 'PATH', '_x'), fc.oneof(fc.constant(''), word))
    .map(([name, value]) => `${name}=${value}`);
  const redirect = fc.constantFrom(
    '> f',
    '>f',
    '2>&1',
    '>> /var/log/x',
    '< in',
    '&> /dev/null',
    '2> /dev/null',
    '>&2',
    '1>&2',
    '>| f',
  );
  const space = fc.constantFrom(' ', ' ', '  ', '\t');
  const command = fc
    .tuple(
      fc.array(assignment, { maxLength: 2 }),
      fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom('echo', 'apt-get', 'pip', 'uv', 'rm', 'chmod', '/bin/true') },
        { weight: 1, arbitrary: fc.constantFrom('export', 'unset', 'declare -x', 'local') },
        { weight: 2, arbitrary: word },
      ),
      fc.array(word, { maxLength: 4 }),
      fc.array(redirect, { maxLength: 2 }),
      space,
    )
    .map(([assignments, name, args, redirects, gap]) =>
      [...assignments, name, ...args, ...redirects].join(gap),
    );
  const nested = command.map((inner) => `sh -c '${inner.replace(/'/g, '')}'`);
  const compound = fc
    .tuple(
      command,
      command,
      fc.constantFrom(
        'if A; then B; fi',
        'if A\nthen\n  B\nfi',
        'if A; then B; else B; fi',
        'if A; then B; elif A; then B; fi',
        'if A; then fi',
        'if A; then B fi',
        'if A && B; then B | B; fi > f',
        'if ! A; then B; fi',
        'for x in a $(b) "c"; do A; B; done',
        'for x; do A; done',
        'for x in; do A; done',
        'for x in a b\ndo\n A\ndone | B',
        'while A; do B; done',
        'until A; do B; done && B',
        'echo "$(if A; then B; fi)"',
        '[ -f x ] && A',
        'if [ ! -d "$X" ]; then A; fi',
        '[ "$(A)" = "x86_64" ] || B',
        '[ -n "$X" -a -z "$Y" ] && A',
        'if [ $x -eq 1 ]; then B; fi',
        '[ ] && A',
        '[ a == b ] || B',
        '[ x ]] && A',
        '[ -f x ] > f; A',
        '[ $(A) ]',
        '[ = ] && A',
        '[ -f ~/a ] && [ -f *.b ]',
        'case $x in a|b) A;; *) B ;; esac',
        'case "$(A)" in\n  x86_64) B\n    ;;\n  (arm64) ;;\n  *) A; B\nesac',
        'X=$(case $y in a) A;; esac) B',
        'case x in a) A;;& b) B;; esac',
        'case x in a) A; esac && B',
        'case x in esac',
        'case x in a) A;; esac > f | B',
        'case $x in "a"|b*) A ;;\n # c\n *) B;;\nesac',
        '(A)',
        '( A && B ) > f',
        '(A) | B',
        '(cd x && A); B',
        '()',
        '(A)B',
        '(A\n B\n)',
        '{ A; B; }',
        '{ A\n}',
        '{ A }',
        '{ A; } > f || B',
        '{ A; }; { B; }',
        '! A',
        '! A | B',
        'A | ! B && B',
        '! [ -f x ] || B',
        '! ! A',
        '! export X=1 && ! (A)',
        '! { A; }',
        '[[ -f x ]] && A',
        '[[ "$(A)" == x && -n $y ]] || B',
        '[[ x == "$(A)" ]]\nB',
        '[[ a =~ b ]]',
        '[[ ! -d x ]] && B',
        '[[ ]]',
        '[[ a ]]b',
        '[[ a < b ]]',
        '[[ a && ]]',
        'if A; then X=1\nfi',
        'A | B && A | B | A | B && B',
        'A > f && A | B | A | B || B',
        '{ A; } && A | B | A | B && B',
        '(A) && A | B | A | B > f',
        'if A; then B; fi && A | B | A | B && B',
        'A && B && A | B | A | B && B',
        '[ -f x ] && A | B | A | B && B',
        'case x in a) X=1\n ;; b) Y=$(B)\nesac',
        'for x in a; do X=1\n\ndone',
        'X=1\n',
        'X=1\nA',
        'X=$(A)\nA',
        'X=1 Y=2\nA',
        'X=1 # c\nA',
        'X="a b"\n  A',
        'X=1\n(A)',
        'X=1\n! A',
        'X=1\n[ -f x ] && A',
        ': "${X:?}" && : ${X:=1} && A',
        'X=1\n\n  ',
        'X=1\n#c\nA',
        'if [[ $x != y || -z "$z" ]]; then A; fi',
      ),
    )
    .map(([a, b, template]) => template.replace(/A/g, () => a).replace(/B/g, () => b));
  const operator = fc.constantFrom(
    ' && ',
    '&&',
    ' || ',
    ' ||\n',
    '; ',
    ';',
    ' | ',
    '|',
    ' |& ',
    ' & ',
    '\n',
    '\n\n',
    ' &&\n  ',
    ' \\\n  && ',
    ' \\\n  # comment line\n  && ',
    ' # note\n',
    ';# c\n',
    ' |\n ',
    ' ;; ',
    '\n#c\n',
  );
  const statement = fc.oneof({ weight: 4, arbitrary: command }, nested, compound);
  const script = fc
    .tuple(statement, fc.array(fc.tuple(operator, statement), { maxLength: 4 }))
    .map(([first, rest]) => first + rest.map(([op, next]) => op + next).join(''));

  // Each run parses its script four times with tree-sitter: given time on a loaded machine.
  it('reads every script it accepts exactly as tree-sitter does', { timeout: 180_000 + runs * 50 }, () => {
    let accepted = 0;
    let tried = 0;
    fc.assert(
      fc.property(script, (text) => {
        tried++;
        if (accepts(text)) accepted++;
        expectSameReading(text);
      }),
      { numRuns: runs },
    );
    // The generator must reach the reader, not only its refusals.
    expect(accepted / tried).toBeGreaterThan(0.1);
  });
});

describe('loading the grammar lazily', () => {
  it('reads the guide app without asking for the parser', () => {
    const text = readFileSync(join(repo, 'examples', 'guide-app', 'Dockerfile'), 'utf8');
    const refuse = () => {
      throw new Error('tree-sitter asked for');
    };
    expect(parseDockerfileWith(refuse, text)).toEqual(parseDockerfileWith(treeSitterOnly, text));
  });

  it('parses a Dockerfile of simple scripts without asking for the parser', () => {
    const refuse = () => {
      throw new Error('tree-sitter asked for');
    };
    const text =
      'FROM python:3.12-slim\nRUN pip install x && echo "$(date)" > /f\nCMD ["sh", "-c", "exec gunicorn app"]\n';
    expect(() => parseDockerfileWith(refuse, text)).not.toThrow();
    expect(() => parseDockerfileWith(refuse, 'FROM x\nRUN f() { a; }\n')).toThrow('tree-sitter asked for');
  });

  it('parseDockerfile reads a script the fast reader declines with tree-sitter', async () => {
    const model = await parseDockerfile('FROM x\nRUN if [ -f a ]; then apt-get install -y a; fi\n');
    expect(model.instructions[1]!.shell!.commands.map((c) => c.name)).toEqual(['apt-get']);
  });
});

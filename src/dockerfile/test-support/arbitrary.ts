import fc from 'fast-check';

// Generated Dockerfiles for property tests: real instructions in both cases of keyword, shell
// with operators and continuations, variable references with defaults, comments, heredocs,
// LF or CRLF, with or without a final newline.

export const name = fc.constantFrom('A', 'B', 'PORT', 'APP_HOME', 'x_1');
export const plain = fc.constantFrom(
  'flask',
  'gunicorn',
  '/app',
  '.',
  'a b',
  '"q t"',
  "'s'",
  'ü',
  '8000',
  '',
);
export const reference = fc.oneof(
  name.map((n) => `$${n}`),
  name.map((n) => `\${${n}}`),
  fc.tuple(name, plain).map(([n, d]) => `\${${n}:-${d}}`),
  fc.tuple(name, plain).map(([n, d]) => `\${${n}:+${d}}`),
);
const value = fc
  .array(fc.oneof(plain, reference), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(''));
const shellWord = fc.oneof(
  fc.constantFrom(
    'pip',
    'install',
    '--no-cache-dir',
    '-r',
    'requirements.txt',
    'apt-get',
    'update',
    '-y',
    'echo',
  ),
  reference,
  fc.constantFrom('"a $B c"', "'x y'", '$(date)', '`id`', '>', '/tmp/out', '2>&1'),
);
const operator = fc.constantFrom(' && ', ' || ', '; ', ' | ', ' && \\\n    ', ' \\\n  ');
const shell = fc
  .array(fc.array(shellWord, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 })
  .chain((commands) =>
    fc
      .array(operator, { minLength: commands.length, maxLength: commands.length })
      .map((ops) => commands.map((words, i) => `${i > 0 ? ops[i] : ''}${words.join(' ')}`).join('')),
  );

const keyword = (word: string) => fc.constantFrom(word, word.toLowerCase());
const instruction = fc.oneof(
  fc
    .tuple(
      keyword('FROM'),
      fc.constantFrom('python:3.12-slim', '$BASE', 'builder', 'scratch'),
      fc.option(name),
    )
    .map(([k, image, as]) => `${k} ${image}${as ? ` AS ${as.toLowerCase()}` : ''}`),
  fc
    .tuple(keyword('ARG'), name, fc.option(value))
    .map(([k, n, v]) => `${k} ${n}${v === null ? '' : `=${v}`}`),
  fc.tuple(keyword('ENV'), name, value).map(([k, n, v]) => `${k} ${n}=${v}`),
  fc.tuple(keyword('RUN'), shell).map(([k, s]) => `${k} ${s}`),
  fc
    .tuple(keyword('RUN'), fc.constantFrom('--mount=type=cache,target=/root/.cache/pip ', ''), shell)
    .map(([k, flag, s]) => `${k} ${flag}${s}`),
  fc
    .tuple(keyword('COPY'), fc.constantFrom('', '--chown=app ', '--from=builder '), plain, plain)
    .map(([k, flag, a, b]) => `${k} ${flag}${a || '.'} ${b || '.'}`),
  fc.tuple(keyword('WORKDIR'), value).map(([k, v]) => `${k} ${v}`),
  fc
    .tuple(
      keyword('CMD'),
      fc.constantFrom('["python", "app.py"]', 'python app.py', 'gunicorn -b 0.0.0.0:$PORT app:app'),
    )
    .map(([k, c]) => `${k} ${c}`),
  fc.constantFrom(
    'USER app',
    'EXPOSE 8000',
    'LABEL a="b c"',
    'HEALTHCHECK CMD curl -f http://localhost/',
    'ONBUILD RUN pip install x',
  ),
  fc.constantFrom('# a comment', '', '   ', '# shipshape: ignore=SS104', 'RUN <<EOF\necho hi\nEOF'),
);

/** A Dockerfile of generated lines, LF or CRLF, with or without a final newline. */
export const dockerfileText = fc
  .tuple(
    fc.array(instruction, { minLength: 1, maxLength: 12 }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([lines, eol, finalNewline, leadingFrom]) => {
    const body = (leadingFrom ? ['FROM python:3.12-slim', ...lines] : lines).join('\n').replace(/\n/g, eol);
    return finalNewline ? `${body}${eol}` : body;
  });

// Richer shapes for the lexer's differential test: heredocs (several, quoted, `<<-`), the
// escape directive, continuations holding comments and empty lines, quotes, JSON forms, flags,
// ONBUILD, legacy ENV — each line drawn so that the escape character in use continues it.
const heredocName = fc.constantFrom('EOF', 'PY', 'END_OF_FILE');
const heredocMarker = heredocName.chain((n) =>
  fc.constantFrom(`<<${n}`, `<<-${n}`, `<<"${n}"`, `<<'${n}'`, `<<-"${n}"`).map((marker) => ({ n, marker })),
);
const bodyLine = fc.constantFrom(
  'echo hi',
  '\techo tabbed',
  'print("x")',
  '# not a comment',
  '',
  '  $HOME',
  'EOFX',
);
const heredocInstruction = fc
  .tuple(
    fc.constantFrom('RUN', 'COPY', 'ADD', 'run', 'ONBUILD RUN', 'RUN --mount=type=cache,target=/c'),
    fc.array(fc.tuple(heredocMarker, fc.array(bodyLine, { maxLength: 3 }), fc.constantFrom('', '\t', ' ')), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.constantFrom('', ' /app/x', ' python3', ' && echo done', ' | sh'),
    fc.boolean(),
  )
  .map(([keyword, docs, tail, closeAll]) => {
    const markers = docs.map(([m]) => m.marker).join(' ');
    const bodies = docs
      .map(([m, body, indent], i) =>
        [...body, closeAll || i < docs.length - 1 ? `${indent}${m.n}` : ''].join('\n'),
      )
      .join('\n');
    return `${keyword} ${markers}${tail}\n${bodies}`;
  });
const continuation = (escapeChar: string) =>
  fc.constantFrom(
    ` ${escapeChar}\n  `,
    ` ${escapeChar}\n  # a comment ${escapeChar} inside\n  `,
    ` ${escapeChar}\n\n  `,
    ` ${escapeChar}  \n  `,
    ` ${escapeChar}\r\n  `,
    `${escapeChar}\n`,
  );
const richWord = fc.constantFrom(
  'pip',
  'install',
  '"a b"',
  "'c d'",
  '"e\\"f"',
  '\\$HOME',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile variable reference
  '${A:-x y}',
  'a=b',
  'K="v 2"',
  '--flag=x',
  '--mount=type=secret,id=x',
  '#',
  '<<',
  '[',
  ']',
  '"x",',
  '\\ ',
  '`',
);
const wordsWithContinuations = (escapeChar: string) =>
  fc
    .array(fc.tuple(richWord, fc.oneof(fc.constant(' '), fc.constant('\t'), continuation(escapeChar))), {
      minLength: 0,
      maxLength: 6,
    })
    .map((parts) =>
      parts
        .map(([w, sep]) => `${w}${sep}`)
        .join('')
        .trimEnd(),
    );
const richInstruction = (escapeChar: string) =>
  fc.oneof(
    { weight: 3, arbitrary: instruction },
    { weight: 3, arbitrary: heredocInstruction },
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            'RUN',
            'ENV',
            'ARG',
            'LABEL',
            'COPY',
            'FROM',
            'HEALTHCHECK',
            'ONBUILD',
            'CMD',
            'SHELL',
            'USER',
            'EXPOSE',
            'WORKDIR',
            'FROBNICATE',
            'env',
          ),
          wordsWithContinuations(escapeChar),
        )
        .map(([k, rest]) => `${k} ${rest}`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'CMD ["python", "app.py"]',
        `ENTRYPOINT ["sh", ${escapeChar}\n  "-c", "exec app"]`,
        'ENV A 1 2 3',
        'ENV A="x y" B=z',
        'HEALTHCHECK --interval=30s CMD ["curl", "-f", "http://x/"]',
        'ONBUILD ONBUILD RUN x',
        `RU${escapeChar}\nN echo`,
        '# comment',
      ),
    },
  );

/** Generated Dockerfiles with heredocs, the escape directive, continuations and JSON forms. */
export const richDockerfileText = fc
  .tuple(fc.constantFrom('', '# escape=`\n', '# syntax=docker/dockerfile:1\n# escape=\\\n'), fc.boolean())
  .chain(([directive, crlf]) =>
    fc
      .array(richInstruction(directive.includes('`') ? '`' : '\\'), { minLength: 1, maxLength: 8 })
      .map((lines) => {
        const body = `${directive}FROM python:3.12-slim\n${lines.join('\n')}\n`;
        return crlf ? body.replace(/\r?\n/g, '\r\n') : body;
      }),
  );

/** Arbitrary sequences of Dockerfile fragments: malformed input the model must read the same. */
export const dockerfileTokenSoup = fc
  .array(
    fc.constantFrom(
      'RUN ',
      'COPY ',
      'ENV ',
      'ARG ',
      'LABEL ',
      'ONBUILD ',
      'HEALTHCHECK ',
      'FROM a\n',
      '\\',
      '\\\n',
      '`',
      '\n',
      '\r\n',
      '\r',
      '#',
      '# escape=`\n',
      ' ',
      '\t',
      '<<EOF',
      '<<-EOF',
      '<<"EOF"',
      'EOF',
      '\tEOF',
      '"',
      "'",
      '=',
      '--x',
      '--',
      'a',
      '$',
      '${',
      '}',
      '[',
      ']',
      ',',
      'CMD',
      '<',
      '-',
    ),
    { minLength: 1, maxLength: 24 },
  )
  .map((tokens) => tokens.join(''));

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

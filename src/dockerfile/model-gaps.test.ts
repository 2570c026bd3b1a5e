import { describe, expect, it } from 'vitest';
import type { Instruction, ShellCommand } from './model.js';
import { lastCommandOfArgv } from './nested-shell.js';
import { parseDockerfile } from './parse.js';
import { mountOption, mountsOfType } from './queries.js';
import { runtimeEnvironmentAtEnd, runtimeScopeView, scopeView } from './scope.js';

/** What rules read of real Dockerfiles: quoted flags, stage chains, ARG defaults, nested shells. */

function sliceOf(text: string, range: { start: { offset: number }; end: { offset: number } }): string {
  return text.slice(range.start.offset, range.end.offset);
}

function commandLine(command: ShellCommand): string {
  return [command.name, ...command.args.map((a) => a.value)].join(' ');
}

const runs = (instructions: Instruction[]) => instructions.filter((i) => i.keyword === 'RUN');

describe('flags as BuildKit reads them', () => {
  it('removes quotes from mount options and other flags, and keeps a quoted space in one value', async () => {
    const text = [
      'FROM python:3.12-slim AS builder',
      `RUN --mount=type=cache,target="/root/.cache/pip" --mount=type=cache,target='/root/.cache/uv',id="uv cache" \\`,
      '    pip install -r requirements.txt',
      `COPY --from="builder" --chown='app:app' --chmod="755" --link /app /app`,
      '',
    ].join('\n');
    const df = await parseDockerfile(text);
    const [run] = runs(df.instructions);
    const caches = mountsOfType(run!, 'cache');
    expect(caches.map((m) => mountOption(m, 'target'))).toEqual(['/root/.cache/pip', '/root/.cache/uv']);
    expect(mountOption(caches[1]!, 'id')).toBe('uv cache');
    // Ranges stay on the text as written, quotes included.
    expect(sliceOf(text, caches[0]!.valueRange!)).toBe('type=cache,target="/root/.cache/pip"');
    expect(run!.shell!.commands[0]!.args.map((a) => a.value)).toEqual(['install', '-r', 'requirements.txt']);
    const copy = df.instructions.find((i) => i.keyword === 'COPY')!;
    expect(copy.flags.map((f) => [f.name, f.value])).toEqual([
      ['from', 'builder'],
      ['chown', 'app:app'],
      ['chmod', '755'],
      ['link', null],
    ]);
    expect(copy.args.map((a) => a.value)).toEqual(['/app', '/app']);
  });

  it('reads the mounts of an ONBUILD RUN through its trigger, in the stage that registers it', async () => {
    const df = await parseDockerfile(
      'FROM python:3.12-slim\nONBUILD RUN --mount=type=cache,target=/root/.cache/pip pip install .\n',
    );
    const onbuild = df.instructions[1]!;
    expect(mountsOfType(onbuild, 'cache').map((m) => mountOption(m, 'target'))).toEqual(['/root/.cache/pip']);
    expect(onbuild.trigger!.stageIndex).toBe(0);
  });
});

describe('ARG and ENV through chains of stages', () => {
  it('a stage built FROM a stage built FROM another sees both ancestors’ ARG and ENV', async () => {
    const df = await parseDockerfile(
      [
        'ARG PYTHON=3.12',
        'FROM python:${PYTHON}-slim AS base',
        'ARG APP_HOME=/srv/app',
        'ENV VENV=$APP_HOME/.venv',
        'FROM base AS deps',
        'ENV PATH=$VENV/bin:$PATH',
        'FROM deps AS runtime',
        'WORKDIR $APP_HOME',
        'FROM python:3.12-slim AS other',
        'RUN echo',
        '',
      ].join('\n'),
    );
    const workdir = df.instructions.find((i) => i.keyword === 'WORKDIR')!;
    const scope = scopeView(df, workdir);
    expect(scope.get('APP_HOME')).toBe('/srv/app');
    expect(scope.get('VENV')).toBe('/srv/app/.venv');
    expect(scope.get('PATH')).toBe('/srv/app/.venv/bin:');
    expect(workdir.expandedArgs.map((a) => a.value)).toEqual(['/srv/app']);
    // A stage FROM an image starts without them; the global ARG needs redeclaring.
    const other = scopeView(df, df.instructions[df.instructions.length - 1]!);
    expect(other.has('APP_HOME')).toBe(false);
    expect(other.has('PYTHON')).toBe(false);
  });

  it('a bare ARG takes the global default; redeclared in a child it keeps the inherited value', async () => {
    const df = await parseDockerfile(
      [
        'ARG MODE=prod',
        'FROM python:3.12-slim AS a',
        'ARG MODE',
        'ARG LEVEL=3',
        'FROM a AS b',
        'ARG LEVEL',
        'RUN echo $MODE $LEVEL',
        '',
      ].join('\n'),
    );
    const run = runs(df.instructions)[0]!;
    expect(run.shell!.commands[0]!.expandedArgs.map((a) => a.value)).toEqual(['prod', '3']);
  });
});

describe('ARG defaults and ENV substituted in what commands receive', () => {
  it('a group list, a flag and a path held in ARG defaults reach the command words', async () => {
    const text = [
      'FROM python:3.12-slim',
      'ARG install_groups="main,dev"',
      'ARG POETRY_FLAGS="--no-root --no-interaction"',
      'ENV APP_DIR=/srv/app',
      'RUN poetry install --with $install_groups $POETRY_FLAGS "$APP_DIR" \'$APP_DIR\' $UNKNOWN',
      'COPY . $APP_DIR',
      'RUN chown -R app:app $APP_DIR',
      '',
    ].join('\n');
    const df = await parseDockerfile(text);
    const [install, chown] = runs(df.instructions).map((i) => i.shell!.commands[0]!);
    expect(install!.expandedArgs.map((a) => a.value)).toEqual([
      'install',
      '--with',
      'main,dev',
      '--no-root',
      '--no-interaction',
      '/srv/app',
      '$APP_DIR',
      '$UNKNOWN',
    ]);
    // The split words keep the range of the word they came from.
    expect(sliceOf(text, install!.expandedArgs[4]!.range)).toBe('$POETRY_FLAGS');
    // As written stays as written.
    expect(install!.args[2]!.value).toBe('$install_groups');
    expect(chown!.expandedArgs.map((a) => a.value)).toEqual(['-R', 'app:app', '/srv/app']);
    const copy = df.instructions.find((i) => i.keyword === 'COPY')!;
    expect(copy.expandedArgs.map((a) => a.value)).toEqual(['.', '/srv/app']);
  });

  it('reads WORKDIR, COPY and USER words as Docker does: quotes removed, single quotes literal', async () => {
    const text = [
      'FROM python:3.12-slim',
      'ARG APP=/srv/app',
      'WORKDIR "/app"',
      'WORKDIR "$APP"/src',
      "WORKDIR '$APP'",
      'COPY "requirements.txt" "${APP}/"',
      "USER 'app'",
      '',
    ].join('\n');
    const df = await parseDockerfile(text);
    const words = (keyword: string) =>
      df.instructions.filter((i) => i.keyword === keyword).map((i) => i.expandedArgs.map((a) => a.value));
    expect(words('WORKDIR')).toEqual([['/app'], ['/srv/app/src'], ['$APP']]);
    expect(words('COPY')).toEqual([['requirements.txt', '/srv/app/']]);
    expect(words('USER')).toEqual([['app']]);
  });
});

describe('the environment a container runs with', () => {
  it('CMD words see ENV through the chain, not the build-time ARGs', async () => {
    const df = await parseDockerfile(
      [
        'FROM python:3.12-slim AS base',
        'ENV HOST=0.0.0.0',
        'FROM base',
        'ARG PORT=8000',
        'CMD gunicorn --bind $HOST:$PORT app:app',
        '',
      ].join('\n'),
    );
    const cmd = df.instructions[4]!;
    expect(cmd.shell!.commands[0]!.expandedArgs.map((a) => a.value)).toEqual([
      '--bind',
      '0.0.0.0:$PORT',
      'app:app',
    ]);
    expect(runtimeScopeView(df, cmd).has('PORT')).toBe(false);
    expect(scopeView(df, cmd).get('PORT')).toBe('8000');
    expect(Object.fromEntries(runtimeEnvironmentAtEnd(df, 1))).toEqual({ HOST: '0.0.0.0' });
  });
});

describe('scripts handed to another shell', () => {
  it('reads sh -c, bash -lc, su -c and exec gosu … sh -c with ranges inside the strings', async () => {
    const text = [
      'FROM python:3.12-slim',
      'RUN sh -c "apt-get update && apt-get install -y \\"curl\\"" \\',
      "    && exec gosu app bash -lc 'pip install -r requirements.txt' \\",
      '    && su app -c "uv sync --frozen"',
      '',
    ].join('\n');
    const df = await parseDockerfile(text);
    const commands = df.instructions[1]!.shell!.commands;
    // The wrappers' commands (`gosu app bash …`, `bash -lc …`) are listed too, each one deeper.
    expect(commands.map((c) => [c.depth, commandLine(c), c.runsAs])).toEqual([
      [0, 'sh -c apt-get update && apt-get install -y "curl"', null],
      [1, 'apt-get update', null],
      [1, 'apt-get install -y curl', null],
      [0, 'exec gosu app bash -lc pip install -r requirements.txt', null],
      [1, 'gosu app bash -lc pip install -r requirements.txt', null],
      [2, 'bash -lc pip install -r requirements.txt', 'app'],
      [3, 'pip install -r requirements.txt', 'app'],
      [0, 'su app -c uv sync --frozen', null],
      [1, 'uv sync --frozen', 'app'],
    ]);
    const pip = commands[6]!;
    expect(sliceOf(text, pip.args[2]!.range)).toBe('requirements.txt');
    expect(sliceOf(text, commands[2]!.args[2]!.range)).toBe('\\"curl\\"');
    // Pipelines are numbered across the nesting, so two scripts never share one.
    expect(new Set(commands.map((c) => c.pipeline)).size).toBe(commands.length);
  });

  it('reads the script of a JSON argv under a shell, for RUN, CMD and HEALTHCHECK', async () => {
    const text = [
      'FROM python:3.12-slim',
      'RUN ["/bin/sh", "-c", "pip install --no-cache-dir -r requirements.txt"]',
      'HEALTHCHECK CMD ["sh", "-c", "curl -f http://localhost:8000/ || exit 1"]',
      'CMD ["sh", "-c", "gunicorn --config /etc/gunicorn.py \\"app:create_app()\\""]',
      'ENTRYPOINT ["uvicorn", "app:app"]',
      '',
    ].join('\n');
    const df = await parseDockerfile(text);
    const [, run, healthcheck, cmd, entrypoint] = df.instructions;
    expect(run!.execScript!.commands.map(commandLine)).toEqual([
      'pip install --no-cache-dir -r requirements.txt',
    ]);
    expect(healthcheck!.execScript!.commands.map(commandLine)).toEqual([
      'curl -f http://localhost:8000/',
      'exit 1',
    ]);
    const gunicorn = cmd!.execScript!.commands[0]!;
    expect(gunicorn.args.map((a) => a.value)).toEqual(['--config', '/etc/gunicorn.py', 'app:create_app()']);
    expect(sliceOf(text, gunicorn.args[1]!.range)).toBe('/etc/gunicorn.py');
    expect(sliceOf(text, gunicorn.args[2]!.range)).toBe('\\"app:create_app()\\"');
    expect(entrypoint!.execScript).toBeNull();
  });

  it('stops reading nested shells at a bounded depth', async () => {
    let script = 'pip install flask';
    for (let i = 0; i < 12; i++) script = `sh -c ${JSON.stringify(script)}`;
    const df = await parseDockerfile(`FROM python:3.12-slim\nRUN ${script}\n`);
    const commands = df.instructions[1]!.shell!.commands;
    expect(Math.max(...commands.map((c) => c.depth))).toBeLessThanOrEqual(4);
  });

  it('names the last command a shell-wrapped argv runs, as servers are found', () => {
    expect(
      lastCommandOfArgv(['sh', '-c', 'python manage.py migrate && exec gunicorn --config /x.py app']),
    ).toEqual(['exec', 'gunicorn', '--config', '/x.py', 'app']);
    // `$0 $@` hands the later elements to the script: they follow its words.
    expect(
      lastCommandOfArgv(['/bin/bash', '-lc', 'exec uvicorn "$0" "$@"', 'app:app', '--port', '80']),
    ).toEqual(['exec', 'uvicorn', '$0', '$@', 'app:app', '--port', '80']);
    expect(lastCommandOfArgv(['uvicorn', 'app:app'])).toEqual(['uvicorn', 'app:app']);
  });
});

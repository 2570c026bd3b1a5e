import { describe, expect, it } from 'vitest';
import { applyEdits, printDockerfile } from './edit.js';
import { parseDockerfile } from './index.js';
import { scopeAt } from './scope.js';

function sliceOf(text: string, range: { start: { offset: number }; end: { offset: number } }): string {
  return text.slice(range.start.offset, range.end.offset);
}

describe('parseDockerfile', () => {
  it('reads directives, stages, flags and mount options with exact ranges', async () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      '# escape=\\',
      '# check=skip=JSONArgsRecommended',
      'ARG PY=3.12',
      'FROM --platform=$BUILDPLATFORM python:${PY}-slim AS Builder',
      'RUN --mount=type=cache,target=/root/.cache/uv,sharing=locked \\',
      '    # a comment with a \\ backslash',
      '    uv sync --locked',
      'FROM python:3.12-slim',
      'COPY --from=builder --chown=app:app --chmod=755 --link /app /app',
      '',
    ].join('\n');
    const df = await parseDockerfile(text);
    expect(df.directives.map((d) => [d.name, d.value])).toEqual([
      ['syntax', 'docker/dockerfile:1'],
      ['escape', '\\'],
      ['check', 'skip=JSONArgsRecommended'],
    ]);
    expect(df.stages).toHaveLength(2);
    expect(df.stages[0]!.name).toBe('builder');
    expect(df.stages[0]!.resolvedBaseImage).toBe('python:3.12-slim');
    expect(df.stages[0]!.platform).toBe('$BUILDPLATFORM');
    const run = df.instructions.find((i) => i.keyword === 'RUN')!;
    const mount = run.flags[0]!;
    expect(mount.name).toBe('mount');
    expect(mount.options.map((o) => [o.name, o.value])).toEqual([
      ['type', 'cache'],
      ['target', '/root/.cache/uv'],
      ['sharing', 'locked'],
    ]);
    const sync = run.shell!.commands[0]!;
    expect(sync.name).toBe('uv');
    expect(sync.args.map((a) => a.value)).toEqual(['sync', '--locked']);
    expect(sync.nameRange.start).toEqual({ line: 8, column: 5, offset: text.indexOf('uv sync') });
    const copy = df.instructions.find((i) => i.keyword === 'COPY')!;
    expect(copy.flags.map((f) => [f.name, f.value])).toEqual([
      ['from', 'builder'],
      ['chown', 'app:app'],
      ['chmod', '755'],
      ['link', null],
    ]);
    expect(copy.args.map((a) => a.value)).toEqual(['/app', '/app']);
    expect(df.syntaxErrors).toEqual([]);
  });

  it('gives every word a range that slices back to its text, and prints the input byte for byte', async () => {
    const text =
      'FROM python:3.13-slim\r\nRUN apt-get update && apt-get install -y curl | tee log; echo "✓ done" || true\r\nCMD ["uv", "run", "app"]\r\n';
    const df = await parseDockerfile(text);
    expect(printDockerfile(df)).toBe(text);
    for (const instruction of df.instructions) {
      for (const arg of instruction.args) expect(sliceOf(text, arg.range)).toBe(arg.text);
      for (const command of instruction.shell?.commands ?? []) {
        expect(sliceOf(text, command.range)).toBe(command.text);
        expect(sliceOf(text, command.nameRange)).toBe(command.name);
      }
    }
    const commands = df.instructions[1]!.shell!.commands;
    expect(commands.map((c) => [c.operatorBefore, c.name])).toEqual([
      [null, 'apt-get'],
      ['&&', 'apt-get'],
      ['|', 'tee'],
      [';', 'echo'],
      ['||', 'true'],
    ]);
    expect(commands[1]!.pipeline).toBe(commands[2]!.pipeline);
    expect(commands[3]!.args[0]!.value).toBe('✓ done');
    const cmd = df.instructions[2]!;
    expect(cmd.form).toBe('json');
    expect(cmd.args.map((a) => a.value)).toEqual(['uv', 'run', 'app']);
    expect(sliceOf(text, cmd.args[0]!.range)).toBe('"uv"');
  });

  it('reads heredocs on RUN and COPY and parses a RUN heredoc body as shell', async () => {
    const text =
      'FROM debian:12-slim\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\nCOPY <<CFG /etc/app.conf\nkey=value\nCFG\nRUN echo after\n';
    const df = await parseDockerfile(text);
    const run = df.instructions[1]!;
    expect(run.heredocs[0]!.name).toBe('EOF');
    expect(run.heredocs[0]!.content!.text).toBe('apt-get update\napt-get install -y curl');
    expect(run.shell!.commands.map((c) => c.args[0]?.value)).toEqual(['update', 'install']);
    expect(run.shell!.commands[1]!.nameRange.start.line).toBe(4);
    const copy = df.instructions[2]!;
    expect(copy.heredocs[0]!.content!.text).toBe('key=value');
    expect(df.instructions[3]!.range.start.line).toBe(9);
    expect(df.syntaxErrors).toEqual([]);
  });

  it('parses the heredoc body handed to any shell the model knows (`ash` on Alpine, `/usr/bin/bash`)', async () => {
    const text =
      'FROM alpine:3.20\nRUN ash <<EOF\napk add --no-cache curl\nEOF\nRUN /usr/bin/bash <<EOF\nset -e\nEOF\nRUN cat <<EOF\nnot run\nEOF\n';
    const df = await parseDockerfile(text);
    const names = (index: number) => df.instructions[index]!.shell!.commands.map((c) => c.name);
    expect(names(1)).toEqual(['ash', 'apk']);
    expect(names(2)).toEqual(['/usr/bin/bash', 'set']);
    expect(names(3)).toEqual(['cat']);
  });

  it("reads a heredoc RUN's first line without its markers: no error, the command as written", async () => {
    const text = [
      'FROM debian:12-slim',
      'RUN <<EOF',
      'apt-get update',
      'EOF',
      'RUN --mount=type=cache,target=/var/cache/apt \\',
      '    <<-"EOF" bash -ex',
      '\tapt-get install -y curl',
      '\tEOF',
      'RUN cat <<EOF >> /etc/app.conf',
      'key=value',
      'EOF',
      '',
    ].join('\n');
    const df = await parseDockerfile(text);
    const [plain, wrapped, written] = df.instructions.slice(1);
    for (const run of [plain, wrapped, written]) expect(run!.shell!.hasError).toBe(false);
    expect(plain!.shell!.commands.map((c) => c.name)).toEqual(['apt-get']);
    const bash = wrapped!.shell!.commands[0]!;
    expect([bash.name, bash.text, sliceOf(text, bash.range)]).toEqual(['bash', 'bash -ex', 'bash -ex']);
    expect(wrapped!.shell!.commands.map((c) => c.name)).toEqual(['bash', 'apt-get']);
    const cat = written!.shell!.commands[0]!;
    expect([cat.name, cat.args.map((a) => a.value), cat.redirected]).toEqual(['cat', [], true]);
  });

  it("keeps a heredoc body's words out of the instruction's arguments, as BuildKit does", async () => {
    const text =
      'FROM debian:12-slim\nARG DEST=/usr/local/bin\nCOPY --chmod=755 <<"EOF" <<-END $DEST/setup.sh \\\n  /etc/motd\n#!/bin/bash\necho $HOME\nEOF\n\twelcome\n\tEND\nRUN <<EOF bash -e\napt-get update\nEOF\n';
    const df = await parseDockerfile(text);
    const copy = df.instructions[2]!;
    expect(copy.args.map((a) => a.text)).toEqual(['<<"EOF"', '<<-END', '$DEST/setup.sh', '/etc/motd']);
    expect(copy.expandedArgs.map((a) => a.value)).toEqual([
      '<<EOF',
      '<<-END',
      '/usr/local/bin/setup.sh',
      '/etc/motd',
    ]);
    expect(copy.heredocs.map((h) => h.content?.text)).toEqual(['#!/bin/bash\necho $HOME', '\twelcome']);
    const run = df.instructions[3]!;
    expect(run.args.map((a) => a.value)).toEqual(['<<EOF', 'bash', '-e']);
    expect(run.heredocs[0]!.content!.text).toBe('apt-get update');
    expect(df.syntaxErrors).toEqual([]);
  });

  it('unquotes a command name as it does an argument, while its range keeps the quotes', async () => {
    const text =
      'FROM python:3.12-slim\nRUN "${CONDA_DIR}/bin/pip" install flask && \'pip\' install x && C:\\TEMP\\a.bat\n';
    const model = await parseDockerfile(text);
    const commands = model.instructions[1]!.shell!.commands;
    expect(commands.map((c) => c.name)).toEqual(['${CONDA_DIR}/bin/pip', 'pip', 'C:TEMPa.bat']);
    const first = commands[0]!;
    expect(text.slice(first.nameRange.start.offset, first.nameRange.end.offset)).toBe(
      '"${CONDA_DIR}/bin/pip"',
    );
  });

  it('resolves variables per stage with defaults and alternatives', async () => {
    const text = [
      'ARG BASE=python',
      'ARG VERSION=3.12',
      'FROM ${BASE}:${VERSION:-3.11}-slim AS build',
      'ARG VERSION',
      'ENV APP_HOME=/srv/${VERSION} FLAG=${UNSET:+yes}',
      'ENV OTHER=${UNSET:-fallback}',
      'RUN echo $APP_HOME',
      'FROM build',
      'RUN echo $APP_HOME',
    ].join('\n');
    const df = await parseDockerfile(text);
    expect(df.stages[0]!.resolvedBaseImage).toBe('python:3.12-slim');
    expect(df.stages[1]!.baseStageIndex).toBe(0);
    const firstRun = df.instructions[6]!;
    const scope = scopeAt(df, firstRun);
    expect(scope.get('VERSION')).toBe('3.12');
    expect(scope.get('APP_HOME')).toBe('/srv/3.12');
    expect(scope.get('FLAG')).toBe('');
    expect(scope.get('OTHER')).toBe('fallback');
    const childScope = scopeAt(df, df.instructions[8]!);
    expect(childScope.get('APP_HOME')).toBe('/srv/3.12');
    // ARGs are inherited through `FROM build` as ENV is.
    expect(childScope.get('VERSION')).toBe('3.12');
  });

  it('reports syntax problems as data with positions', async () => {
    const df = await parseDockerfile(
      'RUN echo before from\nFROM python:3.12\nFROBNICATE x\nRUN <<EOF\necho never closed\n',
    );
    const messages = df.syntaxErrors.map((e) => [e.range.start.line, e.message]);
    expect(messages).toContainEqual([1, 'RUN comes before the first FROM; only ARG may.']);
    expect(messages).toContainEqual([3, 'Unknown instruction "FROBNICATE".']);
  });

  it('reads a continued RUN whose dropped comment line holds backslashes', async () => {
    const text = 'FROM python:3.12\nRUN \\\n# C:\\path\\ comment\n  pip install flask\n';
    const df = await parseDockerfile(text);
    expect(df.instructions[1]!.shell!.commands[0]!.name).toBe('pip');
    expect(printDockerfile(df)).toBe(text);
  });

  it('parses ONBUILD triggers and shell-form HEALTHCHECK commands', async () => {
    const text =
      'FROM python:3.12\nONBUILD RUN pip install -r requirements.txt\nHEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/health || exit 1\n';
    const df = await parseDockerfile(text);
    const trigger = df.instructions[1]!.trigger!;
    expect(trigger.keyword).toBe('RUN');
    expect(trigger.shell!.commands[0]!.args.map((a) => a.value)).toEqual([
      'install',
      '-r',
      'requirements.txt',
    ]);
    expect(sliceOf(text, trigger.shell!.commands[0]!.nameRange)).toBe('pip');
    const health = df.instructions[2]!;
    expect(health.shell!.commands.map((c) => c.name)).toEqual(['curl', 'exit']);
  });

  it('applies sorted non-overlapping edits', () => {
    expect(
      applyEdits('abcdef', [
        { start: 4, end: 5, content: 'E' },
        { start: 0, end: 1, content: 'A' },
        { start: 0, end: 2, content: 'overlap' },
      ]),
    ).toBe('AbcdEf');
  });
});

describe('a Dockerfile with no instructions', () => {
  it.each([
    ['empty', ''],
    ['comments only', '# just a note\n\n# and another\n'],
    ['a directive only', '# syntax=docker/dockerfile:1\n'],
  ])('is a syntax error, as one without FROM is (%s)', async (_what, text) => {
    const df = await parseDockerfile(text);
    expect(df.syntaxErrors).toEqual([
      {
        message:
          'The Dockerfile has no instructions (it is empty or only comments); it needs at least a FROM.',
        range: {
          start: { line: 1, column: 1, offset: 0 },
          end: { line: 1, column: text.indexOf('\n') + 1 || 1, offset: Math.max(0, text.indexOf('\n')) },
        },
      },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../dockerfile/index.js';
import { runnerOf } from './build-users.js';

/** Who runs each command of the RUN on `line` (1-based), in order. */
async function runners(dockerfile: string, line: number) {
  const model = await parseDockerfile(dockerfile);
  const instruction = model.instructions.find((i) => i.range.start.line === line)!;
  return instruction.shell!.commands.map((command) => runnerOf(model, instruction, command));
}

const ROOT = { name: 'root', root: true, uid: 0, gid: 0, home: '/root' };

describe('who runs a command, with the ids and home the Dockerfile shows', () => {
  it('root without a USER, with an ENV HOME when the stage moves it', async () => {
    expect(await runners('FROM python:3.12-slim\nRUN pip install flask\n', 2)).toEqual([ROOT]);
    expect(await runners('FROM python:3.12-slim\nENV HOME=/app\nRUN pip install flask\n', 3)).toEqual([
      { ...ROOT, home: '/app' },
    ]);
  });

  it('the USER made by useradd, with ids from ARGs and the group from groupadd', async () => {
    const dockerfile = [
      'FROM python:3.12-slim',
      'ARG UID=10001',
      'RUN groupadd -g 2000 app && useradd -m -u ${UID} -g app app',
      'USER app',
      'RUN pip install --user flask',
      'USER 10001:3000',
      'RUN pip install --user httpx',
    ].join('\n');
    expect(await runners(dockerfile, 5)).toEqual([
      { name: 'app', root: false, uid: 10001, gid: 2000, home: '/home/app' },
    ]);
    // A numeric USER finds the account by its uid; the group after the colon wins.
    expect(await runners(dockerfile, 7)).toEqual([
      { name: '10001', root: false, uid: 10001, gid: 3000, home: '/home/app' },
    ]);
  });

  it('a numeric USER with no account shown: the uid is known, the home is not', async () => {
    expect(await runners('FROM python:3.12-slim\nUSER 1000:1000\nRUN pip install flask\n', 3)).toEqual([
      { name: '1000', root: false, uid: 1000, gid: 1000, home: null },
    ]);
    // Red Hat's Python images set HOME with ENV for their uid 1001; the ENV names the home.
    expect(
      await runners(
        'FROM python:3.12-slim\nENV HOME=/opt/app-root/src\nUSER 1001\nRUN pip install flask\n',
        4,
      ),
    ).toEqual([{ name: '1001', root: false, uid: 1001, gid: null, home: '/opt/app-root/src' }]);
    expect(
      await runners('FROM python:3.12-slim\nARG RUNNER\nUSER $RUNNER\nRUN pip install flask\n', 4),
    ).toEqual([{ name: null, root: false, uid: null, gid: null, home: null }]);
  });

  it('a stage built FROM an earlier one keeps its user and accounts', async () => {
    const dockerfile = [
      'FROM python:3.12-slim AS base',
      'RUN useradd -m -d /srv/web -u 1500 web',
      'USER web',
      'FROM base AS app',
      'RUN uv sync --locked',
      'FROM python:3.12-slim',
      'RUN pip install flask',
    ].join('\n');
    expect(await runners(dockerfile, 5)).toEqual([
      { name: 'web', root: false, uid: 1500, gid: null, home: '/srv/web' },
    ]);
    expect(await runners(dockerfile, 7)).toEqual([ROOT]);
  });

  it('a known base image user (docker-stacks jovyan), and USER root on top of it', async () => {
    expect(
      await runners('FROM quay.io/jupyter/minimal-notebook\nRUN pip install --no-cache-dir altair\n', 2),
    ).toEqual([{ name: 'jovyan', root: false, uid: 1000, gid: 100, home: '/home/jovyan' }]);
    expect(
      await runners('FROM quay.io/jupyter/minimal-notebook\nUSER root\nRUN pip install altair\n', 3),
    ).toEqual([ROOT]);
  });

  it('wrappers switch users: gosu, su -c and sudo -u take the passwd home, not the ENV HOME', async () => {
    const dockerfile = [
      'FROM python:3.12-slim',
      'ENV HOME=/tmp/home',
      'RUN useradd -m -u 1000 app',
      'RUN gosu app pip install requests && su app -c "pip install django" && sudo pip install flask && sudo -u app pip install httpx',
    ].join('\n');
    const app = { name: 'app', root: false, uid: 1000, gid: null, home: '/home/app' };
    const model = await parseDockerfile(dockerfile);
    const instruction = model.instructions[3]!;
    const byText = new Map(
      instruction.shell!.commands.map((command) => [command.text, runnerOf(model, instruction, command)]),
    );
    expect(byText.get('pip install requests')).toEqual(app);
    expect(byText.get('pip install django')).toEqual(app);
    expect(byText.get('pip install flask')).toEqual(ROOT);
    expect(byText.get('pip install httpx')).toEqual(app);
    // The RUN's own commands see the stage's ENV HOME.
    expect(byText.get(instruction.shell!.commands[0]!.text)).toEqual({ ...ROOT, home: '/tmp/home' });
    expect(await runners(dockerfile, 4)).toHaveLength(instruction.shell!.commands.length);
  });
});

describe('accounts changed after they were made', () => {
  it('usermod and groupmod move a base image user to other ids and home', async () => {
    // Images on micromamba give mambauser the host's ids, as its docs suggest.
    const dockerfile = [
      'FROM mambaorg/micromamba:1.5',
      'USER root',
      'RUN usermod --login=dev --home=/home/dev --move-home -u 1000 mambauser && groupmod -n dev -g 1000 mambauser',
      'USER dev:dev',
      'RUN pip install flask',
    ].join('\n');
    expect(await runners(dockerfile, 5)).toEqual([
      { name: 'dev', root: false, uid: 1000, gid: 1000, home: '/home/dev' },
    ]);
  });

  it('a usermod of an account named by a variable the Dockerfile does not set: nothing is known any more', async () => {
    const dockerfile = [
      'FROM mambaorg/micromamba:1.5',
      'USER root',
      'RUN usermod -u 1000 "$MAMBA_USER"',
      'USER mambauser',
      'RUN pip install flask',
    ].join('\n');
    expect(await runners(dockerfile, 5)).toEqual([
      { name: 'mambauser', root: false, uid: null, gid: null, home: null },
    ]);
    // Before the change, the base image's own facts.
    expect(await runners('FROM mambaorg/micromamba:1.5\nRUN pip install flask\n', 2)).toEqual([
      { name: 'mambauser', root: false, uid: 57439, gid: 57439, home: '/home/mambauser' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { ShellCommand } from './model.js';
import { parseDockerfile } from './parse.js';
import { innermostCommand, writtenCommands } from './queries.js';
import { unwrap } from './wrappers.js';

/** The commands of the one RUN of `FROM python:3.12-slim` + `run`, and the Dockerfile text. */
async function runCommands(run: string, before = '') {
  const text = `FROM python:3.12-slim\n${before}RUN ${run}\n`;
  const df = await parseDockerfile(text);
  const instruction = df.instructions.find((i) => i.keyword === 'RUN')!;
  return { text, commands: instruction.shell!.commands };
}

const slice = (text: string, range: ShellCommand['range']) =>
  text.slice(range.start.offset, range.end.offset);

describe('commands a wrapper runs', () => {
  it.each([
    ['sudo pip install flask', 'sudo', 'root'],
    ['sudo -E -H pip install flask', 'sudo', 'root'],
    ['sudo -u app pip install --user flask', 'sudo', 'app'],
    ['sudo -uapp -- pip install --user flask', 'sudo', 'app'],
    ['sudo --user=app --preserve-env pip install --user flask', 'sudo', 'app'],
    ['gosu app pip install --user flask', 'gosu', 'app'],
    ['gosu app:app pip install --user flask', 'gosu', 'app'],
    ['su-exec 1000 pip install --user flask', 'su-exec', '1000'],
    ['runuser -u app -- pip install --user flask', 'runuser', 'app'],
    ['env pip install flask', 'env', null],
    ['nice -n 10 pip install flask', 'nice', null],
    ['nohup pip install flask', 'nohup', null],
    ['time pip install flask', 'time', null],
    ['timeout 300 pip install flask', 'timeout', null],
    ['timeout -s KILL --kill-after=10 5m pip install flask', 'timeout', null],
    ['exec pip install flask', 'exec', null],
    ['command pip install flask', 'command', null],
    ['/usr/bin/sudo pip install flask', 'sudo', 'root'],
  ])('`%s` lists `pip install flask` after its wrapper', async (run, wrapper, user) => {
    const { text, commands } = await runCommands(run);
    expect(commands).toHaveLength(2);
    const [outer, pip] = commands as [ShellCommand, ShellCommand];
    expect([outer.depth, outer.wrappedBy, outer.runsAs]).toEqual([0, null, null]);
    expect(pip.name).toBe('pip');
    expect([pip.args[0]?.value, pip.args.at(-1)?.value]).toEqual(['install', 'flask']);
    expect([pip.depth, pip.wrappedBy, pip.runsAs]).toEqual([1, wrapper, user]);
    // Its words are the wrapper's own: the same ranges, so a fix lands in the file's text.
    expect(pip.args.every((word) => outer.args.includes(word))).toBe(true);
    expect(slice(text, pip.nameRange)).toBe('pip');
    expect(slice(text, pip.range)).toBe(pip.text);
    expect(pip.text).toMatch(/^pip install .*flask$/);
    expect(pip.range.end).toEqual(outer.range.end);
  });

  it.each([
    ['command -v pip', 'a look-up runs nothing'],
    ['command -V pip', 'a look-up runs nothing'],
    ['sudo -l', 'sudo lists rights'],
    ['sudo -e /etc/hosts', 'sudoedit edits files'],
    ['env', 'env alone prints the environment'],
    ['env -S "pip install flask"', 'env -S splits a string of its own'],
    ['nice', 'nice alone prints the niceness'],
    ['timeout 300', 'no command after the duration'],
    ['runuser -l app -c "pip install flask"', 'runuser -c hands a script to a shell'],
    ['find . -name "*.pyc" | xargs rm -f', 'xargs runs its command with words from stdin'],
    ['chroot /mnt pip install flask', 'paths under chroot name another tree'],
    ['exec > /var/log/build.log', 'exec alone only redirects'],
  ])('`%s` wraps nothing (%s)', async (run) => {
    const { commands } = await runCommands(run);
    expect(commands.filter((c) => c.wrappedBy !== null)).toEqual([]);
  });

  it('looks through nested wrappers, one depth each, and bounds the chain', async () => {
    const { commands } = await runCommands('sudo -E env PIP_NO_CACHE_DIR=1 nice -n 5 pip install flask');
    expect(commands.map((c) => [c.depth, c.wrappedBy, c.runsAs, c.name])).toEqual([
      [0, null, null, 'sudo'],
      [1, 'sudo', 'root', 'env'],
      [2, 'env', 'root', 'nice'],
      [3, 'nice', 'root', 'pip'],
    ]);
    expect(innermostCommand(commands, 0)).toBe(commands[3]);
    expect(innermostCommand(commands, 3)).toBe(commands[3]);
    expect(writtenCommands(commands)).toEqual([commands[0]]);

    const chain = await runCommands(`${'nice '.repeat(12)}pip install flask`);
    expect(Math.max(...chain.commands.map((c) => c.depth))).toBe(4);
  });

  it("gives `env`'s and sudo's NAME=value words to the command as assignments, with ranges", async () => {
    const { text, commands } = await runCommands(
      'env PIP_NO_CACHE_DIR=1 PIP_INDEX_URL="https://x/simple" pip install flask',
    );
    const pip = commands[1]!;
    expect(pip.assignments.map((a) => [a.name, a.value])).toEqual([
      ['PIP_NO_CACHE_DIR', '1'],
      ['PIP_INDEX_URL', 'https://x/simple'],
    ]);
    const [first, second] = pip.assignments;
    expect(slice(text, first!.range)).toBe('PIP_NO_CACHE_DIR=1');
    expect(slice(text, first!.nameRange)).toBe('PIP_NO_CACHE_DIR');
    expect(slice(text, first!.valueRange!)).toBe('1');
    expect(slice(text, second!.valueRange!)).toBe('"https://x/simple"');

    const sudo = await runCommands('sudo DEBIAN_FRONTEND=noninteractive apt-get install -y curl');
    expect(sudo.commands[1]!.assignments.map((a) => a.name)).toEqual(['DEBIAN_FRONTEND']);
  });

  it('passes the wrapper’s own environment on as the shell would, unless the wrapper resets it', async () => {
    const names = async (run: string) =>
      (await runCommands(run)).commands.at(-1)!.assignments.map((a) => a.name);
    expect(await names('PIP_NO_CACHE_DIR=1 timeout 300 pip install flask')).toEqual(['PIP_NO_CACHE_DIR']);
    expect(await names('PIP_NO_CACHE_DIR=1 sudo pip install flask')).toEqual([]);
    expect(await names('PIP_NO_CACHE_DIR=1 sudo -E pip install flask')).toEqual(['PIP_NO_CACHE_DIR']);
    expect(await names('A=1 B=2 env -u A pip install flask')).toEqual(['B']);
    expect(await names('A=1 env -i B=2 pip install flask')).toEqual(['B']);
  });

  it('substitutes ARG values in the wrapped words, keeping their ranges', async () => {
    const { text, commands } = await runCommands(
      'sudo pip install $PACKAGES',
      'ARG PACKAGES="flask gunicorn"\n',
    );
    const pip = commands[1]!;
    expect(pip.expandedArgs.map((a) => a.value)).toEqual(['install', 'flask', 'gunicorn']);
    expect(slice(text, pip.expandedArgs[1]!.range)).toBe('$PACKAGES');
  });

  it('reads a wrapped shell script one depth below the wrapped shell, as the switched user', async () => {
    const { commands } = await runCommands(
      'sudo -u app bash -c "pip install --user flask && python -m compileall ." && su app -c "pip install --user gunicorn"',
    );
    expect(commands.map((c) => [c.depth, c.name, c.wrappedBy, c.runsAs])).toEqual([
      [0, 'sudo', null, null],
      [1, 'bash', 'sudo', 'app'],
      [2, 'pip', null, 'app'],
      [2, 'python', null, 'app'],
      [0, 'su', null, null],
      [1, 'pip', null, 'app'],
    ]);
  });

  it('reads the user su switches to after the script too (`su -c "…" app`)', async () => {
    const { commands } = await runCommands(
      'su -c "pip install --user gunicorn" -s /bin/sh app && su -c "id"',
    );
    expect(commands.map((c) => [c.depth, c.name, c.runsAs])).toEqual([
      [0, 'su', null],
      [1, 'pip', 'app'],
      [0, 'su', null],
      [1, 'id', 'root'],
    ]);
  });

  it('lists a wrapped command inside `sh -c` and gives a wrapped stage of a pipeline its own pipeline', async () => {
    const nested = await runCommands('sh -c "sudo pip install flask"');
    expect(nested.commands.map((c) => [c.depth, c.name, c.wrappedBy])).toEqual([
      [0, 'sh', null],
      [1, 'sudo', null],
      [2, 'pip', 'sudo'],
    ]);
    const piped = await runCommands('curl -fsSL https://example.com/install.sh | sudo bash');
    const [curl, sudo, bash] = piped.commands as [ShellCommand, ShellCommand, ShellCommand];
    expect(sudo.pipeline).toBe(curl.pipeline);
    expect(bash.pipeline).not.toBe(sudo.pipeline);
    expect([bash.operatorBefore, bash.wrappedBy]).toEqual(['&&', 'sudo']);
  });

  it('gives the JSON argv script under gosu the user gosu switches to', async () => {
    const df = await parseDockerfile(
      'FROM python:3.12-slim\nCMD ["gosu", "app", "sh", "-c", "exec gunicorn app:app"]\n',
    );
    const script = df.instructions[1]!.execScript!;
    expect(script.commands.map((c) => [c.name, c.runsAs])).toEqual([
      ['exec', 'app'],
      ['gunicorn', 'app'],
    ]);
  });
});

describe('unwrap reads the options of each wrapper', () => {
  const start = (words: string) => {
    const split = words.split(' ');
    const found = unwrap(split, 0);
    return found && { command: split[found.start], user: found.user, keeps: found.keepsEnvironment };
  };

  it.each([
    ['sudo -EHu app pip', { command: 'pip', user: 'app', keeps: true }],
    ['sudo -g staff pip', { command: 'pip', user: 'root', keeps: false }],
    ['sudo --chdir /srv pip', { command: 'pip', user: 'root', keeps: false }],
    ['env - PATH=/bin pip', { command: 'pip', user: null, keeps: false }],
    ['env --chdir /srv pip', { command: 'pip', user: null, keeps: true }],
    ['nice -10 pip', { command: 'pip', user: null, keeps: true }],
    ['nice --adjustment 5 pip', { command: 'pip', user: null, keeps: true }],
    ['time -f %e -o /tmp/t pip', { command: 'pip', user: null, keeps: true }],
    ['exec -a name pip', { command: 'pip', user: null, keeps: true }],
    ['exec -c pip', { command: 'pip', user: null, keeps: false }],
    ['command -p pip', { command: 'pip', user: null, keeps: true }],
    ['chpst -u app:app pip', { command: 'pip', user: 'app', keeps: true }],
    ['tini -s -- pip', { command: 'pip', user: null, keeps: true }],
    ['dumb-init --rewrite 15:2 pip', { command: 'pip', user: null, keeps: true }],
  ])('%s', (words, expected) => {
    expect(start(words)).toEqual(expected);
  });

  it('declines words that are no wrapper, and a runuser without -u', () => {
    expect(unwrap(['pip', 'install', 'x'], 0)).toBeNull();
    expect(unwrap(['runuser', 'app', 'pip'], 0)).toBeNull();
  });
});

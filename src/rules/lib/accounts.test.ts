import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../dockerfile/index.js';
import { accountMade } from './accounts.js';

/** The account the first command of a one-line RUN makes. */
async function made(run: string) {
  const model = await parseDockerfile(`FROM python:3.12-slim\nRUN ${run}\n`);
  const command = model.instructions[1]!.shell!.commands[0]!;
  return accountMade(
    command,
    command.expandedArgs.map((word) => word.value),
  );
}

describe('accounts a RUN makes', () => {
  it('reads useradd: ids, home by -m default, -d, -b, and short clusters (`-ms /bin/bash`)', async () => {
    expect(await made('useradd -m -u 1000 app')).toEqual({
      kind: 'user',
      name: 'app',
      uid: 1000,
      gid: null,
      group: null,
      home: '/home/app',
    });
    // frappe_docker's bench image: `useradd --no-log-init -r -m -u 1000 -g 1000 -G sudo frappe`.
    expect(await made('useradd --no-log-init -r -m -u 1000 -g 1000 -G sudo frappe')).toMatchObject({
      name: 'frappe',
      uid: 1000,
      gid: 1000,
      home: '/home/frappe',
    });
    expect(await made('useradd -ms /bin/bash worker')).toMatchObject({
      name: 'worker',
      home: '/home/worker',
    });
    expect(await made('useradd --uid=1001 --gid app --home-dir /srv/app app')).toMatchObject({
      uid: 1001,
      gid: null,
      group: 'app',
      home: '/srv/app',
    });
    expect(await made('useradd -b /opt/users svc')).toMatchObject({ home: '/opt/users/svc' });
    // Without -m the passwd entry still names /home/NAME; only the folder is not made.
    expect(await made('useradd --system appuser')).toMatchObject({ home: '/home/appuser', uid: null });
  });

  it('reads Debian adduser and BusyBox adduser apart (`-g` is GECOS there, `-G` the group)', async () => {
    expect(await made('adduser --disabled-password --gecos "" --uid 1000 --ingroup app app')).toMatchObject({
      name: 'app',
      uid: 1000,
      group: 'app',
      home: '/home/app',
    });
    expect(await made('adduser --home /opt/svc --uid 999 --gid 999 svc')).toMatchObject({
      uid: 999,
      gid: 999,
      home: '/opt/svc',
    });
    // Debian's adduser gives system users /nonexistent from 3.130 on, /home/NAME before: unknown.
    expect(await made('adduser --system --group --no-create-home app')).toMatchObject({ home: null });
    expect(await made('adduser -D -u 1000 -g "App user" -G app -h /app app')).toMatchObject({
      uid: 1000,
      group: 'app',
      home: '/app',
    });
    expect(await made('adduser -D nonroot')).toMatchObject({ uid: null, home: '/home/nonroot' });
  });

  it('reads groups, and makes nothing of adding a member or a name held in a variable', async () => {
    expect(await made('groupadd -g 1000 app')).toEqual({ kind: 'group', name: 'app', gid: 1000 });
    expect(await made('addgroup --gid 1000 notebook-user')).toEqual({
      kind: 'group',
      name: 'notebook-user',
      gid: 1000,
    });
    expect(await made('addgroup -S app')).toEqual({ kind: 'group', name: 'app', gid: null });
    expect(await made('adduser app sudo')).toBeNull();
    expect(await made('addgroup app audio')).toBeNull();
    expect(await made('useradd -m $UNSET_NAME')).toBeNull();
    expect(await made('chown -R app:app /srv')).toBeNull();
  });
});

describe('accounts a RUN changes', () => {
  it('reads usermod and groupmod', async () => {
    expect(await made('usermod -l web -d /srv/web -u 1500 -g 1500 app')).toEqual({
      kind: 'usermod',
      name: 'app',
      rename: 'web',
      uid: 1500,
      gid: 1500,
      group: null,
      home: '/srv/web',
    });
    expect(await made('usermod -aG docker app')).toMatchObject({ kind: 'usermod', uid: null, home: null });
    expect(await made('groupmod --gid 1000 --new-name dev mambauser')).toMatchObject({
      kind: 'groupmod',
      name: 'mambauser',
      rename: 'dev',
      gid: 1000,
    });
  });
});

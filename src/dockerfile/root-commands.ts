import type { ShellCommand } from './model.js';
import { baseName } from './queries.js';
import { positionals } from './system-commands.js';

/**
 * Commands that only root may run: system package managers changing the system, account
 * tools, file capabilities and system-wide registries. Each entry names the sub-commands that
 * need root (null: any use). `apt-get download`, `dpkg --print-architecture` and
 * `update-alternatives --query` stay allowed: they change nothing.
 */
const ROOT_ONLY: Record<string, readonly string[] | null> = {
  'apt-get': [
    'install',
    'update',
    'upgrade',
    'dist-upgrade',
    'full-upgrade',
    'remove',
    'purge',
    'autoremove',
    'clean',
    'autoclean',
    'build-dep',
  ],
  apt: [
    'install',
    'update',
    'upgrade',
    'full-upgrade',
    'remove',
    'purge',
    'autoremove',
    'clean',
    'autoclean',
  ],
  aptitude: ['install', 'update', 'upgrade', 'remove', 'purge'],
  apk: ['add', 'del', 'update', 'upgrade', 'fix'],
  dnf: ['install', 'update', 'upgrade', 'remove', 'erase', 'clean', 'makecache', 'groupinstall'],
  yum: ['install', 'update', 'upgrade', 'remove', 'erase', 'clean', 'makecache', 'groupinstall'],
  microdnf: ['install', 'update', 'upgrade', 'remove', 'clean'],
  zypper: ['install', 'in', 'update', 'up', 'remove', 'rm', 'refresh', 'ref'],
  useradd: null,
  groupadd: null,
  usermod: null,
  groupmod: null,
  userdel: null,
  groupdel: null,
  adduser: null,
  addgroup: null,
  chpasswd: null,
  setcap: null,
  'update-ca-certificates': null,
  'locale-gen': null,
  // A build has no terminal to type a password into: `su` fails for any other caller, and
  // runuser refuses callers that are not root.
  su: null,
  runuser: null,
};

/** `dpkg -i` and friends change the package database; `dpkg --print-architecture` only reads. */
const DPKG_WRITES = /^(-i|--install|-r|--remove|-P|--purge|--configure|--unpack)$/;
const ALTERNATIVES_WRITES = /^--(install|set|remove|remove-all|auto|config)$/;

/** The program and sub-command when this command needs root (`apt-get install`), else null. */
export function rootOnlyCommand(command: ShellCommand): string | null {
  const name = baseName(command);
  if (name === 'dpkg') return command.args.some((a) => DPKG_WRITES.test(a.value)) ? 'dpkg' : null;
  if (name === 'update-alternatives')
    return command.args.some((a) => ALTERNATIVES_WRITES.test(a.value)) ? name : null;
  if (!Object.hasOwn(ROOT_ONLY, name)) return null;
  const subs = ROOT_ONLY[name];
  if (subs === null) return name;
  const sub = positionals(command)[0];
  return sub && subs?.includes(sub) ? `${name} ${sub}` : null;
}

import type { OriginalFacts } from './analyze.js';
import type { VariantProfile } from './profiles.js';
import type { Change, Plan } from './types.js';
import { APP_GID, APP_UID } from './versions.js';

/** The app user (the original's name and ids when it had one) and the folders it must own. */
export function chooseUser(
  facts: OriginalFacts,
  profile: VariantProfile,
  workdir: string,
  venv: string,
): { user: Plan['user']; ownedFolders: string[]; changes: Change[] } {
  const changes: Change[] = [];
  const distroless = profile.name === 'distroless';
  const original = facts.user;
  const user = profile.fixedUser ?? {
    name: original?.name && original.name !== 'root' ? original.name : 'app',
    uid: original?.uid ?? APP_UID,
    gid: original?.gid ?? original?.uid ?? APP_GID,
  };
  changes.push({
    rules: ['SS301', 'SS111', 'SS405'],
    description: `Runs as ${user.name} (uid ${user.uid}, gid ${user.gid}${distroless ? ", the distroless image's own account" : original?.uid != null ? ', as the original' : original ? ', the original’s user' : ''}); files copied with --chown; PYTHONUNBUFFERED=1.`,
    effect: 'smaller blast radius; no chown layer duplicating files; logs appear immediately',
  });
  const ownedFolders = [
    ...new Set(
      [workdir, ...(profile.homeIsOwnedFolder ? [`/home/${user.name}`] : []), ...facts.ownedFolders].filter(
        (f) => f !== '/' && f !== venv && !f.startsWith(`${venv}/`),
      ),
    ),
  ];
  if (ownedFolders.length > 0 && profile.hasShell) {
    changes.push({
      rules: ['SS301'],
      description: `Folders the app writes to are created owned by ${user.name}: ${ownedFolders.join(', ')}.`,
      effect: 'setup steps and the running app can write there without root',
    });
  }
  return { user, ownedFolders: profile.hasShell ? ownedFolders : [], changes };
}

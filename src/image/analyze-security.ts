import type { FileVisitor, ImageFacts } from './facts.js';
import { isSecretName, maskEnv } from './secrets.js';
import type { DistributionSize, SecurityCheck, SecuritySurface } from './types.js';

const SHELLS = ['bin/sh', 'bin/bash', 'bin/dash', 'bin/ash', 'bin/zsh', 'bin/busybox'];
const PACKAGE_MANAGERS = [
  'apt',
  'apt-get',
  'dpkg',
  'apk',
  'yum',
  'dnf',
  'microdnf',
  'rpm',
  'pip',
  'pip3',
  'uv',
];
const CREDENTIAL_NAME =
  /^(?:id_(?:rsa|dsa|ecdsa|ed25519)|\.env(?:\..+)?|\.netrc|\.pgpass|\.pypirc|\.git-credentials|\.npmrc|\.dockercfg|credentials|.+\.(?:pem|key|p12|pfx|jks))$/;
/** Public CA bundles and test certificates ship as .pem everywhere; they are not secrets. */
const PUBLIC_CERT_PLACES =
  /^(?:etc\/ssl\/certs|usr\/share\/ca-certificates|usr\/lib\/ssl|etc\/pki)\/|\/(?:site|dist)-packages\//;
const SETUID = 0o4000;
const SETGID = 0o2000;

/** Exists in either /bin or /usr/bin, following the usr-merge symlinks Debian uses. */
function present(facts: ImageFacts, relative: string): string | undefined {
  for (const prefix of ['', 'usr/', 'usr/local/']) {
    const path = `${prefix}${relative}`;
    if (facts.file(path) >= 0) return `/${path}`;
  }
  return undefined;
}

function userIsRoot(user: string): boolean {
  const name = user.split(':')[0] ?? '';
  return name === '' || name === 'root' || name === '0';
}

function duplicateIds(text: string | undefined, idField: number): string[] {
  if (!text) return [];
  const owners = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    const id = fields[idField];
    if (!line.trim() || line.startsWith('#') || id === undefined) continue;
    owners.set(id, [...(owners.get(id) ?? []), fields[0]!]);
  }
  return [...owners]
    .filter(([, names]) => names.length > 1)
    .map(([id, names]) => `${id}: ${names.join(', ')}`);
}

function emptyPasswords(shadow: string | undefined): string[] {
  if (!shadow) return [];
  return shadow
    .split('\n')
    .map((line) => line.split(':'))
    .filter((fields) => fields.length > 1 && fields[0] && fields[1] === '')
    .map((fields) => fields[0]!);
}

/**
 * Dockle-style checks from the config and the final file tree. Secret values never leave here
 * unmasked. `visit` is handed every final file (one walk shared with the other analyzers).
 */
export function securityScan(facts: ImageFacts) {
  const setuid: string[] = [];
  const credentials: string[] = [];
  const tree = facts.tree;
  const visit: FileVisitor = (path, node) => {
    const mode = tree.mode(node);
    if (mode & (SETUID | SETGID) && tree.kind(node) === 'file') {
      setuid.push(`/${path} (${mode & SETUID ? 'setuid' : 'setgid'})`);
    }
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (CREDENTIAL_NAME.test(name) && !PUBLIC_CERT_PLACES.test(path)) credentials.push(`/${path}`);
  };
  return {
    visit,
    finish: (distributions: DistributionSize[]) => securitySurface(facts, distributions, setuid, credentials),
  };
}

function securitySurface(
  facts: ImageFacts,
  distributions: DistributionSize[],
  setuid: string[],
  credentials: string[],
): SecuritySurface {
  const config = facts.config.config ?? {};
  const user = config.User ?? '';
  const checks: SecurityCheck[] = [];
  const add = (id: string, title: string, severity: SecurityCheck['severity'], details: string[]) => {
    if (details.length > 0) checks.push({ id, title, severity, details });
  };

  const runsAsRoot = userIsRoot(user);
  add(
    'runs-as-root',
    'the container runs as root (no USER or USER root)',
    'error',
    runsAsRoot ? [user || '(unset)'] : [],
  );
  const healthTest = config.Healthcheck?.Test ?? [];
  const healthcheck = healthTest.length > 0 && healthTest[0] !== 'NONE';
  add('no-healthcheck', 'no HEALTHCHECK in the image', 'info', healthcheck ? [] : ['HEALTHCHECK absent']);
  add(
    'secret-env',
    'secret-looking ENV values baked into the image (values masked)',
    'error',
    (config.Env ?? [])
      .filter((pair) => isSecretName(pair.split('=')[0] ?? '') && /=./.test(pair))
      .map(maskEnv),
  );

  add('setuid-files', 'setuid/setgid files', 'warning', setuid.sort());
  add('credential-files', 'credential-like files in the image', 'error', credentials.sort());

  const text = (path: string) => facts.captured.get(path)?.toString('utf8');
  add(
    'empty-password',
    'accounts with an empty password in /etc/shadow',
    'error',
    emptyPasswords(text('etc/shadow')),
  );
  add('duplicate-uid', 'duplicate UIDs in /etc/passwd', 'warning', duplicateIds(text('etc/passwd'), 2));
  add('duplicate-gid', 'duplicate GIDs in /etc/group', 'warning', duplicateIds(text('etc/group'), 2));

  const shells = SHELLS.map((shell) => present(facts, shell)).filter((p): p is string => !!p);
  const packageManagers = PACKAGE_MANAGERS.map((tool) => present(facts, `bin/${tool}`)).filter(
    (p): p is string => !!p,
  );
  add('shell-present', 'a shell is present', 'info', shells);
  add('package-manager-present', 'a package manager is present', 'info', packageManagers);

  return {
    user: user || 'root',
    runsAsRoot,
    healthcheck,
    shells,
    packageManagers,
    dpkgPackages: facts.dpkgPackages().length,
    pythonDistributions: distributions.length,
    checks,
  };
}

import { DISTROLESS, execForm } from './distroless.js';
import type { Plan, Variant } from './types.js';

type User = Plan['user'];

/**
 * Everything that differs between the images optimize can ship on, chosen once: how system
 * packages install, how the app user comes to exist and is named, how a RUN is written, and
 * what the image itself provides. Render and plan ask the profile; they never test the name.
 */
export interface VariantProfile {
  name: Variant;
  /** The image has a shell and coreutils: shell-form RUN, `ln`, `install -d`. */
  hasShell: boolean;
  /** RUN lines installing system packages with the image's package manager, caches in mounts. */
  systemInstall(packages: string[]): string;
  /** The RUN creating the app user; null when the image brings its own account. */
  createUser(user: User): string | null;
  /** How COPY --chown and USER name the user. */
  owner(user: User): string;
  userDirective(user: User): string;
  /** A shell command as RUN lines (exec form, one per `&&` link, where there is no shell). */
  runLines(command: string): string[];
  /** The image's ENTRYPOINT is the interpreter: it must be reset for the CMD to be the server. */
  resetsEntrypoint: boolean;
  /** Comment above the builder's system packages. */
  builderPackagesComment: string;
  /** ENV lines the builder needs (certificates for every tool on a Debian builder). */
  builderEnv: string[];
  /** The image brings its own user (name and ids fixed). */
  fixedUser: User | null;
  /** The user's home is one of the folders the app user owns (the user tools leave it to that step). */
  homeIsOwnedFolder: boolean;
}

const SYSTEM_CERTS = '/etc/ssl/certs/ca-certificates.crt';

const APT_CACHE_MOUNTS = [
  '--mount=type=cache,target=/var/cache/apt,sharing=locked',
  '--mount=type=cache,target=/var/lib/apt,sharing=locked',
];

/** One apt step with cache mounts; the lists and .debs stay in the cache, never in the layer. */
function aptInstall(packages: string[]): string {
  return [
    `RUN ${APT_CACHE_MOUNTS.join(' \\\n    ')} \\`,
    '    rm -f /etc/apt/apt.conf.d/docker-clean \\',
    '    && apt-get update \\',
    `    && apt-get install -y --no-install-recommends ${packages.join(' ')}`,
  ].join('\n');
}

/** The home folder is made empty with the app's other folders (no shell start-up files to copy), and no login records. */
function debianUser({ name, uid, gid }: User): string {
  return `RUN groupadd --system --gid ${gid} ${name} \\\n    && useradd --system --no-log-init --uid ${uid} --gid ${name} --home-dir /home/${name} --shell /usr/sbin/nologin ${name}`;
}

const byName = (user: User) => `${user.name}:${user.name}`;

const SLIM: VariantProfile = {
  name: 'slim',
  hasShell: true,
  systemInstall: aptInstall,
  createUser: debianUser,
  owner: byName,
  userDirective: (user) => user.name,
  runLines: (command) => [`RUN ${command}`],
  resetsEntrypoint: false,
  builderPackagesComment: '# Compilers and headers stay in this stage.',
  builderEnv: [],
  fixedUser: null,
  homeIsOwnedFolder: true,
};

const ALPINE: VariantProfile = {
  ...SLIM,
  name: 'alpine',
  // apk with its cache in a mount, nothing left in the layer.
  systemInstall: (packages) =>
    `RUN --mount=type=cache,target=/etc/apk/cache \\\n    apk add --update-cache ${packages.join(' ')}`,
  createUser: ({ name, uid, gid }) =>
    `RUN addgroup -S -g ${gid} ${name} \\\n    && adduser -S -D -u ${uid} -G ${name} -h /home/${name} -s /sbin/nologin ${name}`,
  homeIsOwnedFolder: false,
};

const DISTROLESS_PROFILE: VariantProfile = {
  name: 'distroless',
  hasShell: false,
  // The builder is Debian: its packages come with apt.
  systemInstall: aptInstall,
  createUser: () => null,
  // The account is in /etc/passwd but there are no tools to add one: it is named by number.
  owner: ({ uid, gid }) => `${uid}:${gid}`,
  userDirective: ({ uid, gid }) => `${uid}:${gid}`,
  // plan() refused anything execForm cannot express.
  runLines: (command) => (execForm(command) ?? []).map((argv) => `RUN ${JSON.stringify(argv)}`),
  resetsEntrypoint: true,
  builderPackagesComment:
    "# Debian's own Python, the build the distroless image ships: the venv's links stay valid there.",
  builderEnv: [
    // Debian's pip reads the system store already; Poetry's requests and others would use certifi.
    '# Every tool trusts the certificates apt installed (a company proxy CA included).',
    `ENV SSL_CERT_FILE=${SYSTEM_CERTS} \\\n    REQUESTS_CA_BUNDLE=${SYSTEM_CERTS}`,
  ],
  fixedUser: DISTROLESS.user,
  homeIsOwnedFolder: false,
};

const PROFILES: Record<Variant, VariantProfile> = {
  slim: SLIM,
  alpine: ALPINE,
  distroless: DISTROLESS_PROFILE,
};

export function profileOf(variant: Variant): VariantProfile {
  return PROFILES[variant];
}

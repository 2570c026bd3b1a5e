import type { Instruction } from '../dockerfile/model.js';
import { manager } from '../project/managers.js';
import { defineRule } from './define.js';
import { runnerOf } from './lib/build-users.js';
import {
  cacheDirOf,
  cachedToolOf,
  cacheFolderText,
  cacheMountTargets,
  cacheOwnerOptions,
  cacheTurnedOff,
  downloadsNothing,
  installsOnlyTooling,
  runnerName,
  toolCacheMounted,
  unwritableCacheMount,
} from './lib/cache-installs.js';
import { scopeBefore } from './lib/cache-scope.js';
import { commandsOf, isAptInstall } from './lib/commands.js';
import { isShipped } from './lib/stages.js';

function aptCacheMounted(instruction: Instruction, scope: ReadonlyMap<string, string>): boolean {
  return cacheMountTargets(instruction, scope).some((t) => /^\/var\/(cache|lib)\/apt/.test(t));
}

export const rule = defineRule({
  code: 'SS202',
  name: 'dependency-cache-not-mounted',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary:
      'A dependency install runs without a BuildKit cache mount, so each rebuild downloads everything again.',
    whatItDoes:
      "Reports pip, uv, Poetry, PDM and Pipenv installs in a RUN without `--mount=type=cache` on the tool's cache folder (`/root/.cache/pip`, `/root/.cache/uv`, …, or one named by `PIP_CACHE_DIR`/`UV_CACHE_DIR`/`--cache-dir`). The suggested mount is where the downloads really go: the folder `PIP_CACHE_DIR`/`UV_CACHE_DIR`/`POETRY_CACHE_DIR`/`--cache-dir` moved them to, else the tool's folder in the cache home of the user who runs the install (`$XDG_CACHE_HOME`, else `$HOME/.cache`). That user is the stage's USER (inherited through `FROM` an earlier stage, or from a base image shipshape knows, such as docker-stacks' jovyan) or whom `gosu`, `su -c`, `runuser`, `su-exec` or `sudo` switched to; the home and ids come from the `useradd`/`adduser`/`groupadd` of earlier RUNs, a numeric `USER 1000:1000` or `ENV HOME`. For a user other than root the mount carries `uid=` (and `gid=` when known), since BuildKit makes a cache mount root's and the tool would otherwise warn and use no cache; a mount the user cannot write is reported too, and a mount on root's folder does not count for another user. When the Dockerfile does not show the home or the uid, the message says so instead of guessing. When the command also turns the cache off (`--no-cache-dir` or `PIP_NO_CACHE_DIR` for pip, `--no-cache` or `UV_NO_CACHE` for uv), the message says to drop that too, since the tool would ignore the mount. Installs of the installers alone (`pip install uv`) are left out: they are small; so are installs that fetch nothing from an index (`--no-index`, or only wheel files already in the image such as `pip install /wheels/*`). apt installs are reported only in stages that do not ship (builder stages): in the shipped stage the usual, size-minded pattern is to delete /var/lib/apt/lists in the same RUN (SS103), and an apt cache mount also needs the base image's `docker-clean` hook removed, so it is not demanded there.",
    why: "When a dependency layer has to rebuild (a new package, a changed lock), a cache mount lets the installer reuse every wheel it downloaded before instead of fetching them all again: the guide's issue 4. The mount lives outside the image, so it costs no image size.",
    example: {
      bad: 'RUN uv sync --locked --no-dev',
      good: 'RUN --mount=type=cache,target=/root/.cache/uv \\\n    uv sync --locked --no-dev',
    },
    fixSafety:
      'No fix: a cache mount needs BuildKit and, for pip, dropping `--no-cache-dir`; the change is left to you.',
  },
  check({ dockerfile, report }) {
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      const commands = commandsOf(instruction);
      if (commands.length === 0) continue;
      const scope = () => scopeBefore(dockerfile, instruction);
      for (const command of commands) {
        const tool = cachedToolOf(command);
        if (tool) {
          if (installsOnlyTooling(command) || downloadsNothing(command)) continue;
          const name = manager(tool).title;
          // The tool keeps its cache in the home of whoever runs it (`/home/app/.cache/pip` under USER app).
          const runner = runnerOf(dockerfile, instruction, command);
          const owner = cacheOwnerOptions(runner);
          if (toolCacheMounted(instruction, command, tool, scope(), runner)) {
            const unwritable = unwritableCacheMount(instruction, command, tool, scope(), runner);
            if (unwritable === null) continue;
            report({
              range: command.range,
              message: `${name} runs as ${runnerName(runner)} and cannot write the cache mounted on ${unwritable}, which belongs to root, so it downloads every package again: add ${owner ? `\`${owner.slice(1)}\`` : `\`uid=\` with the uid of ${runnerName(runner)}`} to that mount.`,
            });
            continue;
          }
          const off = cacheTurnedOff(command, tool, scope());
          // The mount alone would change nothing while the command turns the cache off.
          const andDrop = off ? ` and drop \`${off}\`, which keeps ${name} from using it` : '';
          const dir = cacheDirOf(command, tool, scope(), runner);
          // A cache mount is root's unless `uid=` gives it to the user the tool runs as.
          const mount =
            dir !== null && owner !== null
              ? `add \`--mount=type=cache,target=${dir}${owner}\` to the RUN`
              : dir !== null
                ? `add \`--mount=type=cache,target=${dir},uid=…\` to the RUN, with the uid of ${runnerName(runner)}, who runs ${name} here`
                : `mount a cache on ${cacheFolderText(dir, tool, runner)} in the RUN, with ${owner ? `\`${owner.slice(1)}\`` : `\`uid=\` set to the uid of ${runnerName(runner)}`}`;
          report({
            range: command.range,
            message: `${name} downloads every package again whenever this layer rebuilds: ${mount}${andDrop}.`,
          });
        } else if (
          isAptInstall(command) &&
          !isShipped(dockerfile, instruction) &&
          !aptCacheMounted(instruction, scope())
        ) {
          report({
            range: command.range,
            message:
              'This builder stage downloads its apt packages again whenever the layer rebuilds: mount caches on /var/cache/apt and /var/lib/apt (`sharing=locked`) and remove /etc/apt/apt.conf.d/docker-clean.',
          });
        }
      }
    }
  },
});

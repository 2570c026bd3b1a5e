import type { ShellCommand } from '../dockerfile/model.js';
import { defineRule } from './define.js';
import { runnerOf } from './lib/build-users.js';
import { toolCacheMounted } from './lib/cache-installs.js';
import { scopeBefore } from './lib/cache-scope.js';
import { commandsOf, hasArg, isUvSync } from './lib/commands.js';
import { flagValues } from './lib/size-dev.js';

function setting(command: ShellCommand, env: ReadonlyMap<string, string>, name: string): string | undefined {
  return command.assignments.find((a) => a.name === name)?.value ?? env.get(name);
}

export const rule = defineRule({
  code: 'SS206',
  name: 'uv-env-not-tuned',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary:
      '`uv sync` runs without `UV_COMPILE_BYTECODE=1`, or with a cache mount but without `UV_LINK_MODE=copy`.',
    whatItDoes:
      'Reports, once per stage, the first `uv sync` that runs without bytecode compilation (`UV_COMPILE_BYTECODE=1` in ENV/ARG or on the command, or `--compile-bytecode`), or that has a cache mount on the uv cache without `UV_LINK_MODE=copy` (or `--link-mode copy`).',
    why: 'uv skips compiling .pyc files by default, so every container start compiles them again (slower starts, and nothing is cached on a read-only filesystem). uv hard-links from its cache by default; a cache mount is another filesystem, so uv warns and falls back to copying on every build — and with `symlink` the venv would point into a mount that is gone at run time.',
    example: {
      bad: 'RUN --mount=type=cache,target=/root/.cache/uv \\\n    uv sync --locked --no-dev',
      good: 'ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy\nRUN --mount=type=cache,target=/root/.cache/uv \\\n    uv sync --locked --no-dev',
    },
    fixSafety: 'No fix: the ENV line belongs near the top of the stage, which is a layout choice.',
  },
  check({ dockerfile, report }) {
    for (const stage of dockerfile.stages) {
      const missing = new Set<string>();
      let first: ShellCommand | null = null;
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN') continue;
        for (const command of commandsOf(instruction)) {
          if (!isUvSync(command)) continue;
          const env = scopeBefore(dockerfile, instruction);
          const before = missing.size;
          const bytecode =
            hasArg(command, '--compile-bytecode', '--compile') ||
            ['1', 'true', 'yes', 'on'].includes(
              (setting(command, env, 'UV_COMPILE_BYTECODE') ?? '').toLowerCase(),
            );
          if (!bytecode) missing.add('`UV_COMPILE_BYTECODE=1`');
          const linkMode =
            flagValues(command, '--link-mode')[0]?.value ?? setting(command, env, 'UV_LINK_MODE');
          const runner = runnerOf(dockerfile, instruction, command);
          if (toolCacheMounted(instruction, command, 'uv', env, runner) && linkMode !== 'copy')
            missing.add('`UV_LINK_MODE=copy`');
          if (missing.size > before && !first) first = command;
        }
      }
      if (!first) continue;
      const list = [...missing].sort().join(' and ');
      report({
        range: first.range,
        message: `This stage runs \`uv sync\` without ${list}: set ${missing.size > 1 ? 'them' : 'it'} with ENV before the sync.`,
      });
    }
  },
});

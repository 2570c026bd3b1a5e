import { asRun } from '../dockerfile/index.js';
import type { ShellCommand } from '../dockerfile/model.js';
import { isShellName } from '../dockerfile/nested-shell.js';
import { defineRule } from './define.js';
import { baseName, commandsOf, positionals } from './lib/commands.js';

/** Sub-commands that use the freshly updated package index. */
const USES_INDEX: Record<string, string[]> = {
  apt: ['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source', 'download', 'satisfy'],
  apk: ['add', 'upgrade', 'fix'],
};

function managerOf(command: ShellCommand): 'apt' | 'apk' | null {
  const name = baseName(command);
  if (name === 'apt-get' || name === 'apt') return 'apt';
  if (name === 'apk') return 'apk';
  return null;
}

const INDIRECT_RUNNERS = new Set(['xargs', 'eval', 'source', '.']);
const INSTALL_HELPERS = new Set(['apt-install', 'install_packages', 'apt-fast', 'add-pkg']);

/** A command that may install packages in ways we cannot see: a script, `xargs apt-get …`, `eval`. */
function mayInstallIndirectly(command: ShellCommand): boolean {
  const name = baseName(command);
  if (INDIRECT_RUNNERS.has(name)) return true;
  if (name.endsWith('.sh') || command.name.startsWith('./')) return true;
  if (isShellName(name)) return command.args.some((a) => !a.value.startsWith('-') || a.value === '-c');
  return INSTALL_HELPERS.has(name);
}

export const rule = defineRule({
  code: 'SS207',
  name: 'apt-update-alone',
  severity: 'warning',
  fixable: false,
  sources: ['trivy:DS017'],
  docs: {
    summary: '`apt-get update` (or `apk update`) runs in a RUN that installs nothing.',
    whatItDoes:
      'Reports `apt-get update`/`apt update`/`apk update` in a RUN where no command of the same package manager installs or upgrades afterwards (and no script, `xargs` or `eval` might).',
    why: 'The updated index is cached as its own layer. A later RUN that installs reuses that stale layer for months, so it asks for package versions the mirrors no longer have and fails, or silently installs old ones. Update and install in one RUN.',
    example: {
      bad: 'RUN apt-get update\nRUN apt-get install -y --no-install-recommends curl',
      good: 'RUN apt-get update && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*',
    },
    fixSafety: 'No fix: merging two RUNs changes the layers; the merge is left to you.',
  },
  check({ dockerfile, report }) {
    for (const instruction of dockerfile.instructions) {
      if (!asRun(instruction)) continue;
      const commands = commandsOf(instruction);
      if (commands.some(mayInstallIndirectly)) continue;
      commands.forEach((command, index) => {
        const manager = managerOf(command);
        if (!manager || positionals(command)[0] !== 'update') return;
        const installsLater = commands
          .slice(index + 1)
          .some(
            (c) =>
              managerOf(c) === manager && c.expandedArgs.some((a) => USES_INDEX[manager]!.includes(a.value)),
          );
        if (installsLater) return;
        report({
          range: command.range,
          message: `\`${command.name} update\` installs nothing in this RUN, so its index is cached stale for later installs: update and install in the same RUN.`,
        });
      });
    }
  },
});

import { defineRule } from './define.js';
import { describeCopy, sourceCopyBefore } from './lib/cache-source.js';
import { commandsOf } from './lib/commands.js';
import { isSystemInstall, packageManagerOf } from './lib/size-packages.js';

export const rule = defineRule({
  code: 'SS205',
  name: 'system-packages-after-source',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: 'System packages (apt, apk, dnf) are installed after the source is copied.',
    whatItDoes:
      'Reports `apt-get install`, `apk add` and `dnf`/`yum install` in a RUN that comes after a COPY of the source tree (`COPY . .`, a code folder, `*.py`) in the same stage or a stage it is built FROM.',
    why: 'System packages do not depend on your code, but a layer rebuilds whenever anything before it changes: with the source copied first, every code change reinstalls them, often the slowest step of the build.',
    example: {
      bad: 'COPY . /app\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5',
      good: 'RUN apt-get update && apt-get install -y --no-install-recommends libpq5\nCOPY . /app',
    },
    fixSafety:
      'No fix: moving a RUN can change what it sees; the reorder is left to you (or `shipshape optimize`).',
  },
  check({ dockerfile, project, report }) {
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      const commands = commandsOf(instruction);
      const install = commands.find(isSystemInstall);
      if (!install) continue;
      // Package lists read from a copied file (`$(cat apt.txt)`, `xargs`) do depend on the source.
      if (/\$\(|`/.test(install.text) || commands.some((c) => c.name === 'xargs')) continue;
      const copy = sourceCopyBefore(dockerfile, project, instruction);
      if (!copy) continue;
      const manager = packageManagerOf(install);
      report({
        range: install.range,
        message: `These ${manager} packages are reinstalled on every code change because ${describeCopy(copy)} copies the source before them: install them before that COPY.`,
      });
    }
  },
});

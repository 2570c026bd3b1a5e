import { asRun } from '../dockerfile/index.js';
import { defineRule } from './define.js';
import { commandsOf, positionals } from './lib/commands.js';
import { packageManagerOf, packageWords } from './lib/size-packages.js';

/** apt options that already turn Recommends off. */
function recommendsOff(values: string[]): boolean {
  return values.some(
    (v, i) =>
      v === '--no-install-recommends' ||
      /^APT::Install-Recommends=(false|0|no|off)$/i.test(v) ||
      (v === '-o' && /^APT::Install-Recommends=(false|0|no|off)$/i.test(values[i + 1] ?? '')),
  );
}

export const rule = defineRule({
  code: 'SS102',
  name: 'apt-recommends-installed',
  severity: 'warning',
  fixable: 'safe',
  sources: ['hadolint:DL3015', 'trivy:DS029'],
  docs: {
    summary: '`apt-get install` pulls in recommended packages too.',
    whatItDoes:
      'Reports `apt-get install` / `apt install` (also behind `sudo` and other wrappers) without `--no-install-recommends` (or `-o APT::Install-Recommends=false`), unless an earlier step of the stage turned Recommends off in /etc/apt/apt.conf.d.',
    why: 'By default apt also installs every "recommended" package: documentation, extra locales, X11 libraries. It routinely doubles what a handful of packages costs, for files the server never touches.',
    example: {
      bad: 'RUN apt-get update && apt-get install -y libpq5 && rm -rf /var/lib/apt/lists/*',
      good: 'RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*',
    },
    fixSafety:
      'Safe: the packages asked for are still installed; only optional extras are left out. Should a program really need a recommended package, name it explicitly.',
  },
  check({ dockerfile, report }) {
    const configured = new Set<number>();
    for (const stage of dockerfile.stages) {
      // Apt configuration written by a RUN of this stage or of a stage it is built FROM.
      const parentConfigured = stage.baseStageIndex !== null && configured.has(stage.baseStageIndex);
      let stageConfigured = parentConfigured;
      for (const instruction of stage.instructions) {
        const run = asRun(instruction);
        if (run && /Install-Recommends\W+("|')?(false|0|no|off)/i.test(run.shell?.text ?? '')) {
          stageConfigured = true;
        }
        if (!run || stageConfigured) continue;
        for (const command of commandsOf(run)) {
          if (packageManagerOf(command) !== 'apt' || positionals(command)[0] !== 'install') continue;
          if (recommendsOff(command.args.map((a) => a.value))) continue;
          // `apt-get install -f` / `apt-get install ./local.deb` with nothing to recommend still counts;
          // an install naming nothing (`apt-get install -y`) does not.
          if (packageWords(command).length === 0 && command.args.every((a) => !a.value.includes('$')))
            continue;
          const install = command.expandedArgs.find((a) => a.value === 'install')!;
          report({
            range: { start: command.nameRange.start, end: install.range.end },
            message:
              'apt also installs recommended packages here: add `--no-install-recommends` to install only what is named.',
            fix: {
              description: 'Add --no-install-recommends',
              applicability: 'safe',
              edits: [
                {
                  start: install.range.end.offset,
                  end: install.range.end.offset,
                  content: ' --no-install-recommends',
                },
              ],
            },
          });
        }
      }
      if (stageConfigured) configured.add(stage.index);
    }
  },
});

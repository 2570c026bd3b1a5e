import { scopeView } from '../dockerfile/index.js';
import type { ShellCommand } from '../dockerfile/model.js';
import type { Project } from '../project/types.js';
import { defineRule } from './define.js';
import {
  baseName,
  commandsOf,
  isPdmInstall,
  isPipenvInstall,
  isPipInstall,
  isPoetryInstall,
  isUvSync,
  mayInstall,
} from './lib/commands.js';
import { inNonProductionBranch } from './lib/size-conditions.js';
import {
  type DevSelection,
  pdmInstallDev,
  pipenvInstallDev,
  pipInstallDev,
  poetryInstallDev,
  toolPhrase,
  uvSyncDev,
} from './lib/size-dev.js';
import { stagesReachingShipped } from './lib/stages.js';

/** The variables a command sees: the stage's, then its own `NAME=value` prefixes. */
function commandEnvironment(scope: ReadonlyMap<string, string>, command: ShellCommand): Map<string, string> {
  const env = new Map(scope);
  for (const assignment of command.assignments) env.set(assignment.name, assignment.value ?? '');
  return env;
}

/** Up to four names of what a dev set holds, for the message. */
function examples(project: Project, sets: string[]): string {
  const names = new Set<string>();
  for (const label of sets) {
    const [kind, name] = label.split(' ');
    const match = project.dependencySets.find(
      (set) =>
        (set.name === (name ?? label) || (kind === 'group' && name === 'dev' && set.kind === 'uv-dev')) &&
        (kind === 'extra' ? set.kind === 'extra' : kind === 'group' ? set.kind !== 'extra' : true),
    );
    for (const requirement of match?.requirements ?? []) if (requirement.name) names.add(requirement.name);
  }
  const list = [...names];
  if (list.length === 0) return '';
  return ` (${list.slice(0, 4).join(', ')}${list.length > 4 ? ', …' : ''})`;
}

function describe(sets: string[]): string {
  const quoted = sets.map((s) => {
    const [kind, name] = s.split(' ');
    return name ? `${kind} \`${name}\`` : `\`${s}\``;
  });
  return quoted.length === 1
    ? quoted[0]!
    : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

export const rule = defineRule({
  code: 'SS107',
  name: 'dev-dependencies-installed',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: 'Development and test dependencies are installed into the image that ships.',
    whatItDoes:
      "Reads the project's dependency groups, extras and requirements files, and reports installs that pull the dev-only ones into the shipped stage or a stage it copies from: `uv sync` without `--no-dev` (or with `--all-groups`, `--group dev`, `--all-extras` over a dev extra), `poetry install` without `--only main`/`--without dev`, `pdm install` without `--prod`, `pipenv install --dev`, `pip install -r requirements-dev.txt`, `pip install '.[dev]'`. An install inside a branch that only runs for non-production builds (`if [ \"$ENVIRONMENT\" = production ]; then …; else uv sync; fi`) is left alone.",
    why: "Test runners, linters, type checkers and their dependencies add tens to hundreds of MB and more packages to patch, and they are never imported by the server (the guide's issue 5). uv installs the `dev` group by default, so a bare `uv sync` in a Dockerfile ships it.",
    example: {
      bad: 'RUN uv sync --locked',
      good: 'RUN uv sync --locked --no-dev',
    },
    fixSafety:
      'No fix: a group the project calls `dev` might still hold something the server imports; check, then add the flag.',
  },
  check({ dockerfile, project, report }) {
    const reaching = stagesReachingShipped(dockerfile);
    for (const stage of dockerfile.stages) {
      if (!reaching.has(stage.index)) continue;
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN') continue;
        for (const command of commandsOf(instruction)) {
          if (!mayInstall(baseName(command))) continue;
          let selections: DevSelection[] = [];
          if (isUvSync(command))
            selections = uvSyncDev(
              command,
              project,
              commandEnvironment(scopeView(dockerfile, instruction), command),
            );
          else if (isPoetryInstall(command)) selections = poetryInstallDev(command, project);
          else if (isPdmInstall(command)) selections = pdmInstallDev(command, project);
          else if (isPipenvInstall(command)) selections = pipenvInstallDev(command);
          else if (isPipInstall(command)) selections = pipInstallDev(command, project);
          if (selections.length === 0 || inNonProductionBranch(instruction, command)) continue;
          const tool = toolPhrase(command);
          for (const selection of selections) {
            const subcommand = command.args.find((a) => !a.value.startsWith('-'));
            const range = selection.word?.range ?? {
              start: command.nameRange.start,
              end: subcommand?.range.end ?? command.nameRange.end,
            };
            report({
              range,
              message: `\`${tool}\` installs the dev-only ${describe(selection.sets)}${examples(project, selection.sets)} into the shipped image: ${selection.advice}.`,
            });
          }
        }
      }
    }
  },
});

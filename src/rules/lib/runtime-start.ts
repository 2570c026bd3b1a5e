import type { Dockerfile, Instruction, ShellCommand, Word } from '../../dockerfile/model.js';
import { lastSegment } from '../../dockerfile/queries.js';
import { readOnceWith } from '../../dockerfile/read-once.js';
import { type ManagerName, managerRunBy } from '../../project/managers.js';
import type { Project } from '../../project/types.js';
import { effectiveLaunch, launchCommands } from './runtime-launch.js';

/**
 * What a container runs when it starts: the commands of the CMD and ENTRYPOINT that take
 * effect, and the commands of the project's shell scripts they name (`docker-entrypoint.sh`).
 */
export interface StartCommand {
  /** Program and arguments, unquoted. */
  words: string[];
  /** The CMD/ENTRYPOINT the command comes from (a script's commands: the one naming it). */
  instruction: Instruction;
  /** The Dockerfile word that starts it: the program, or the script's name. */
  at: Word;
  /** The project script the command is in, null for the CMD/ENTRYPOINT itself. */
  script: { path: string; command: ShellCommand } | null;
}

export const startCommands: (dockerfile: Dockerfile, project: Project) => StartCommand[] =
  readOnceWith(readStartCommands);

function readStartCommands(dockerfile: Dockerfile, project: Project): StartCommand[] {
  const commands: StartCommand[] = [];
  const { entrypoint, cmd } = effectiveLaunch(dockerfile);
  for (const instruction of [entrypoint, cmd]) {
    if (!instruction) continue;
    for (const { words } of launchCommands(instruction)) {
      if (words.length === 0) continue;
      commands.push({ words: words.map((w) => w.value), instruction, at: words[0]!, script: null });
      // A script is named by its file name wherever the image put it (`/docker-entrypoint.sh`).
      for (const word of words) {
        const name = lastSegment(word.value);
        if (!name) continue;
        const script = project.shellScripts.find((s) => lastSegment(s.path) === name);
        if (!script) continue;
        for (const command of script.commands) {
          commands.push({
            words: [command.name, ...command.args.map((a) => a.value)],
            instruction,
            at: word,
            script: { path: script.path, command },
          });
        }
      }
    }
  }
  return commands;
}

/**
 * Package managers the container itself runs when it starts (`uv pip install $EXTRA_PACKAGES`
 * in an entrypoint, `python -m uv …`): the image needs them at run time. A runner prefix
 * (`uv run uvicorn …`) does not count — SS208 says to drop it.
 */
export function managersRunAtStart(
  dockerfile: Dockerfile,
  project: Project,
): Map<ManagerName, { viaPython: boolean }> {
  const used = new Map<ManagerName, { viaPython: boolean }>();
  for (const command of startCommands(dockerfile, project)) {
    const run = managerRunBy(command.words);
    if (!run || run.runner) continue;
    const seen = used.get(run.manager);
    used.set(run.manager, { viaPython: run.viaPython || (seen?.viaPython ?? false) });
  }
  return used;
}

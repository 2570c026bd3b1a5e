import type { Instruction, ShellCommand } from '../dockerfile/model.js';
import { copyAllLetsThrough, dockerignoreFor } from '../project/index.js';
import { defineRule } from './define.js';
import { baseName, commandsOf, positionals } from './lib/commands.js';
import {
  copiedPath,
  copyTransfer,
  normalizePath,
  removalCoverage,
  resolvePath,
  workdirsOfAllStages,
} from './lib/size-paths.js';
import { shippedInstructions } from './lib/stages.js';

interface Added {
  path: string;
  instruction: Instruction;
  /** How it came in, named only when a finding quotes it. */
  how: 'copy' | 'context' | 'download';
  line: number;
}

function describeAdded(added: Added): string {
  const keyword = added.instruction.keywordText;
  if (added.how === 'copy') return `the ${keyword} on line ${added.line}`;
  if (added.how === 'context') return `the ${keyword} . on line ${added.line}`;
  return `the download on line ${added.line}`;
}

/** Where a download command wrote, resolved against the RUN's working directory. */
function downloadTargets(command: ShellCommand, cwd: string | null): string[] {
  const name = baseName(command);
  if (name !== 'curl' && name !== 'wget' && name !== 'git') return [];
  const args = command.args.map((a) => a.value);
  const urls = args.filter((v) => /^(https?|ftp):\/\//.test(v));
  const urlBase = (url: string) => url.split(/[?#]/)[0]!.split('/').pop() ?? '';
  const targets: string[] = [];
  if (name === 'curl') {
    args.forEach((v, i) => {
      if (v === '-o' || v === '--output') targets.push(args[i + 1] ?? '');
      else if (/^-[A-Za-z]*o$/.test(v) && v.length > 2) targets.push(args[i + 1] ?? '');
      else if (v.startsWith('--output=')) targets.push(v.slice(9));
    });
    const remoteName = args.some(
      (v) => v === '-O' || v === '--remote-name' || (/^-[A-Za-z]*O[A-Za-z]*$/.test(v) && !v.startsWith('--')),
    );
    if (remoteName) for (const url of urls) targets.push(urlBase(url));
  } else if (name === 'wget') {
    const output = args.findIndex((v) => v === '-O' || v === '--output-document' || /^-[a-z]*O$/.test(v));
    const outputValue =
      output >= 0 ? args[output + 1] : args.find((v) => v.startsWith('--output-document='))?.slice(18);
    const prefix = args.findIndex((v) => v === '-P' || v === '--directory-prefix');
    const toStdout = args.some((v) => /^-[a-zA-Z]*O-$/.test(v));
    if (toStdout) return [];
    if (outputValue !== undefined) {
      if (outputValue !== '-') targets.push(outputValue);
    } else {
      const dir = prefix >= 0 ? (args[prefix + 1] ?? '.') : '.';
      for (const url of urls) targets.push(`${dir}/${urlBase(url)}`);
    }
  } else if (name === 'git' && positionals(command)[0] === 'clone') {
    const pos = positionals(command);
    const url = pos[1];
    if (url) targets.push(pos[2] ?? urlBase(url).replace(/\.git$/, ''));
  }
  return targets
    .filter((t) => t !== '' && t !== '-' && !t.startsWith('/dev/'))
    .map((t) => resolvePath(cwd, t))
    .filter((t): t is string => t !== null);
}

/** Removal targets of a RUN, with `cd` at the top level followed; null entries mean "cannot tell". */
interface Removal {
  command: ShellCommand;
  path: string;
  word: ShellCommand['args'][number];
  /** Does this removal take away the path (or a folder holding it)? */
  covers: (path: string) => boolean;
}

function removals(instruction: Instruction, start: string | null): Removal[] {
  const found: Removal[] = [];
  let cwd = start;
  for (const command of commandsOf(instruction)) {
    if (baseName(command) === 'cd') {
      cwd = command.depth === 0 ? resolvePath(cwd, positionals(command)[0] ?? '/root') : null;
      continue;
    }
    if (baseName(command) !== 'rm') continue;
    for (const word of command.args) {
      if (word.value.startsWith('-')) continue;
      const path = resolvePath(cwd, word.value);
      if (path && path !== '/') found.push({ command, path, word, covers: removalCoverage(path) });
    }
  }
  return found;
}

export const rule = defineRule({
  code: 'SS110',
  name: 'files-removed-in-later-layer',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: 'Files added in one layer are deleted in a later one: their bytes stay in the image.',
    whatItDoes:
      'Follows the stage that ships (and the stages it is built FROM) and reports an `rm` in a RUN that deletes what an earlier COPY/ADD brought in, or what an earlier RUN downloaded (`curl -o`, `curl -O`, `wget`, `git clone`) without deleting it in that same RUN.',
    why: 'Each instruction is a layer and layers only add: deleting a file later hides it, but every pull still downloads it. Delete in the same RUN that created it, or do not bring it in at all (`RUN --mount=type=bind` for files needed only during a step, a builder stage for downloads).',
    example: {
      bad: 'COPY wheels/ /tmp/wheels/\nRUN pip install --no-cache-dir /tmp/wheels/*.whl\nRUN rm -rf /tmp/wheels',
      good: 'RUN --mount=type=bind,source=wheels,target=/tmp/wheels \\\n    pip install --no-cache-dir /tmp/wheels/*.whl',
    },
    fixSafety:
      'No fix: the right change (bind mount, same RUN, builder stage) depends on what the files are for.',
  },
  check({ dockerfile, project, file, report }) {
    const instructions = shippedInstructions(dockerfile);
    // Only an `rm` in a shipped RUN can be reported.
    if (!instructions.some((i) => i.keyword === 'RUN' && commandsOf(i).some((c) => baseName(c) === 'rm')))
      return;
    const cwdOf = workdirsOfAllStages(dockerfile);
    // The context's top-level entries that `COPY .` brings, read only when a `COPY .` asks.
    let contextFolders: string[] | undefined;
    const contextFoldersOf = (): string[] => {
      if (!contextFolders) {
        const entry = project.dockerfiles.find((d) => d.path === file) ?? project.dockerfile;
        const ignore = dockerignoreFor(project, entry);
        contextFolders = project.entries
          .map((e) => e.name)
          .filter((name) => copyAllLetsThrough(ignore, name));
      }
      return contextFolders;
    };
    const added: Added[] = [];
    for (const instruction of instructions) {
      const cwd = cwdOf.get(instruction) ?? null;
      const transfer = copyTransfer(instruction);
      if (transfer) {
        const line = instruction.range.start.line;
        for (const source of transfer.sources) {
          const path = copiedPath(transfer, source, cwd);
          if (path) added.push({ path, instruction, how: 'copy', line });
          // `COPY . /app` brings the project's top-level entries: name them so `rm -rf /app/tests` is caught.
          const destination = resolvePath(cwd, transfer.destination.value);
          if (transfer.from === null && (source.value === '.' || source.value === './') && destination) {
            for (const name of contextFoldersOf()) {
              added.push({
                path: normalizePath(`${destination}/${name}`),
                instruction,
                how: 'context',
                line,
              });
            }
          }
        }
        continue;
      }
      if (instruction.keyword !== 'RUN') continue;
      const removed = removals(instruction, cwd);
      // Report deletions of what earlier layers added.
      const reported = new Set<string>();
      for (const removal of removed) {
        const victim = added.find((a) => a.instruction !== instruction && removal.covers(a.path));
        if (!victim || reported.has(removal.word.value)) continue;
        reported.add(removal.word.value);
        report({
          range: removal.word.range,
          message: `\`${removal.word.value}\` was added by ${describeAdded(victim)}: deleting it in a later layer does not shrink the image — remove it in the step that adds it, or use a bind mount or builder stage.`,
        });
      }
      // Record this RUN's downloads that survive it.
      let runCwd = cwd;
      for (const command of commandsOf(instruction)) {
        if (baseName(command) === 'cd') {
          runCwd = command.depth === 0 ? resolvePath(runCwd, positionals(command)[0] ?? '/root') : null;
          continue;
        }
        for (const path of downloadTargets(command, runCwd)) {
          if (removed.some((r) => r.covers(path))) continue;
          added.push({ path, instruction, how: 'download', line: command.range.start.line });
        }
      }
    }
  },
});

import { defineRule } from './define.js';
import { baseName, commandsOf, positionals } from './lib/commands.js';
import {
  copiedPath,
  copyTransfer,
  removalCovers,
  resolvePath,
  workdirsOfAllStages,
} from './lib/size-paths.js';
import { shippedInstructions } from './lib/stages.js';

export const rule = defineRule({
  code: 'SS111',
  name: 'chown-in-separate-layer',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: '`RUN chown -R` after a COPY stores the copied files twice.',
    whatItDoes:
      'Reports `chown -R` (or `--recursive`) in a RUN of the shipped stage (or a stage it is built FROM) whose target holds, or lies inside, what an earlier COPY/ADD of that lineage put there.',
    why: "Changing a file's owner rewrites the whole file into the new layer, so the copied tree ships twice — a venv or app folder of 300 MB becomes 600 MB. `COPY --chown=user:group` (and `--chmod`) sets ownership as the files are written.",
    example: {
      bad: 'COPY --from=builder /app/.venv /app/.venv\nRUN chown -R app:app /app',
      good: 'COPY --from=builder --chown=app:app /app/.venv /app/.venv',
    },
    fixSafety: 'No fix: every COPY into the tree needs `--chown`, and the RUN may do other work.',
  },
  check({ dockerfile, report }) {
    const cwdOf = workdirsOfAllStages(dockerfile);
    const copied: Array<{ path: string; line: number; chowned: boolean }> = [];
    for (const instruction of shippedInstructions(dockerfile)) {
      const cwd = cwdOf.get(instruction) ?? null;
      const transfer = copyTransfer(instruction);
      if (transfer) {
        const chowned = instruction.flags.some((f) => f.name === 'chown');
        for (const source of transfer.sources) {
          const path = copiedPath(transfer, source, cwd);
          if (path) copied.push({ path, line: instruction.range.start.line, chowned });
        }
        continue;
      }
      if (instruction.keyword !== 'RUN') continue;
      let runCwd = cwd;
      for (const command of commandsOf(instruction)) {
        if (baseName(command) === 'cd') {
          runCwd = command.depth === 0 ? resolvePath(runCwd, positionals(command)[0] ?? '/root') : null;
          continue;
        }
        if (baseName(command) !== 'chown') continue;
        if (!command.args.some((a) => a.value === '--recursive' || /^-[a-zA-Z]*R[a-zA-Z]*$/.test(a.value)))
          continue;
        const [owner, ...targets] = positionals(command);
        if (!owner) continue;
        for (const target of targets) {
          const path = resolvePath(runCwd, target);
          if (!path) continue;
          // Only a target that holds copied files counts: a folder below a COPY may be new (`mkdir data`).
          const hit = copied.find((c) => !c.chowned && removalCovers(path, c.path));
          if (!hit) continue;
          report({
            range: command.range,
            message: `\`chown -R ${target}\` rewrites the files the COPY on line ${hit.line} added, so they are stored twice: set the owner with \`COPY --chown=${owner}\` instead.`,
          });
          break;
        }
      }
    }
  },
});

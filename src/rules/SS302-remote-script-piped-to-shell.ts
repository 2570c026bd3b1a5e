import type { ShellCommand } from '../dockerfile/model.js';
import { isShellName } from '../dockerfile/nested-shell.js';
import { innermostCommand, isPythonName } from '../dockerfile/queries.js';
import { defineRule } from './define.js';
import { baseName, commandsOf } from './lib/commands.js';

/** The program a pipeline stage really runs, looking through `sudo -E`, `env X=1` (the model's wrapped command). */
function realName(commands: readonly ShellCommand[], index: number): { name: string; args: string[] } {
  const command = innermostCommand(commands, index);
  return { name: baseName(command), args: command.args.map((a) => a.value) };
}

function curlWritesStdout(args: string[]): boolean {
  for (const [index, arg] of args.entries()) {
    if (arg === '--output' || /^-[a-zA-Z]*o$/.test(arg)) {
      if (args[index + 1] !== '-') return false;
    } else if (arg.startsWith('--output=')) {
      if (arg !== '--output=-') return false;
    } else if (arg === '--remote-name' || arg === '--remote-name-all' || /^-[a-zA-Z]*O[a-zA-Z]*$/.test(arg)) {
      return false;
    }
  }
  return true;
}

/** A download that writes the fetched body to stdout (so a pipe can hand it on). */
function downloadsToStdout(commands: readonly ShellCommand[], index: number): boolean {
  const { name, args } = realName(commands, index);
  if (name === 'curl') return curlWritesStdout(args);
  if (name === 'wget') {
    return args.some(
      (a, i) =>
        a === '--output-document=-' ||
        a === '-O-' ||
        /^-[a-zA-Z]*O-$/.test(a) ||
        (/^-[a-zA-Z]*O$/.test(a) && args[i + 1] === '-') ||
        (a === '--output-document' && args[i + 1] === '-'),
    );
  }
  return false;
}

/** A stage that runs what it reads on stdin: `sh`, `bash -s --`, `python3 -`, `sudo bash`. */
function runsStdin(commands: readonly ShellCommand[], index: number): boolean {
  const { name, args } = realName(commands, index);
  if (isShellName(name)) return !args.includes('-c') && !args.some((a) => !a.startsWith('-'));
  if (isPythonName(name)) return args.length === 0 || args[0] === '-';
  return false;
}

/** The first command before `index` in the same pipeline (and depth) that downloads to stdout. */
function earlierDownloadInPipeline(
  commands: readonly ShellCommand[],
  index: number,
): ShellCommand | undefined {
  const { pipeline, depth } = commands[index]!;
  for (let earlier = 0; earlier < index; earlier++) {
    const candidate = commands[earlier]!;
    if (candidate.pipeline === pipeline && candidate.depth === depth && downloadsToStdout(commands, earlier))
      return candidate;
  }
  return undefined;
}

const SUBSTITUTED_DOWNLOAD = /(\$\(|<\(|`)\s*(curl|wget)\b/;

export const rule = defineRule({
  code: 'SS302',
  name: 'remote-script-piped-to-shell',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: 'A script downloaded with curl or wget is run straight by a shell.',
    whatItDoes:
      'Reports `curl … | sh`, `wget -O- … | bash`, `curl … | python3 -` and `sh -c "$(curl …)"`, also behind wrappers (`curl … | sudo -E bash`, `timeout 60 curl … | sh`): code fetched over the network and executed in the same step, unread and unverified.',
    why: 'Whatever the server sends at build time runs as root in the build: a compromised host, a hijacked DNS entry or a truncated download (the shell runs half a script) all end up in the image, and the next build may run something else entirely.',
    example: {
      bad: 'RUN curl -fsSL https://install.python-poetry.org | python3 -',
      good: 'RUN pip install --no-cache-dir poetry==1.8.3\n# or: COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /usr/local/bin/uv',
    },
    fixSafety:
      'No fix: the replacement (a pinned package, a verified checksum, a COPY --from an image) depends on what the script installs.',
  },
  check({ dockerfile, report }) {
    for (const instruction of dockerfile.instructions) {
      const commands = commandsOf(instruction);
      for (let index = 0; index < commands.length; index++) {
        const command = commands[index]!;
        // A wrapped command is judged with its wrapper, which is the pipeline's stage.
        if (command.wrappedBy) continue;
        // Only a shell or python (named directly or behind a wrapper) runs a fetched script.
        const name = baseName(innermostCommand(commands, index));
        if (!isShellName(name) && !isPythonName(name)) continue;
        const { args } = realName(commands, index);
        if (isShellName(name) && args.some((a) => SUBSTITUTED_DOWNLOAD.test(a))) {
          report({
            range: command.range,
            message: `\`${name}\` runs a script fetched from the network without checking it: download it to a file, verify its checksum, then run it (or install the tool from a pinned package).`,
          });
          continue;
        }
        if (command.operatorBefore !== '|' || !runsStdin(commands, index)) continue;
        const source = earlierDownloadInPipeline(commands, index);
        if (!source) continue;
        report({
          range: { start: source.range.start, end: command.range.end },
          message: `A script from the network is piped straight into \`${name}\`: download it to a file, verify its checksum, then run it (or install the tool from a pinned package).`,
        });
      }
    }
  },
});

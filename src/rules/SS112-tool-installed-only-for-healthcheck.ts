import type { Instruction } from '../dockerfile/model.js';
import { defineRule } from './define.js';
import { installedPackages } from './lib/size-packages.js';
import { shippedInstructions } from './lib/stages.js';

const PROBE_TOOLS = ['curl', 'wget'];

/** Text of an instruction with the package words of its installs blanked out, so `apt-get install curl` is not a use. */
function textWithoutInstalls(instruction: Instruction): string {
  let text = instruction.argsText ?? '';
  const start = instruction.argsRange?.start.offset ?? 0;
  const words = installedPackages(instruction)
    .map((p) => p.word.range)
    .sort((a, b) => b.start.offset - a.start.offset);
  for (const range of words) {
    const from = range.start.offset - start;
    const to = range.end.offset - start;
    if (from >= 0 && to <= text.length)
      text = `${text.slice(0, from)}${' '.repeat(to - from)}${text.slice(to)}`;
  }
  return text;
}

function mentions(text: string, tool: string): boolean {
  return new RegExp(`(^|[^\\w.-])${tool}([^\\w.-]|$)`).test(text);
}

export const rule = defineRule({
  code: 'SS112',
  name: 'tool-installed-only-for-healthcheck',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: 'curl or wget is installed only so that HEALTHCHECK can call it.',
    whatItDoes:
      'Reports `curl`/`wget` installed by apt, apk or dnf in the shipped stage (or a stage it is built FROM) when the HEALTHCHECK is the only thing that uses it: no RUN, CMD or ENTRYPOINT of that lineage mentions the tool, and the container does not start through a shell script that might.',
    why: 'curl brings libcurl, OpenSSL pieces and more (~10–20 MB on Debian slim) and one more package to keep patched, while the image already has Python: `python -c "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/health\')"` probes the same URL and fails the check on an HTTP error.',
    example: {
      bad: 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nHEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1',
      good: 'HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/health\')"]',
    },
    fixSafety:
      'No fix: the package may be wanted for debugging, and the RUN installing it may hold other packages.',
  },
  check({ dockerfile, report }) {
    const instructions = shippedInstructions(dockerfile);
    const healthchecks = instructions.filter((i) => i.keyword === 'HEALTHCHECK');
    const healthcheck = healthchecks[healthchecks.length - 1];
    if (!healthcheck) return;
    const probeText = healthcheck.argsText ?? '';
    const launchesScript = instructions.some(
      (i) =>
        (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') &&
        /\.(sh|bash)\b|docker-entrypoint|entrypoint/i.test(i.argsText ?? ''),
    );
    if (launchesScript) return;
    for (const tool of PROBE_TOOLS) {
      if (!mentions(probeText, tool)) continue;
      const used = instructions.some(
        (i) => i !== healthcheck && i.keyword !== 'HEALTHCHECK' && mentions(textWithoutInstalls(i), tool),
      );
      if (used) continue;
      const url = /https?:\/\/[^\s"'\\]+/.exec(probeText)?.[0] ?? 'http://localhost:8000/health';
      for (const instruction of instructions) {
        if (instruction.keyword !== 'RUN') continue;
        for (const pkg of installedPackages(instruction)) {
          if (pkg.name !== tool) continue;
          report({
            range: pkg.word.range,
            message: `\`${tool}\` is installed only for the HEALTHCHECK on line ${healthcheck.range.start.line}: probe with Python instead (\`python -c "import urllib.request; urllib.request.urlopen('${url}')"\`) and drop the package.`,
          });
        }
      }
    }
  },
});

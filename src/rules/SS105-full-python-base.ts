import { defineRule } from './define.js';
import { baseImageOf, rootStage } from './lib/size-images.js';
import { shippedStage } from './lib/stages.js';

/** Tags of the official python image that are the full Debian build (buildpack-deps underneath). */
function isFullPythonTag(tag: string | null): boolean {
  if (tag === null || tag === 'latest') return true;
  if (/slim|alpine|windows|nanoserver/.test(tag)) return false;
  return /^(\d+(\.\d+){0,2}([a-z]+\d*)?)?(-?(bookworm|bullseye|buster|trixie|stretch|jessie))?$/.test(tag);
}

/** The slim tag that replaces a full one: `3.12` → `3.12-slim`, `3.12-bookworm` → `3.12-slim-bookworm`. */
export function slimTag(tag: string | null): string {
  if (tag === null || tag === 'latest') return 'slim';
  const release = /^(.*?)-?(bookworm|bullseye|buster|trixie|stretch|jessie)$/.exec(tag);
  if (release) return release[1] ? `${release[1]}-slim-${release[2]}` : `slim-${release[2]}`;
  return `${tag}-slim`;
}

export const rule = defineRule({
  code: 'SS105',
  name: 'full-python-base',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: 'The image that ships is built on the full `python:X` image (about 1 GB).',
    whatItDoes:
      'Reports the stage that ships when its base (followed through `FROM <stage>`) is the official `python` image with a full tag (`3.12`, `3.12-bookworm`, `latest`, no tag) instead of a `-slim` one.',
    why: 'The full image carries a complete build toolchain, headers and many libraries (~1 GB); `-slim` has the same Python in ~130 MB. A server needs the toolchain only while building wheels, which a builder stage can do on the full image.',
    example: {
      bad: 'FROM python:3.12\nCOPY . /app\nCMD ["python", "/app/main.py"]',
      good: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]',
    },
    fixSafety:
      'No automatic fix: a package the app loads at run time (libpq, libxml2…) may have to be installed explicitly on -slim.',
  },
  check({ dockerfile, report }) {
    const shipped = shippedStage(dockerfile);
    if (!shipped) return;
    const image = baseImageOf(dockerfile, shipped);
    if (image?.name !== 'python' || !isFullPythonTag(image.tag)) return;
    const root = rootStage(dockerfile, shipped);
    report({
      range: root.baseRange,
      message: `\`${image.reference}\` is the full Python image (~1 GB): ship on \`python:${slimTag(image.tag)}\` and build anything that needs compilers in a builder stage.`,
    });
  },
});

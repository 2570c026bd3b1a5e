import { UserError } from '../errors.js';
import type { Project, Requirement } from '../project/types.js';

// A requirements file may name packages by path. optimize installs dependencies in a builder
// step that sees the manifests (and local packages, bind-mounted) but not the source and not
// the original's image, so a path to the project itself or into the image cannot be read there.

/** Where a path requirement points (`-e ./libs/a[x]`, `x @ file:///w/x.whl` → `./libs/a`, `/w/x.whl`); null for a package name or remote URL. */
function requirementPath(requirement: Requirement): string | null {
  const location = (requirement.url ?? requirement.raw)
    .trim()
    .replace(/^-e\s+/, '')
    .replace(/^[A-Za-z0-9._-]+\s*(\[[^\]]*\])?\s*@\s*/, '')
    .replace(/\s*;.*$/, '');
  if (/^[a-z][a-z0-9+.-]*:/i.test(location) && !location.startsWith('file:')) return null;
  const path = location.replace(/^file:(\/\/)?/, '').replace(/\[.*$/, '');
  return path === '.' || path.startsWith('/') || /^\.{1,2}(\/|$)/.test(path) ? path : null;
}

const isProjectRoot = (path: string) => /^\.\/*$/.test(path);

/** Folders of local packages a requirements file installs (`./libs/mylib`, `-e ../shared`), relative to the context. */
export function localPackages(project: Project, file: string): string[] {
  const parsed = project.requirements.find((r) => r.path === file);
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  return (parsed?.requirements ?? [])
    .map(requirementPath)
    .filter((path): path is string => path !== null && !isProjectRoot(path) && !path.startsWith('/'))
    .map((path) =>
      (dir ? `${dir}/${path}` : path)
        .replace(/\/\.\//g, '/')
        .replace(/^\.\//, '')
        .replace(/\/$/, ''),
    )
    .filter((path) => !path.startsWith('..'));
}

/**
 * Refuses a requirements file (one the builder step installs) that names the project itself
 * (`-e .`) or a path inside the image (`file:///wheels/x.whl`): the step would fail to build.
 */
export function refuseUnreadablePaths(project: Project, files: string[]): void {
  for (const file of files) {
    const parsed = project.requirements.find((r) => r.path === file);
    for (const requirement of parsed?.requirements ?? []) {
      const path = requirementPath(requirement);
      if (path === null) continue;
      const shown = `${requirement.editable ? '-e ' : ''}${requirement.raw}`;
      const where = `${file}${requirement.line ? `:${requirement.line}` : ''}`;
      if (isProjectRoot(path))
        throw new UserError(
          `${where}: "${shown}" installs the project itself, which optimize installs after its source and not with the dependencies: remove the line and install the project in the Dockerfile (\`pip install .\` after \`COPY . .\`), then optimize again.`,
        );
      if (path.startsWith('/'))
        throw new UserError(
          `${where}: "${shown}" is a path inside the image, which the dependency step of the optimized Dockerfile does not have: name it relative to the project (./…), then optimize again.`,
        );
    }
  }
}

import { parseDockerfile } from '../dockerfile/index.js';
import { type FixResult, fixUntilStable } from '../fix/index.js';
import { parseDockerIgnore } from '../project/index.js';
import type { DockerfileEntry, Project } from '../project/types.js';
import type { RunOptions } from '../rules/run.js';
import { runRules } from '../rules/run.js';
import type { Finding } from '../types.js';

/** The project as the rules should see it when linting one of its Dockerfiles. */
export function projectFor(project: Project, entry: DockerfileEntry): Project {
  return project.dockerfile === entry ? project : { ...project, dockerfile: entry };
}

/** The ignore file BuildKit would read for this Dockerfile (the root one when none exists yet). */
export function ignorePathFor(entry: DockerfileEntry): string {
  return entry.dockerignore ?? '.dockerignore';
}

/** The texts a fix may touch, keyed by path relative to the project root. */
export function initialTexts(project: Project, entry: DockerfileEntry): Record<string, string> {
  const files: Record<string, string> = { [entry.path]: entry.model.text };
  const ignorePath = ignorePathFor(entry);
  const ignore =
    ignorePath === '.dockerignore'
      ? project.dockerignore
      : project.dockerignores.find((file) => file.path === ignorePath);
  if (ignore) files[ignorePath] = ignore.text;
  return files;
}

/**
 * Re-lints edited texts without touching the disk: the Dockerfile is parsed again and an
 * edited ignore file replaces the one the project was loaded with.
 */
export async function lintTexts(
  project: Project,
  entry: DockerfileEntry,
  files: Readonly<Record<string, string>>,
  options: RunOptions,
): Promise<Finding[]> {
  const text = files[entry.path] ?? '';
  const model = text === entry.model.text ? entry.model : await parseDockerfile(text, entry.path);
  const ignorePath = ignorePathFor(entry);
  const ignoreText = files[ignorePath];
  let view: Project = { ...project };
  let edited: DockerfileEntry = { ...entry, model };
  if (ignoreText !== undefined) {
    view = withIgnoreText(view, ignorePath, ignoreText);
    edited = { ...edited, dockerignore: ignorePath };
  }
  view.dockerfiles = project.dockerfiles.map((d) => (d === entry ? edited : d));
  view.dockerfile = edited;
  return runRules(view, model, entry.path, options);
}

function withIgnoreText(project: Project, ignorePath: string, text: string): Project {
  const ignore = parseDockerIgnore(text, ignorePath);
  return ignorePath === '.dockerignore'
    ? { ...project, dockerignore: ignore }
    : { ...project, dockerignores: [...project.dockerignores.filter((f) => f.path !== ignorePath), ignore] };
}

/**
 * The project after fixes for one Dockerfile were written: the next Dockerfile sharing its
 * ignore file is fixed from what is now on disk, not from the text loaded before.
 */
export function afterWritten(
  project: Project,
  entry: DockerfileEntry,
  files: Readonly<Record<string, string>>,
): Project {
  const ignorePath = ignorePathFor(entry);
  const text = files[ignorePath];
  if (text === undefined) return project;
  return withIgnoreText(project, ignorePath, text);
}

export async function lintEntry(
  project: Project,
  entry: DockerfileEntry,
  options: RunOptions,
): Promise<Finding[]> {
  return runRules(projectFor(project, entry), entry.model, entry.path, options);
}

export async function fixEntry(
  project: Project,
  entry: DockerfileEntry,
  options: RunOptions,
  unsafe: boolean,
): Promise<{ before: Record<string, string>; result: FixResult }> {
  const before = initialTexts(project, entry);
  const result = await fixUntilStable(before, (files) => lintTexts(project, entry, files, options), {
    dockerfile: entry.path,
    unsafe,
  });
  return { before, result };
}

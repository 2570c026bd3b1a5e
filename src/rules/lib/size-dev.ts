import type { ShellCommand, Word } from '../../dockerfile/model.js';
import { lastSegment } from '../../dockerfile/queries.js';
import { isDevName, namedSets } from '../../project/index.js';
import type { DependencySet, Project } from '../../project/types.js';
import { baseName, positionals } from './commands.js';

/**
 * Which development-only dependency sets an install command pulls in, read against the
 * project's own groups and extras. Each finding names the word to point at: the flag that
 * asks for dev sets, or the command itself when dev sets come in by default.
 */

export interface DevSelection {
  /** The word (flag or value) that selects dev sets; null when the tool installs them by default. */
  word: Word | null;
  /** Dev groups/extras/files that get installed, as the user knows them (`group dev`, `extra test`). */
  sets: string[];
  /** What to change, as an imperative phrase. */
  advice: string;
}

/** Values of a flag, in both `--flag value` and `--flag=value` forms (and `-Gdev` for short flags). */
export function flagValues(command: ShellCommand, ...names: string[]): Word[] {
  const values: Word[] = [];
  // The words the command receives: a group list held in an ARG default counts.
  command.expandedArgs.forEach((arg, index) => {
    for (const name of names) {
      if (arg.value === name) {
        const next = command.expandedArgs[index + 1];
        if (next) values.push(next);
      } else if (arg.value.startsWith(`${name}=`)) {
        const offset = name.length + 1;
        values.push({
          text: arg.text,
          value: arg.value.slice(offset),
          range: arg.range,
        });
      }
    }
  });
  return values;
}

function flagWord(command: ShellCommand, ...names: string[]): Word | undefined {
  return command.expandedArgs.find((a) => names.some((n) => a.value === n || a.value.startsWith(`${n}=`)));
}

function splitList(values: Word[]): Array<{ name: string; word: Word }> {
  return values.flatMap((word) =>
    word.value
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((name) => ({ name, word })),
  );
}

function setsOfKind(project: Project, kinds: DependencySet['kind'][]): DependencySet[] {
  return project.dependencySets.filter((set) => kinds.includes(set.kind));
}

function isTruthy(value: string | null | undefined): boolean {
  return ['1', 'true', 'yes', 'on'].includes((value ?? '').toLowerCase());
}

/** `uv sync`: the dev group is a default group unless `--no-dev` or `tool.uv.default-groups` says otherwise. */
export function uvSyncDev(command: ShellCommand, project: Project, env: Map<string, string>): DevSelection[] {
  const pyproject = project.pyproject;
  if (!pyproject) return [];
  const { devGroups, groups, devExtras } = namedSets(project);
  const hasUvDev = setsOfKind(project, ['uv-dev']).length > 0;
  const devGroupNames = new Set([...devGroups, ...(hasUvDev ? ['dev'] : [])]);
  const allGroups = [...new Set([...groups, ...devGroupNames])];
  const selections: DevSelection[] = [];
  const noDev = !!flagWord(command, '--no-dev') || isTruthy(env.get('UV_NO_DEV'));
  const noGroups = new Set(splitList(flagValues(command, '--no-group')).map((g) => g.name));
  if (noDev) noGroups.add('dev');
  const excluded = (name: string) => noGroups.has(name);
  const onlyGroups = splitList(flagValues(command, '--only-group'));
  const onlyDev = flagWord(command, '--only-dev');
  const explicit = splitList(flagValues(command, '--group'));
  const allGroupsFlag = flagWord(command, '--all-groups');
  const noDefault =
    !!flagWord(command, '--no-default-groups') ||
    isTruthy(env.get('UV_NO_DEFAULT_GROUPS')) ||
    onlyGroups.length > 0 ||
    !!onlyDev ||
    !!flagWord(command, '--only-install-project', '--only-install-workspace');
  if (onlyDev && devGroupNames.has('dev') && !excluded('dev')) {
    selections.push({
      word: onlyDev,
      sets: ['group dev'],
      advice: 'install the main dependencies instead (drop `--only-dev`)',
    });
  }
  for (const { name, word } of [...onlyGroups, ...explicit]) {
    if (devGroupNames.has(name) && !excluded(name)) {
      selections.push({
        word,
        sets: [`group ${name}`],
        advice: `drop \`${name}\` from the groups installed here`,
      });
    }
  }
  if (allGroupsFlag) {
    const dev = allGroups.filter((g) => devGroupNames.has(g) && !excluded(g));
    if (dev.length > 0) {
      selections.push({
        word: allGroupsFlag,
        sets: dev.map((g) => `group ${g}`),
        advice: 'name the groups production needs with `--group` instead, or add `--no-dev`',
      });
    }
  } else if (!noDefault) {
    const defaults = pyproject.uv?.defaultGroups ?? ['dev'];
    const defaultNames = defaults === 'all' ? allGroups : defaults;
    const dev = defaultNames.filter(
      (g) => devGroupNames.has(g) && !excluded(g) && !explicit.some((e) => e.name === g),
    );
    if (dev.length > 0) {
      selections.push({
        word: null,
        sets: dev.map((g) => `group ${g}`),
        advice:
          dev.length === 1 && dev[0] === 'dev'
            ? 'add `--no-dev`'
            : 'add `--no-default-groups` (or `--no-dev`)',
      });
    }
  }
  selections.push(...extrasSelections(command, devExtras, '--extra', '--no-extra'));
  return selections;
}

function extrasSelections(
  command: ShellCommand,
  devExtras: string[],
  extraFlag: string,
  noExtraFlag: string,
): DevSelection[] {
  const selections: DevSelection[] = [];
  const dev = new Set(devExtras);
  const noExtras = new Set(noExtraFlag ? splitList(flagValues(command, noExtraFlag)).map((e) => e.name) : []);
  const allExtras = flagWord(command, '--all-extras');
  if (allExtras) {
    const pulled = devExtras.filter((e) => !noExtras.has(e));
    if (pulled.length > 0) {
      selections.push({
        word: allExtras,
        sets: pulled.map((e) => `extra ${e}`),
        advice: `name the extras production needs instead of \`--all-extras\`${noExtraFlag ? ` (or add \`${noExtraFlag} ${pulled[0]}\`)` : ''}`,
      });
    }
  }
  const extraNames = extraFlag === '-E' ? ['-E', '--extras'] : [extraFlag];
  for (const { name, word } of splitList(flagValues(command, ...extraNames))) {
    if (dev.has(name) && !noExtras.has(name)) {
      selections.push({ word, sets: [`extra ${name}`], advice: `drop the \`${name}\` extra` });
    }
  }
  return selections;
}

/** `poetry install`: every non-optional group comes in unless `--only main` / `--without …`. */
export function poetryInstallDev(command: ShellCommand, project: Project): DevSelection[] {
  const poetry = project.pyproject?.poetry;
  if (!poetry) return [];
  const devGroupNames = new Set(
    setsOfKind(project, ['poetry-group'])
      .filter((s) => s.dev)
      .map((s) => s.name),
  );
  const selections: DevSelection[] = [];
  if (flagWord(command, '--only-root', '--no-dev'))
    return extrasSelections(command, namedSets(project).devExtras, '-E', '');
  const only = splitList(flagValues(command, '--only'));
  const without = new Set(splitList(flagValues(command, '--without')).map((g) => g.name));
  const withGroups = splitList(flagValues(command, '--with'));
  const allGroupsFlag = flagWord(command, '--all-groups');
  if (only.length > 0) {
    for (const { name, word } of only) {
      if (devGroupNames.has(name))
        selections.push({ word, sets: [`group ${name}`], advice: `drop \`${name}\` from \`--only\`` });
    }
  } else if (allGroupsFlag) {
    const dev = [...devGroupNames].filter((g) => !without.has(g));
    if (dev.length > 0) {
      selections.push({
        word: allGroupsFlag,
        sets: dev.map((g) => `group ${g}`),
        advice: 'use `--only main` instead of `--all-groups`',
      });
    }
  } else {
    // A default group also named by `--with` is reported once, on the `--with` word.
    const named = new Set(withGroups.map((g) => g.name));
    const defaults = Object.entries(poetry.groups)
      .filter(
        ([name, group]) =>
          !group.optional && devGroupNames.has(name) && !without.has(name) && !named.has(name),
      )
      .map(([name]) => name);
    if (defaults.length > 0) {
      selections.push({
        word: null,
        sets: defaults.map((g) => `group ${g}`),
        advice: `add \`--only main\` (or \`--without ${defaults.join(',')}\`)`,
      });
    }
    for (const { name, word } of withGroups) {
      if (devGroupNames.has(name) && !without.has(name)) {
        selections.push({ word, sets: [`group ${name}`], advice: `drop \`${name}\` from \`--with\`` });
      }
    }
  }
  selections.push(...extrasSelections(command, namedSets(project).devExtras, '-E', ''));
  return selections;
}

/** `pdm install` / `pdm sync`: dev groups come in unless `--prod`. */
export function pdmInstallDev(command: ShellCommand, project: Project): DevSelection[] {
  if (flagWord(command, '--prod', '--production')) return [];
  const dev = project.dependencySets.filter(
    (set) => set.dev && (set.kind === 'pdm-dev' || set.kind === 'group'),
  );
  if (dev.length === 0) return [];
  const groupsFlag = flagValues(command, '-G', '--group');
  if (groupsFlag.length > 0 && flagWord(command, '--no-default', '--no-dev')) return [];
  return [{ word: null, sets: dev.map((s) => `group ${s.name}`), advice: 'add `--prod`' }];
}

/** `pipenv install --dev` / `pipenv sync --dev`. */
export function pipenvInstallDev(command: ShellCommand): DevSelection[] {
  const dev = flagWord(command, '--dev', '-d');
  if (dev) return [{ word: dev, sets: ['dev-packages'], advice: 'drop `--dev`' }];
  const categories = flagValues(command, '--categories').find((w) => /dev/.test(w.value));
  return categories ? [{ word: categories, sets: ['dev-packages'], advice: 'install only `packages`' }] : [];
}

function isDevRequirementsFile(path: string, project: Project): boolean {
  const clean = path.replace(/^\.\//, '');
  const known = project.requirements.find(
    (file) => clean === file.path || clean.endsWith(`/${file.path}`) || file.path.endsWith(`/${clean}`),
  );
  if (known) return known.dev;
  const base = lastSegment(clean);
  return (
    isDevName(base) ||
    (clean.includes('/') && isDevName(clean.slice(0, clean.lastIndexOf('/')).split('/').pop() ?? ''))
  );
}

/** `pip install -r requirements-dev.txt`, `pip install '.[dev]'` (also through `uv pip install`). */
export function pipInstallDev(command: ShellCommand, project: Project): DevSelection[] {
  const selections: DevSelection[] = [];
  for (const word of flagValues(command, '-r', '--requirement')) {
    if (word.value.includes('$')) continue;
    if (isDevRequirementsFile(word.value, project)) {
      selections.push({
        word,
        sets: [word.value],
        advice: 'install the production requirements file instead',
      });
    }
  }
  for (const arg of command.expandedArgs) {
    if (arg.value.startsWith('-r') && arg.value.length > 2 && !arg.value.startsWith('--')) {
      const path = arg.value.slice(2);
      if (!path.includes('$') && isDevRequirementsFile(path, project)) {
        selections.push({
          word: arg,
          sets: [path],
          advice: 'install the production requirements file instead',
        });
      }
    }
  }
  const { devExtras, extras } = namedSets(project);
  for (const arg of command.expandedArgs) {
    const match = /^(.*)\[([^\]]+)\]$/.exec(arg.value);
    if (!match) continue;
    const target = match[1] ?? '';
    const local =
      target === '' || target.startsWith('.') || target.startsWith('/') || target.endsWith('.whl');
    const ownName = project.pyproject?.project?.name;
    if (!local && (!ownName || target.toLowerCase() !== ownName.toLowerCase())) continue;
    const dev = (match[2] ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter((e) => devExtras.includes(e) || (!extras.includes(e) && isDevName(e)));
    if (dev.length > 0) {
      selections.push({
        word: arg,
        sets: dev.map((e) => `extra ${e}`),
        advice: `drop ${dev.map((e) => `\`${e}\``).join(', ')} from the extras`,
      });
    }
  }
  return selections;
}

/** The install tool's name as written with its sub-command: `uv sync`, `poetry install`. */
export function toolPhrase(command: ShellCommand): string {
  const sub = positionals(command)[0];
  return sub ? `${baseName(command)} ${sub}` : baseName(command);
}

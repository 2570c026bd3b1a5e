import type { BuildStep } from '../engine/types.js';
import { isDependencyManifest } from '../project/managers.js';
import type { BuildRun, StepRecord, StepRole } from './types.js';

/** Commands that install the project's dependencies (not tools such as `pip install uv`). */
const DEPENDENCY_INSTALL =
  /\b(?:uv\s+sync|uv\s+pip\s+(?:install|sync)|pip3?\s+install\s+(?:[^|&;]*\s)?(?:-r|--requirement)\b|python[\d.]*\s+-m\s+pip\s+(?:--python\s+\S+\s+)?install\s+(?:[^|&;]*\s)?(?:-r|--requirement)\b|pip3?\s+install\s+(?:-e\s+)?\.(?:\s|$|\[)|poetry\s+install|pipenv\s+(?:install|sync)|pdm\s+(?:install|sync))/;

/**
 * Names each step of a build: the dependency install, the setup steps (RUNs after the
 * application source was copied into the same stage), and the rest.
 */
export function classifySteps(steps: readonly BuildStep[]): StepRecord[] {
  const sourceCopied = new Set<string>();
  const ordered = steps
    .filter((step) => !step.internal && step.instruction)
    .sort((a, b) => (a.stage ?? '').localeCompare(b.stage ?? '') || (a.index ?? 0) - (b.index ?? 0));
  const roles = new Map<BuildStep, StepRole>();
  for (const step of ordered) {
    const stage = step.stage ?? '';
    const instruction = step.instruction ?? '';
    if (/^(?:COPY|ADD)\s/i.test(instruction) && copiesSource(instruction)) sourceCopied.add(stage);
    roles.set(step, roleOf(instruction, sourceCopied.has(stage)));
  }
  return steps
    .filter((step) => !step.internal && step.instruction)
    .map((step) => ({
      name: step.name,
      ...(step.instruction ? { instruction: step.instruction } : {}),
      ...(step.stage ? { stage: step.stage } : {}),
      role: roles.get(step) ?? 'other',
      cached: step.cached,
      ...(step.durationS !== undefined ? { durationS: step.durationS } : {}),
    }));
}

function roleOf(instruction: string, afterSource: boolean): StepRole {
  if (!/^RUN\s/i.test(instruction)) return 'other';
  // The project itself, without its dependencies (`pip install --no-deps .`): a setup step, not the dependency install.
  if (/\binstall\b[^|&;]*--no-deps\b[^|&;]*\s\.(?:\s|$)/.test(instruction))
    return afterSource ? 'setup' : 'other';
  if (DEPENDENCY_INSTALL.test(instruction)) return 'dependency-install';
  return afterSource ? 'setup' : 'other';
}

/** True for a COPY/ADD from the build context that brings more than dependency manifests. */
function copiesSource(instruction: string): boolean {
  const words = instruction.split(/\s+/).slice(1);
  if (words.some((word) => word.startsWith('--from'))) return false;
  const paths = words.filter((word) => !word.startsWith('--'));
  const sources = paths.slice(0, -1);
  return (
    sources.length > 0 &&
    sources.some((source) => !(isDependencyManifest(source) || /^(?:\.\/)?README[\w.]*$/.test(source)))
  );
}

/** One build as a run record: what ran, what came from cache, and the two roles the table names. */
export function buildRun(run: number, durationMs: number, steps: readonly BuildStep[]): BuildRun {
  const records = classifySteps(steps);
  return {
    run,
    durationMs,
    steps: records,
    ran: records.filter((step) => !step.cached).length,
    cached: records.filter((step) => step.cached).length,
    dependencyInstall: roleState(records, 'dependency-install'),
    setup: roleState(records, 'setup'),
  };
}

function roleState(records: StepRecord[], role: StepRole): BuildRun['dependencyInstall'] {
  const matching = records.filter((step) => step.role === role);
  if (matching.length === 0) return 'absent';
  return matching.every((step) => step.cached) ? 'cached' : 'ran';
}

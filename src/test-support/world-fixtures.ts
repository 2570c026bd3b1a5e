import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A check run in the container: `expect` must appear in its output. */
export interface FixtureCheck {
  exec: string[];
  expect: string;
}

/** One way a world fixture is built and served (its default, or a variant: another Dockerfile or target). */
export interface FixtureRun {
  dockerfile: string;
  target: string | null;
  port: number;
  health: string | null;
  env: Record<string, string>;
  buildArgs: Record<string, string>;
  checks: FixtureCheck[];
}

export interface WorldFixture {
  name: string;
  dir: string;
  shape: string;
  runs: FixtureRun[];
  /** Why the original cannot build on this machine (then only the rewrite is built). */
  standinBlocker: string | null;
}

interface Spec {
  dockerfile?: string;
  target?: string | null;
  port?: number;
  health?: string | null;
  run_env?: Record<string, string>;
  build_args?: Record<string, string>;
  checks?: FixtureCheck[];
  variants?: Spec[];
  shape?: string;
  standin_blocker?: string;
}

export const WORLD_FIXTURES_DIR = 'fixtures/optimize';

/** The real-world-shaped optimize fixtures, each with the runs its fixture.json describes. */
export function worldFixtures(): WorldFixture[] {
  if (!existsSync(WORLD_FIXTURES_DIR)) return [];
  return readdirSync(WORLD_FIXTURES_DIR)
    .filter((name) => existsSync(join(WORLD_FIXTURES_DIR, name, 'fixture.json')))
    .sort()
    .map((name) => {
      const dir = join(WORLD_FIXTURES_DIR, name);
      const spec = JSON.parse(readFileSync(join(dir, 'fixture.json'), 'utf8')) as Spec;
      const run = (over: Spec): FixtureRun => ({
        dockerfile: over.dockerfile ?? spec.dockerfile ?? 'Dockerfile',
        target: over.target ?? null,
        port: over.port ?? spec.port ?? 8000,
        health: over.health !== undefined ? over.health : (spec.health ?? null),
        env: { ...spec.run_env, ...over.run_env },
        buildArgs: { ...spec.build_args, ...over.build_args },
        checks: over.checks ?? spec.checks ?? [],
      });
      return {
        name,
        dir,
        shape: spec.shape ?? '',
        standinBlocker: spec.standin_blocker ?? null,
        runs: [run({ ...spec, variants: undefined }), ...(spec.variants ?? []).map(run)],
      };
    });
}

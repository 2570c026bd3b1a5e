import { describe, expect, it } from 'vitest';
import { parseBuildProgress } from '../engine/index.js';
import { stats } from './stats.js';
import { buildRun, classifySteps } from './steps.js';

/** A code-change rebuild of the guide's Dockerfile, as BuildKit prints it with --progress=plain. */
const BEFORE_CODE_CHANGE = `#0 building with "default" instance using docker driver
#1 [internal] load build definition from Dockerfile
#1 DONE 0.0s
#5 [1/9] FROM docker.io/library/python:3.13-slim
#5 DONE 0.0s
#6 [2/9] WORKDIR /app
#6 CACHED
#7 [3/9] RUN pip install uv
#7 CACHED
#8 [4/9] COPY pyproject.toml uv.lock ./
#8 CACHED
#9 [5/9] RUN uv sync --all-extras
#9 CACHED
#10 [6/9] COPY src/ ./src/
#10 DONE 0.1s
#11 [7/9] COPY tests/ ./tests/
#11 DONE 0.1s
#12 [8/9] RUN uv run guide-app-setup
#12 DONE 4.2s
#13 [9/9] RUN uv run python -c "from src.mcp_server import mcp"
#13 DONE 2.0s
#14 exporting to image
#14 DONE 0.3s
`;

const AFTER_CODE_CHANGE = `#1 [internal] load build definition from Dockerfile
#1 DONE 0.0s
#4 [builder 2/5] WORKDIR /app
#4 CACHED
#5 [builder 3/5] COPY --from=ghcr.io/astral-sh/uv:0.13.9 --chmod=0755 /uv /uvx /bin/
#5 CACHED
#6 [builder 4/5] RUN --mount=type=cache,target=/root/.cache/uv --mount=type=bind,source=uv.lock,target=uv.lock uv sync --locked --no-install-project
#6 CACHED
#7 [stage-1 4/7] COPY --from=builder --chown=app:app /app/.venv /app/.venv
#7 CACHED
#8 [stage-1 5/7] COPY --chown=app:app src/ ./src/
#8 DONE 0.1s
#9 [stage-1 6/7] RUN python -c 'import sys; from src.setup import main; sys.exit(main())'
#9 DONE 1.1s
#10 exporting to image
#10 DONE 0.2s
`;

describe('classifySteps', () => {
  it('names the dependency install and the setup steps of the guide Dockerfile', () => {
    const records = classifySteps(parseBuildProgress(BEFORE_CODE_CHANGE).steps);
    const role = (prefix: string) => records.find((r) => r.instruction?.startsWith(prefix))?.role;
    expect(role('RUN pip install uv')).toBe('other');
    expect(role('RUN uv sync')).toBe('dependency-install');
    expect(role('RUN uv run guide-app-setup')).toBe('setup');
    expect(role('RUN uv run python')).toBe('setup');
    expect(records.some((r) => r.name.startsWith('[internal]') || r.name === 'exporting to image')).toBe(
      false,
    );
  });

  it('does not count a COPY --from of the virtualenv as the application source', () => {
    const records = classifySteps(parseBuildProgress(AFTER_CODE_CHANGE).steps);
    expect(records.find((r) => r.instruction?.includes('uv sync'))?.role).toBe('dependency-install');
    expect(records.find((r) => r.instruction?.includes('src.setup'))?.role).toBe('setup');
  });

  it('recognises requirement, Poetry, editable and `pip --python` installs but not tool installs', () => {
    const log = [
      '#2 [1/6] RUN pip install -r requirements.txt',
      '#2 DONE 1.0s',
      '#3 [2/6] RUN pip install --no-cache-dir poetry==2.5.1',
      '#3 DONE 1.0s',
      '#4 [3/6] RUN poetry install --only main --no-root',
      '#4 DONE 1.0s',
      '#5 [4/6] RUN python -m pip install --no-cache-dir -r requirements.txt',
      '#5 DONE 1.0s',
      '#6 [5/6] RUN pip install -e .',
      '#6 DONE 1.0s',
      '#7 [6/6] RUN /usr/local/bin/python -m pip --python /app/.venv/bin/python install -r requirements.txt',
      '#7 DONE 1.0s',
    ].join('\n');
    const roles = classifySteps(parseBuildProgress(log).steps).map((r) => r.role);
    expect(roles).toEqual([
      'dependency-install',
      'other',
      'dependency-install',
      'dependency-install',
      'dependency-install',
      'dependency-install',
    ]);
  });
});

describe('buildRun', () => {
  it('says the dependency install was cached while the setup step ran', () => {
    const run = buildRun(1, 6_500, parseBuildProgress(BEFORE_CODE_CHANGE).steps);
    expect(run).toMatchObject({ run: 1, durationMs: 6_500, dependencyInstall: 'cached', setup: 'ran' });
    expect(run.ran + run.cached).toBe(run.steps.length);
  });

  it('reports absent roles when a Dockerfile has no such step', () => {
    const run = buildRun(1, 10, parseBuildProgress('#2 [1/2] WORKDIR /app\n#2 CACHED\n').steps);
    expect(run.dependencyInstall).toBe('absent');
    expect(run.setup).toBe('absent');
  });
});

describe('stats', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(stats([30, 10, 20])).toEqual({ medianMs: 20, minMs: 10, maxMs: 30 });
    expect(stats([4, 1, 3, 2])).toEqual({ medianMs: 3, minMs: 1, maxMs: 4 });
    expect(stats([])).toEqual({ medianMs: 0, minMs: 0, maxMs: 0 });
  });
});

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { load, projectFromFiles } from '../project/read.js';
import { applyFixes, lintProject, lintText } from './index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PIP_CACHE = 'FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt\n';

describe('lint library', () => {
  it('lintProject lints every Dockerfile of a loaded project with its settings', async () => {
    const project = await load(path.join(repo, 'examples/guide-app'));
    const findings = await lintProject(project);
    expect(new Set(findings.map((f) => f.file))).toEqual(new Set(project.dockerfiles.map((d) => d.path)));
    expect(findings.map((f) => f.rule)).toContain('SS101');
    const selected = await lintProject(project, { select: ['SS3'] });
    expect(selected.length).toBeGreaterThan(0);
    expect(selected.every((f) => f.rule.startsWith('SS3'))).toBe(true);
  });

  it('lintText reads the text alone, or with the project it belongs to', async () => {
    const alone = await lintText(PIP_CACHE);
    const cache = alone.find((f) => f.rule === 'SS104');
    expect(cache?.file).toBe('Dockerfile');
    expect(PIP_CACHE.slice(cache!.range.start.offset, cache!.range.end.offset)).toContain('pip install');
    // With its project, the ignore file and the app are known: SS109 goes once .dockerignore is right.
    const project = await projectFromFiles({
      Dockerfile: PIP_CACHE,
      'requirements.txt': 'flask==3.0.0\n',
      '.dockerignore': '.git\n.venv\nvenv\n**/__pycache__\n*.pyc\n.env\n',
    });
    const withProject = await lintText(PIP_CACHE, { project });
    expect(alone.map((f) => f.rule)).toContain('SS109');
    expect(withProject.map((f) => f.rule)).not.toContain('SS109');
  });

  it('lintText honours severity and ignore settings on top of the project config', async () => {
    const project = await projectFromFiles({
      Dockerfile: PIP_CACHE,
      'pyproject.toml': '[project]\nname = "x"\nversion = "1"\n[tool.shipshape]\nignore = ["SS301"]\n',
    });
    const findings = await lintText(PIP_CACHE, { project, severity: { SS104: 'error' } });
    expect(findings.map((f) => f.rule)).not.toContain('SS301');
    expect(findings.find((f) => f.rule === 'SS104')?.severity).toBe('error');
  });

  it('applyFixes returns the fixed texts and what is left, writing nothing', async () => {
    const project = await projectFromFiles({ Dockerfile: PIP_CACHE, 'requirements.txt': 'flask\n' });
    const outcome = await applyFixes(project);
    expect(outcome.converged).toBe(true);
    expect(outcome.applied.map((a) => a.rule)).toContain('SS104');
    expect(outcome.changed.Dockerfile).toContain('--no-cache-dir');
    expect(outcome.findings.map((f) => f.rule)).not.toContain('SS104');
    const again = await applyFixes(
      await projectFromFiles({ ...outcome.changed, 'requirements.txt': 'flask\n' }),
    );
    expect(again.changed.Dockerfile).toBeUndefined();
  });
});

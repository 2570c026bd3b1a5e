import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { load } from '../project/index.js';
import { publishedSchema } from '../test-support/schemas.js';
import {
  ACTIONS,
  type GithubWorkflowSpec,
  githubWorkflowSpec,
  imageNameFor,
  renderGithubWorkflow,
  STARTER_BUDGET_FLAGS,
  shellWord,
} from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');

let compiled: ReturnType<Ajv['compile']> | undefined;

/** SchemaStore's GitHub workflow schema, from the pinned `schemastore` development dependency. */
function workflowValidator() {
  if (!compiled) {
    const schema = publishedSchema('github-workflow');
    compiled = new Ajv({ strict: false, allErrors: true }).compile(schema);
  }
  return compiled;
}

const spec: GithubWorkflowSpec = {
  projectDir: 'services/api',
  dockerfile: 'services/api/Dockerfile',
  imageTag: 'api:ci',
  checkFlags: [],
  shipshapeVersion: '0.1.0',
  branches: ['main'],
};

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}

function stepsOf(text: string): Step[] {
  return (parse(text) as { jobs: { image: { steps: Step[] } } }).jobs.image.steps;
}

describe('renderGithubWorkflow', () => {
  it('produces YAML that parses and validates against the GitHub workflow schema', () => {
    const validate = workflowValidator();
    const document = parse(renderGithubWorkflow(spec));
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the schema is a real check: it rejects a workflow with a misspelt key', () => {
    const validate = workflowValidator();
    const document = parse(renderGithubWorkflow(spec)) as { jobs: { image: Record<string, unknown> } };
    document.jobs.image['run-on'] = document.jobs.image['runs-on'];
    delete document.jobs.image['runs-on'];
    expect(validate(document)).toBe(false);
  });

  it('builds with buildx, loads the image and uses the GitHub Actions cache (the guide’s snippet)', () => {
    const steps = stepsOf(renderGithubWorkflow(spec));
    expect(steps.some((s) => s.uses === ACTIONS.setupBuildx)).toBe(true);
    const build = steps.find((s) => s.uses === ACTIONS.buildPush)!;
    expect(build.with).toMatchObject({
      context: 'services/api',
      file: 'services/api/Dockerfile',
      load: true,
      push: false,
      tags: 'api:ci',
      'cache-from': 'type=gha',
      'cache-to': 'type=gha,mode=max',
    });
  });

  it('lints to SARIF, uploads it even after a failed step, checks budgets and benches on pull requests', () => {
    const steps = stepsOf(renderGithubWorkflow(spec));
    const runs = steps.map((s) => s.run ?? '');
    expect(runs).toContain('shipshape check services/api --image api:ci');
    const lint = steps.find((s) => s.run?.startsWith('shipshape lint'))!;
    expect(lint.run).toBe(
      'shipshape lint services/api --format sarif --output shipshape.sarif --fail-on error',
    );
    const upload = steps.find((s) => s.uses === ACTIONS.uploadSarif)!;
    expect(upload.with).toMatchObject({ sarif_file: 'shipshape.sarif' });
    expect(upload.if).toBe('${{ !cancelled() }}');
    const bench = steps.find((s) => s.run?.includes('shipshape bench'))!;
    expect(bench.if).toBe("github.event_name == 'pull_request'");
    expect(bench.run).toBe(
      'shipshape bench services/api --runs 1 --format markdown >> "$GITHUB_STEP_SUMMARY"',
    );
    const order = ['Build the image', 'Check size budgets', 'Lint the Dockerfile'].map((name) =>
      steps.findIndex((s) => s.name === name),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('pins every action to an exact release tag', () => {
    const uses = stepsOf(renderGithubWorkflow(spec)).flatMap((s) => (s.uses ? [s.uses] : []));
    expect(uses.length).toBe(5);
    for (const action of uses) expect(action).toMatch(/@v\d+\.\d+\.\d+$/);
  });

  it('runs on pushes to the given branches and on every pull request, with least privilege', () => {
    const document = parse(renderGithubWorkflow(spec));
    expect(document.on).toEqual({ push: { branches: ['main'] }, pull_request: null });
    expect(document.permissions).toEqual({ contents: 'read' });
    expect(document.jobs.image.permissions['security-events']).toBe('write');
  });

  it('quotes paths a shell would misread', () => {
    expect(shellWord('services/api')).toBe('services/api');
    expect(shellWord('my app')).toBe("'my app'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    const steps = stepsOf(renderGithubWorkflow({ ...spec, projectDir: 'my app; rm -rf ~' }));
    expect(steps.find((s) => s.name === 'Check size budgets')!.run).toBe(
      "shipshape check 'my app; rm -rf ~' --image api:ci",
    );
  });
});

describe('githubWorkflowSpec', () => {
  it('describes a project at the repository root, with starter budgets when it has none', async () => {
    const project = await load(join(repo, 'fixtures/projects/uv-fastapi'));
    const result = githubWorkflowSpec(project, project.root, '1.2.3');
    expect(result).toMatchObject({ projectDir: '.', dockerfile: 'Dockerfile', shipshapeVersion: '1.2.3' });
    expect(result.imageTag).toMatch(/^[a-z0-9][a-z0-9._-]*:ci$/);
    expect(result.checkFlags).toEqual(STARTER_BUDGET_FLAGS);
  });

  it('makes paths relative to the repository root for a project in a sub-folder', async () => {
    const project = await load(join(repo, 'fixtures/projects/uv-fastapi'));
    const result = githubWorkflowSpec(project, repo, '1.2.3');
    expect(result.projectDir).toBe('fixtures/projects/uv-fastapi');
    expect(result.dockerfile).toBe('fixtures/projects/uv-fastapi/Dockerfile');
  });

  it('refuses a project without a Dockerfile', async () => {
    const project = await load(join(repo, 'fixtures/projects/no-dockerfile'));
    expect(() => githubWorkflowSpec(project, project.root, '1.2.3')).toThrow(/has no Dockerfile to build/);
  });

  it('derives a valid image name from odd project names', async () => {
    const project = await load(join(repo, 'fixtures/projects/uv-fastapi'));
    const named = (name: string | null) =>
      imageNameFor({
        ...project,
        pyproject: project.pyproject && {
          ...project.pyproject,
          project: project.pyproject.project && { ...project.pyproject.project, name },
        },
      });
    expect(named('My_Service.API')).toBe('my_service.api');
    expect(named('--weird name--')).toBe('weird-name');
    expect(named('***')).toBe('app');
  });
});

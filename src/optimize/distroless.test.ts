import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { load } from '../project/index.js';
import { copyOnPython313, copyProject, removeProjectCopies } from '../test-support/project-copies.js';
import { allowsPython, minimumPython } from './base-image.js';
import { execForm, runtimePackagesMissingFromDistroless } from './distroless.js';
import { optimize } from './index.js';

afterAll(removeProjectCopies);

const CASES: Array<{ name: string; dir: () => string }> = [
  { name: 'guide-app', dir: () => 'examples/guide-app' },
  { name: 'uv-fastapi', dir: () => 'fixtures/projects/uv-fastapi' },
  { name: 'no-dockerfile', dir: () => 'fixtures/projects/no-dockerfile' },
  { name: 'flask-requirements', dir: () => copyOnPython313('fixtures/projects/flask-requirements') },
  { name: 'django-poetry', dir: () => copyOnPython313('fixtures/projects/django-poetry') },
  { name: 'pdm-app', dir: () => copyOnPython313('fixtures/projects/pdm-app') },
  { name: 'pipenv-app', dir: () => copyOnPython313('fixtures/projects/pipenv-app') },
];

describe.each(CASES)('optimize --variant distroless: $name', ({ name, dir }) => {
  it('matches its golden Dockerfile, passes lint and is idempotent', async () => {
    const project = await load(dir());
    const result = await optimize(project, { variant: 'distroless' });
    await expect(result.dockerfile).toMatchFileSnapshot(`__golden__/distroless/${name}.Dockerfile`);
    expect(result.remainingFindings.map((f) => `${f.rule} line ${f.range.start.line}: ${f.message}`)).toEqual(
      [],
    );
    const copy = copyProject(project.root);
    writeFileSync(join(copy, 'Dockerfile'), result.dockerfile);
    writeFileSync(join(copy, '.dockerignore'), result.dockerignore);
    const again = await optimize(await load(copy), { variant: 'distroless' });
    expect(again.dockerfile).toBe(result.dockerfile);
  });

  it('builds on Debian’s python3.13 and ships on distroless with no shell step', async () => {
    const { dockerfile, plan } = await optimize(await load(dir()), { variant: 'distroless' });
    const [builder, shipped] = dockerfile.split('\nFROM gcr.io/distroless/python3-debian13:nonroot\n');
    expect(builder).toMatch(/^FROM debian:13-slim AS builder$/m);
    expect(builder).toMatch(
      /apt-get install -y --no-install-recommends ca-certificates python3\.13 python3\.13-venv/,
    );
    expect(shipped).toBeDefined();
    // Every RUN of the shipped stage is exec form: there is no /bin/sh to run shell form.
    for (const line of shipped!.split('\n').filter((l) => l.startsWith('RUN ')))
      expect(line).toMatch(/^RUN \[/);
    expect(shipped).not.toMatch(/useradd|groupadd|apt-get/);
    expect(shipped).toMatch(/^USER 65532:65532$/m);
    expect(shipped).toContain(`COPY --from=builder --chown=65532:65532 ${plan.venv} ${plan.venv}`);
    // The image's own ENTRYPOINT is the interpreter; the command must not become its arguments.
    if (plan.cmd && !plan.entrypoint) expect(shipped).toMatch(/^ENTRYPOINT \[\]\nCMD \[/m);
  });
});

describe('distroless recipes', () => {
  it('uv links the venv to Debian’s interpreter', async () => {
    const { dockerfile } = await optimize(await load('fixtures/projects/uv-fastapi'), {
      variant: 'distroless',
    });
    expect(dockerfile).toContain('UV_PYTHON=/usr/bin/python3.13');
    expect(dockerfile).toContain('UV_PYTHON_DOWNLOADS=0');
  });

  it('Poetry, PDM and Pipenv get venvs of their own under /opt and fill a venv made by python3.13', async () => {
    for (const [fixture, tool] of [
      ['django-poetry', 'poetry'],
      ['pdm-app', 'pdm'],
      ['pipenv-app', 'pipenv'],
    ] as const) {
      const project = await load(copyOnPython313(`fixtures/projects/${fixture}`));
      const { dockerfile, plan } = await optimize(project, { variant: 'distroless' });
      expect(dockerfile).toContain(
        `python3.13 -m venv /opt/${tool} && /opt/${tool}/bin/pip install ${tool}==`,
      );
      expect(dockerfile).toContain(`RUN python3.13 -m venv ${plan.venv}`);
      expect(dockerfile).toMatch(new RegExp(`/opt/${tool}/bin/${tool} (install|sync)`));
      expect(dockerfile).not.toMatch(/^RUN .*\bpip install (poetry|pdm|pipenv)/m);
    }
  });

  it('the guide app keeps its setup step, import check, Docker CLI and ports', async () => {
    const { dockerfile } = await optimize(await load('examples/guide-app'), { variant: 'distroless' });
    expect(dockerfile).toContain(
      'RUN ["python","-c","import sys; from src.setup import main; sys.exit(main())"]',
    );
    expect(dockerfile).toContain('COPY --from=docker:28-cli /usr/local/bin/docker /usr/local/bin/docker');
    expect(dockerfile).toContain('EXPOSE 8080 8051');
  });
});

describe('distroless refusals', () => {
  it('a setup step that needs a shell', async () => {
    const dir = copyProject('fixtures/projects/uv-fastapi', (text) =>
      text.replace('EXPOSE 8000', 'RUN python -c "print(1)" > /tmp/out.txt\n\nEXPOSE 8000'),
    );
    await expect(optimize(await load(dir), { variant: 'distroless' })).rejects.toThrow(
      /line \d+ \(`python -c .*\/tmp\/out\.txt`\) needs a shell/,
    );
  });

  it('a runtime library the image lacks (psycopg2 needs libpq5; there is no apt to add it)', async () => {
    const dir = copyOnPython313('fixtures/projects/psycopg-compiled');
    await expect(optimize(await load(dir), { variant: 'distroless' })).rejects.toThrow(
      /runtime package\(s\) libpq5 cannot be installed without apt\. Use --variant slim/,
    );
  });

  it('a step running a program the image does not have, and a shell-script command', async () => {
    const dir = copyProject('fixtures/projects/uv-fastapi', (text) =>
      text
        .replace('EXPOSE 8000', 'RUN chmod 0444 app/main.py\n\nEXPOSE 8000')
        .replace(/^CMD .*$/m, 'CMD ["./start.sh"]'),
    );
    const refusal = optimize(await load(dir), { variant: 'distroless' });
    await expect(refusal).rejects.toThrow(/line \d+ runs `chmod`, which the image does not have/);
    await expect(refusal).rejects.toThrow(/the command `\.\/start\.sh` runs a shell script/);
  });

  it('a step that installs system libraries with apt (playwright --with-deps)', async () => {
    const dir = copyProject('fixtures/projects/uv-fastapi', (text) =>
      text.replace('EXPOSE 8000', 'RUN uv run playwright install --with-deps chromium\n\nEXPOSE 8000'),
    );
    await expect(optimize(await load(dir), { variant: 'distroless' })).rejects.toThrow(
      /line \d+ \(`playwright install-deps chromium`\) installs system libraries with apt/,
    );
  });

  it('a Python requirement it cannot read, saying so', async () => {
    const dir = copyProject('fixtures/projects/uv-fastapi');
    const path = join(dir, 'pyproject.toml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('>=3.12', 'python three'));
    await expect(optimize(await load(dir), { variant: 'distroless' })).rejects.toThrow(
      /cannot read the Python requirement "python three"/,
    );
  });

  it('a command that expands a variable at run time', async () => {
    const dir = copyProject('fixtures/projects/uv-fastapi', (text) =>
      text.replace(/^CMD .*$/m, 'CMD uv run uvicorn app.main:app --host 0.0.0.0 --port $PORT'),
    );
    await expect(optimize(await load(dir), { variant: 'distroless' })).rejects.toThrow(
      /the command `uv run uvicorn .*\$PORT` needs a shell to expand at run time/,
    );
  });

  it('a requires-python that excludes the image’s 3.13.5', async () => {
    const dir = copyProject('fixtures/projects/uv-fastapi');
    const path = join(dir, 'pyproject.toml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('>=3.12', '>=3.13.7'));
    await expect(optimize(await load(dir), { variant: 'distroless' })).rejects.toThrow(
      /ships Python 3\.13\.5, which requires-python ">=3\.13\.7" does not allow/,
    );
  });
});

describe('distroless commands', () => {
  it('runs an absolute python path as the venv’s python', async () => {
    const dir = copyProject('fixtures/projects/uv-fastapi', (text) =>
      text.replace(
        /^CMD .*$/m,
        'CMD ["/usr/local/bin/python", "-m", "uvicorn", "app.main:app", "--port", "8000"]',
      ),
    );
    const { plan } = await optimize(await load(dir), { variant: 'distroless' });
    expect(plan.cmd).toEqual(['python', '-m', 'uvicorn', 'app.main:app', '--port', '8000']);
  });

  it('refuses programs outside the venv, with each reason', async () => {
    const dir = copyProject('fixtures/projects/uv-fastapi', (text) =>
      text
        .replace('EXPOSE 8000', 'RUN uv pip list\n\nEXPOSE 8000')
        .replace(/^CMD .*$/m, 'ENTRYPOINT ["tini", "--"]\nCMD ["python3.12", "-m", "app"]'),
    );
    const refusal = optimize(await load(dir), { variant: 'distroless' });
    await expect(refusal).rejects.toThrow(/line \d+ runs `uv`, which the image does not have/);
    await expect(refusal).rejects.toThrow(/the command runs `tini`, which the image does not have/);
    await expect(refusal).rejects.toThrow(
      /the command runs `python3\.12` \(the image has python3\.13 only\)/,
    );
  });

  it('accepts the venv’s console scripts by name', async () => {
    const dir = copyProject('fixtures/projects/uv-fastapi', (text) =>
      text.replace('EXPOSE 8000', 'RUN ["/app/.venv/bin/uvicorn", "--version"]\n\nEXPOSE 8000'),
    );
    const first = await optimize(await load(dir), { variant: 'distroless' });
    expect(first.dockerfile).toContain('RUN ["/app/.venv/bin/uvicorn","--version"]');
    // An exec-form review step reads back as the same words: optimizing again changes nothing.
    const again = copyProject(dir);
    writeFileSync(join(again, 'Dockerfile'), first.dockerfile);
    expect((await optimize(await load(again), { variant: 'distroless' })).dockerfile).toBe(first.dockerfile);
  });
});

describe('back to slim', () => {
  it('optimizing a distroless Dockerfile with the default variant gives the slim one', async () => {
    const distroless = await optimize(await load('examples/guide-app'), { variant: 'distroless' });
    const dir = copyProject('examples/guide-app');
    writeFileSync(join(dir, 'Dockerfile'), distroless.dockerfile);
    const { dockerfile } = await optimize(await load(dir));
    expect(dockerfile).toMatch(/^FROM python:3\.13-slim AS builder$/m);
    expect(dockerfile).not.toMatch(/python3\.13-venv|ENTRYPOINT \[\]|65532:65532/);
    // The user keeps the id it ran as, now with a name of its own.
    expect(dockerfile).toMatch(/useradd --system --no-log-init --uid 65532 --gid app/);
  });
});

describe('execForm', () => {
  it('splits plain commands and && chains into argument lists', () => {
    expect(execForm("python -c 'import sys; print(1)'")).toEqual([['python', '-c', 'import sys; print(1)']]);
    expect(execForm('playwright install chromium && python -m app.warm --fast')).toEqual([
      ['playwright', 'install', 'chromium'],
      ['python', '-m', 'app.warm', '--fast'],
    ]);
    expect(execForm('python -c "print(\'✓ ok\')"')).toEqual([['python', '-c', "print('✓ ok')"]]);
    // Docker joins continued lines as they are, inside a word too.
    expect(execForm('alembic up\\\ngrade head')).toEqual([['alembic', 'upgrade', 'head']]);
  });

  it('returns null for anything that needs a shell', () => {
    for (const command of [
      'echo $HOME',
      'python -c "print($X)"',
      'a | b',
      'a; b',
      'a || b',
      'a > out',
      'ls *.py',
      'cd src && python x.py',
      'FOO=1 python x.py',
      '~/bin/tool',
      "python -c 'unterminated",
      'a &&',
      'python x\npython y',
      'if python x; then python y; fi',
      'time python x',
    ]) {
      expect(execForm(command), command).toBeNull();
    }
  });
});

describe('allowsPython', () => {
  it('reads the specifiers projects use', () => {
    expect(allowsPython(null, '3.13.5')).toBe(true);
    expect(allowsPython('>=3.11', '3.13.5')).toBe(true);
    expect(allowsPython('>=3.11,<3.13', '3.13.5')).toBe(false);
    expect(allowsPython('>=3.13.6', '3.13.5')).toBe(false);
    expect(allowsPython('==3.13.*', '3.13.5')).toBe(true);
    expect(allowsPython('!=3.13.*', '3.13.5')).toBe(false);
    expect(allowsPython('~=3.12', '3.13.5')).toBe(true);
    expect(allowsPython('~=3.12.1', '3.13.5')).toBe(false);
    expect(allowsPython('>3.13,<=3.14', '3.13.5')).toBe(true);
    expect(allowsPython('>=3.10 <3.13', '3.13.5')).toBe(false);
    expect(allowsPython('>=3.10 <3.14', '3.13.5')).toBe(true);
    // Pipenv's python_version and Poetry's caret and tilde.
    expect(allowsPython('3.11', '3.13.5')).toBe(false);
    expect(allowsPython('3.13', '3.13.5')).toBe(true);
    expect(allowsPython('^3.11', '3.13.5')).toBe(true);
    expect(allowsPython('^3.14', '3.13.5')).toBe(false);
    expect(allowsPython('~3.12', '3.13.5')).toBe(false);
    expect(allowsPython('>=3.14.0a1', '3.13.5')).toBe(false);
    // What cannot be read admits nothing: optimize refuses rather than guess.
    expect(allowsPython('python3 please', '3.13.5')).toBe(false);
  });
});

describe('minimumPython', () => {
  it('takes the lower bound in every notation', () => {
    expect(minimumPython('>=3.11,<4')).toBe('3.11');
    expect(minimumPython('3.12')).toBe('3.12');
    expect(minimumPython('^3.10')).toBe('3.10');
    expect(minimumPython('<3.13')).toBeNull();
  });
});

describe('runtimePackagesMissingFromDistroless', () => {
  it('keeps only what the image lacks', () => {
    expect(runtimePackagesMissingFromDistroless(['ca-certificates', 'tzdata', 'libpq5', 'libffi8'])).toEqual([
      'libpq5',
    ]);
  });
});

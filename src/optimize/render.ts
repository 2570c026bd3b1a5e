import { profileOf } from './profiles.js';
import type { KeptStep, Plan } from './types.js';

function healthcheck(plan: Plan): string | null {
  if (!plan.healthcheck) return null;
  if (plan.healthcheck.original !== null) return `HEALTHCHECK ${plan.healthcheck.original}`;
  const probe = plan.healthcheck.url
    ? `import urllib.request; urllib.request.urlopen('${plan.healthcheck.url}', timeout=4)`
    : `import socket; socket.create_connection(('127.0.0.1', ${plan.healthcheck.port}), timeout=4).close()`;
  const options = plan.healthcheck.options ?? '--interval=30s --timeout=5s --start-period=30s --retries=3';
  return `HEALTHCHECK ${options} \\\n    CMD ${JSON.stringify(['python', '-c', probe])}`;
}

function chownFlag(plan: Plan): string {
  return `--chown=${profileOf(plan.variant).owner(plan.user)}`;
}

function runLines(plan: Plan, command: string): string[] {
  return profileOf(plan.variant).runLines(command);
}

/** A step kept as written, with the mark that tells the reader optimize did not rebuild it. */
function keptLines(plan: Plan, step: KeptStep): string[] {
  const instruction = step.keyword !== undefined;
  // No line number: it would change each time the output is optimized again.
  return [
    `# shipshape: review — kept as written: ${step.reason}.`,
    ...(instruction ? [`${step.keyword} ${step.text}`] : runLines(plan, step.text)),
    '',
  ];
}

/** Writes kept builder steps in their folders, copying the source in first where they read it; returns the last folder. */
function keptBuilderSteps(
  plan: Plan,
  steps: Plan['builderSteps'],
  lines: string[],
  startDir: string | null,
  startSourceIn: string | null,
): string | null {
  let dir = startDir;
  let sourceIn = startSourceIn;
  for (const step of steps) {
    const stepDir = step.dir ?? plan.workdir;
    if (stepDir !== dir) lines.push(`WORKDIR ${stepDir}`, '');
    dir = stepDir;
    if (step.needsSource && sourceIn !== dir) {
      lines.push('COPY . .');
      sourceIn = dir;
    }
    lines.push(...keptLines(plan, step));
  }
  return dir;
}

function builderStage(plan: Plan): string[] {
  const lines = [`FROM ${plan.builderImage} AS ${plan.builderName}`, ''];
  if (plan.shell) lines.push(`SHELL ${plan.shell}`);
  for (const arg of plan.builderArgs) lines.push(`ARG ${arg}`);
  const profile = profileOf(plan.variant);
  if (plan.buildPackages.length > 0) {
    lines.push(profile.builderPackagesComment, profile.systemInstall(plan.buildPackages), '');
  }
  if (profile.builderEnv.length > 0) lines.push(...profile.builderEnv, '');
  if (plan.builderEnv.length > 0) lines.push(`ENV ${plan.builderEnv.join(' \\\n    ')}`, '');
  // The original builder's own steps run where they ran, with the source there when they read it
  // (a lint step over `.`): outside the venv's folder; before the dependencies when they came
  // before the install in the original, after the project's install when they run what it
  // installed (a setup console script).
  const early = plan.builderSteps.filter((step) => !step.afterInstall);
  const late = plan.builderSteps.filter((step) => step.afterInstall);
  const dir = keptBuilderSteps(plan, early, lines, null, null);
  if (dir !== plan.workdir) lines.push(`WORKDIR ${plan.workdir}`, '');
  else lines.push('');
  lines.push('# Dependencies first, from the manifests only: cached until they change.');
  lines.push(...plan.recipe.beforeSource, '');
  const projectInstalled = plan.recipe.afterSource.length > 0;
  if (projectInstalled) {
    // Installing the project needs its source; its dependencies come with it, as in the original.
    lines.push('# The project itself, from its source, as the original installed it.', 'COPY . .');
    lines.push(...plan.recipe.afterSource, '');
  }
  if (late.length > 0) {
    lines.push("# The original's steps that run what was installed, after the install as there.");
    // The venv is complete: `uv run` must not sync it again (that would add the dev group back).
    if (late.some((step) => /\buv\s+run\b/.test(step.text))) lines.push('ENV UV_NO_SYNC=1');
    keptBuilderSteps(plan, late, lines, plan.workdir, projectInstalled ? plan.workdir : null);
  }
  return lines;
}

function shippedStage(plan: Plan): string[] {
  const lines = [`FROM ${plan.baseImage}`, ''];
  if (plan.shell) lines.push(`SHELL ${plan.shell}`);
  for (const arg of plan.stageArgs) lines.push(`ARG ${arg}`);
  if (plan.shell || plan.stageArgs.length > 0) lines.push('');
  const profile = profileOf(plan.variant);
  const createUser = profile.createUser(plan.user);
  if (createUser) lines.push(createUser, '');
  if (plan.runtimePackages.length > 0) {
    lines.push('# Runtime system libraries only.', profile.systemInstall(plan.runtimePackages), '');
  }
  if (plan.dockerCliImage) {
    lines.push('# The Docker CLI binary alone, instead of an apt repository.');
    lines.push(`COPY --from=${plan.dockerCliImage} /usr/local/bin/docker /usr/local/bin/docker`, '');
  }
  const env = [
    `PATH="${[`${plan.venv}/bin`, ...plan.extraPath, '$PATH'].join(':')}"`,
    'PYTHONUNBUFFERED=1',
    'PYTHONDONTWRITEBYTECODE=1',
    ...plan.recipe.shippedEnv,
    ...plan.env,
  ];
  lines.push(`ENV ${env.join(' \\\n    ')}`, '');
  if (plan.ownedFolders.length > 0) {
    lines.push(
      '# Folders the app writes to belong to the app user.',
      `RUN install -d -o ${plan.user.name} -g ${plan.user.name} ${plan.ownedFolders.join(' ')}`,
      '',
    );
  }
  lines.push(`WORKDIR ${plan.workdir}`, '');
  lines.push(`COPY --from=${plan.builderName} ${chownFlag(plan)} ${plan.venv} ${plan.venv}`, '');
  // System libraries (e.g. a browser's) and the original's root steps go in as root, before the switch to the app user.
  for (const step of plan.steps.filter((s) => s.kind === 'system'))
    lines.push(`RUN ${step.command} \\\n    && rm -rf /var/lib/apt/lists/*`, '');
  if (plan.links.length > 0)
    lines.push(
      '# Programs the command and scripts name outside the venv lead to the venv’s.',
      `RUN for link in ${plan.links.join(' ')}; do \\\n        program="${plan.venv}/bin/\${link##*/}"; \\\n        if [ -e "$program" ]; then mkdir -p "\${link%/*}" && ln -sf "$program" "$link"; fi; \\\n    done`,
      '',
    );
  const rootEarly = plan.review.filter((s) => s.asRoot && !s.needsSource);
  const rootLate = plan.review.filter((s) => s.asRoot && s.needsSource);
  for (const step of rootEarly) lines.push(...keptLines(plan, step));
  const copySource = () => {
    for (const copy of plan.sourceCopies)
      lines.push(
        [
          copy.keyword ?? 'COPY',
          chownFlag(plan),
          ...(copy.flags ?? []),
          ...copy.sources,
          copy.destination,
        ].join(' '),
      );
    for (const copy of plan.keptCopies) lines.push(`COPY ${copy}`);
    for (const copy of plan.builderCopies)
      lines.push(
        ['COPY', `--from=${plan.builderName}`, ...copy.flags, ...copy.sources, copy.destination].join(' '),
      );
    lines.push('');
  };
  if (rootLate.length > 0) {
    // A root step of the original reads the source: the source comes first.
    copySource();
    for (const step of rootLate) lines.push(...keptLines(plan, step));
  }
  lines.push(`USER ${profile.userDirective(plan.user)}`, '');
  // The app user's steps in the original's order, those that read the source after it.
  const userSteps = (afterSource: boolean) =>
    [
      ...plan.steps
        .filter((s) => s.needsSource === afterSource && s.kind !== 'system')
        .map((s) => ({ line: s.line, lines: [...runLines(plan, s.command), ''] })),
      ...plan.review
        .filter((s) => !s.asRoot && s.needsSource === afterSource)
        .map((s) => ({ line: s.line, lines: keptLines(plan, s) })),
    ]
      .sort((a, b) => a.line - b.line)
      .flatMap((s) => s.lines);
  lines.push(...userSteps(false));
  if (rootLate.length === 0) copySource();
  lines.push(...userSteps(true));
  for (const label of plan.labels) lines.push(`LABEL ${label}`);
  if (plan.volumes.length > 0) lines.push(`VOLUME ${JSON.stringify(plan.volumes)}`);
  if (plan.expose.length > 0) lines.push(`EXPOSE ${plan.expose.join(' ')}`);
  const health = healthcheck(plan);
  if (health) lines.push(health);
  if (plan.stopSignal) lines.push(`STOPSIGNAL ${plan.stopSignal}`);
  if (plan.entrypoint) lines.push(`ENTRYPOINT ${JSON.stringify(plan.entrypoint)}`);
  // The distroless image's own ENTRYPOINT is the interpreter: without this the CMD becomes its arguments.
  else if (profile.resetsEntrypoint && plan.cmd) lines.push('ENTRYPOINT []');
  if (plan.cmd) lines.push(`CMD ${JSON.stringify(plan.cmd)}`);
  return lines;
}

/** Stages of the original kept as written: build targets (`--target dev`) and stages the image copies from. */
function keptStageLines(plan: Plan): string[] {
  return plan.keptStages.flatMap((text) => [
    '# Kept as written: a stage of the original (a build target, or one the image copies from).',
    text,
    '',
  ]);
}

/** Plan → Dockerfile text. Deterministic: the same plan gives the same bytes. */
export function render(plan: Plan): string {
  const header = [
    ...(plan.syntaxDirective ? ['# syntax=docker/dockerfile:1'] : []),
    '# Generated by shipshape optimize; `shipshape optimize --explain` lists every change.',
    '',
  ];
  const globals = plan.globalArgs.map((arg) => `ARG ${arg}`);
  const text = [
    ...header,
    ...globals,
    ...(globals.length ? [''] : []),
    ...keptStageLines(plan),
    ...builderStage(plan),
    ...shippedStage(plan),
  ].join('\n');
  return `${text.replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

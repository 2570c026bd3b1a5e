import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import type { VerificationReport } from '../verify/types.js';

interface OptimizeFlags {
  dockerfile?: string;
  write?: boolean;
  diff?: boolean;
  check?: boolean;
  output?: string;
  variant: string;
  compose?: boolean;
  syntaxDirective: boolean;
  explain?: boolean;
  json?: boolean;
  backup: boolean;
  force?: boolean;
  verify?: boolean;
  against?: string;
}

const VARIANTS = ['slim', 'alpine', 'distroless'] as const;

export function register(program: Command): void {
  const action = async (dir: string | undefined, flags: OptimizeFlags) => runOptimize(dir ?? '.', flags);
  for (const name of ['optimize', 'init']) {
    program
      .command(name)
      .description(
        name === 'init'
          ? 'Alias of optimize: generate a Dockerfile for a project that has none.'
          : "Rewrite the project's Dockerfile into a lean multi-stage, cached, non-root image.",
      )
      .argument('[dir]', 'project folder', '.')
      .option('--dockerfile <path>', 'the Dockerfile to optimize (default: the project’s Dockerfile)')
      .option('--write', 'write Dockerfile and .dockerignore (the old Dockerfile is kept as Dockerfile.orig)')
      .option('--diff', 'print a unified diff against the current Dockerfile')
      .option('--check', 'exit 1 when the current Dockerfile differs from what optimize would write')
      .option('--output <path>', 'write the new Dockerfile to this path instead')
      .option('--variant <variant>', 'slim | alpine | distroless', 'slim')
      .option('--compose', 'also write compose.yaml with limits, init, health check and ports')
      .option('--no-syntax-directive', 'leave out `# syntax=docker/dockerfile:1` (offline engines)')
      .option(
        '--explain',
        'list every change with the rule codes it resolves, and the fate of every original line',
      )
      .option('--json', 'print the result as JSON (includes the explanation)')
      .option('--no-backup', 'with --write, do not keep Dockerfile.orig')
      .option('--force', 'accept a variant that compiles packages from source')
      .option(
        '--verify',
        'build the original and the rewrite and prove they are the same application (exit 1 on a difference; writes only with --write, and only when it passes)',
      )
      .option('--against <path>', 'with --verify: verify this Dockerfile instead of the rewrite')
      .action(action);
  }
}

async function runOptimize(dir: string, flags: OptimizeFlags): Promise<void> {
  if (!VARIANTS.includes(flags.variant as (typeof VARIANTS)[number])) {
    throw new UserError(`Unknown variant "${flags.variant}": use slim, alpine or distroless.`);
  }
  if (flags.against && !flags.verify)
    throw new UserError(
      '--against needs --verify: it names the Dockerfile to verify instead of the rewrite.',
    );
  const [{ load }, { optimize }, { composeText }, files] = await Promise.all([
    import('../project/index.js'),
    import('../optimize/index.js'),
    import('../optimize/compose.js'),
    import('../fs/index.js'),
  ]);
  const project = await load(dir, flags.dockerfile ? { dockerfile: flags.dockerfile } : {});
  const result = await optimize(project, {
    variant: flags.variant as (typeof VARIANTS)[number],
    syntaxDirective: flags.syntaxDirective,
    force: Boolean(flags.force),
  });
  const dockerfilePath = join(project.root, project.dockerfile?.path ?? 'Dockerfile');
  const currentBytes = existsSync(dockerfilePath)
    ? files.readRegularFile(dockerfilePath, basename(dockerfilePath), {
        maxBytes: files.MAX_FILE_BYTES,
        what: 'Dockerfile',
      })
    : null;
  const current = currentBytes?.toString('utf8') ?? '';
  if (flags.against && !flags.verify)
    throw new UserError('--against needs --verify: it names the Dockerfile to verify.');
  const verification = flags.verify ? await verifyRewrite(dir, flags) : undefined;

  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          dockerfile: result.dockerfile,
          dockerignore: result.dockerignore,
          changes: result.changes,
          ledger: result.ledger,
          warnings: result.warnings,
          remainingFindings: result.remainingFindings,
          changed: current !== result.dockerfile,
          ...(verification ? { verification } : {}),
        },
        null,
        2,
      )}\n`,
    );
  }
  if (flags.check) {
    const differs = current !== result.dockerfile;
    if (!flags.json) {
      process.stderr.write(
        differs
          ? `${basename(dockerfilePath)} differs from what shipshape optimize would write: run \`shipshape optimize --write\`.\n`
          : `${basename(dockerfilePath)} is up to date.\n`,
      );
    }
    process.exitCode = differs ? 1 : 0;
    return;
  }
  if (flags.diff) {
    const { createTwoFilesPatch } = await import('diff');
    process.stdout.write(
      createTwoFilesPatch(
        `a/${basename(dockerfilePath)}`,
        `b/${basename(dockerfilePath)}`,
        current,
        result.dockerfile,
      ),
    );
  }
  if (verification) {
    const { verificationDifferences, verificationText } = await import('../report/verification.js');
    if (!flags.json) process.stdout.write(`${verificationText(verification).join('\n')}\n`);
    if (!verification.ok) {
      process.stderr.write(
        `shipshape: the ${flags.against ? basename(flags.against) : 'rewrite'} is not the same application: ${verificationDifferences(verification).join('; ')}.${flags.write || flags.output ? ' Nothing was written.' : ''}\n`,
      );
      process.exitCode = 1;
      return;
    }
  }
  if (flags.write || flags.output) {
    const target = flags.output ? resolve(flags.output) : dockerfilePath;
    // One all-or-nothing write: the backup holds the original bytes, the Dockerfile and the
    // ignore file keep the bytes of the lines optimize left as they were.
    const writes: import('../fs/index.js').FileWrite[] = [];
    if (!flags.output && flags.backup && currentBytes && current !== result.dockerfile) {
      writes.push({ path: `${dockerfilePath}.orig`, content: currentBytes });
    }
    writes.push(
      flags.output
        ? { path: target, shown: flags.output, content: result.dockerfile, maxBytes: files.MAX_FILE_BYTES }
        : files.editedFile(target, basename(target), currentBytes ? current : null, result.dockerfile),
    );
    if (flags.write) {
      const ignore = join(project.root, '.dockerignore');
      writes.push(
        files.editedFile(ignore, '.dockerignore', project.dockerignore?.text ?? null, result.dockerignore),
      );
    }
    if (flags.compose) {
      const name = (project.pyproject?.project?.name ?? basename(project.root))
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, '-');
      writes.push({
        path: join(project.root, 'compose.yaml'),
        content: composeText(result.plan, name, basename(target)),
      });
    }
    files.writeFiles(writes);
    process.stderr.write(`Wrote ${target}${flags.write ? ' and .dockerignore' : ''}.\n`);
  } else if (!flags.diff && !flags.json && !verification) {
    process.stdout.write(result.dockerfile);
  }
  if ((flags.explain || flags.write) && !flags.json) {
    const lines = result.changes.map(
      (c) => `  [${c.rules.join(', ')}] ${c.description}\n      → ${c.effect}`,
    );
    process.stderr.write(`\nChanges:\n${lines.join('\n')}\n`);
    if (flags.explain && result.ledger.length > 0) {
      const width = Math.max(...result.ledger.map((e) => e.fate.length));
      const rows = result.ledger.map(
        (e) =>
          `  ${String(e.line).padStart(4)}  ${e.fate.padEnd(width)}  ${e.text}\n${' '.repeat(width + 10)}${e.detail}`,
      );
      process.stderr.write(
        `\nEvery line of the original (line, fate, instruction, why):\n${rows.join('\n')}\n`,
      );
    }
  }
  if (!flags.json) for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
}

/** Builds the original and the rewrite (or `--against`) once each and compares them (bench's verification step). */
async function verifyRewrite(dir: string, flags: OptimizeFlags): Promise<VerificationReport> {
  const { runBench } = await import('../bench/index.js');
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted'));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    process.stderr.write('Building the original and the rewrite, then comparing them…\n');
    const report = await runBench({
      dir,
      scenarios: [],
      runs: 1,
      verify: true,
      keep: false,
      signal: controller.signal,
      ...(flags.dockerfile ? { dockerfile: flags.dockerfile } : {}),
      ...(flags.against
        ? { against: flags.against }
        : { variant: flags.variant as (typeof VARIANTS)[number] }),
    });
    if (!report.verification) throw new UserError('bench returned no verification.');
    return report.verification;
  } catch (error) {
    if (controller.signal.aborted) {
      process.stderr.write('shipshape: verification interrupted; everything it created was removed.\n');
      process.exit(130);
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

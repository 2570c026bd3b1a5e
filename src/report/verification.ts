import type { VerificationReport, VerifySection } from '../verify/types.js';
import { escapeHtml } from './html/escape.js';
import { table } from './html/page.js';

/**
 * The "Verification" section of `optimize --verify` and bench: per comparison, what is equal (one
 * summary line), the allowed differences with their named reasons, and the differences.
 */

const TITLES: Record<VerifySection['name'], string> = {
  distributions: 'Python distributions',
  imports: 'Imports',
  libraries: 'Shared libraries',
  files: 'Files the app owns',
  contract: 'Runtime contract',
  behaviour: 'Behaviour',
};

export function verificationVerdict(report: VerificationReport): string {
  const count = report.sections.reduce((n, s) => n + s.differences.length, 0);
  return report.ok
    ? 'the same application: no differences'
    : `${count} difference${count === 1 ? '' : 's'} (${report.sections
        .filter((s) => s.differences.length > 0)
        .map((s) => TITLES[s.name].toLowerCase())
        .join(', ')})`;
}

/** Every difference in one sentence each, for an exit-1 message. */
export function verificationDifferences(report: VerificationReport): string[] {
  return report.sections.flatMap((s) =>
    s.differences.map((d) => `${TITLES[s.name].toLowerCase()}: ${d.detail}`),
  );
}

/** Plain text, two-space indented: the same lines the markdown list shows. */
export function verificationText(report: VerificationReport): string[] {
  const lines = [`Verification: ${verificationVerdict(report)}`];
  for (const section of report.sections) {
    const mark = section.differences.length > 0 ? 'DIFFERENT' : 'ok';
    lines.push(`  ${TITLES[section.name]} [${mark}]${section.equal ? `: ${section.equal}` : ''}`);
    for (const d of section.differences) lines.push(`    difference: ${d.detail}`);
    for (const a of section.allowed) lines.push(`    allowed: ${a.what} — ${a.why}`);
    for (const n of section.notes) lines.push(`    note: ${n}`);
  }
  return lines;
}

export function verificationMarkdown(report: VerificationReport): string[] {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '### Verification',
    '',
    `Verdict: **${verificationVerdict(report)}**.`,
    '',
    '| Check | Equal | Allowed differences | Differences |',
    '|---|---|---|---|',
  ];
  for (const s of report.sections) {
    const allowed = s.allowed.map((a) => `${a.what} (${a.why})`).join('; ') || '—';
    const differences = s.differences.map((d) => d.detail).join('; ') || 'none';
    lines.push(`| ${TITLES[s.name]} | ${cell(s.equal || '—')} | ${cell(allowed)} | ${cell(differences)} |`);
  }
  const notes = report.sections.flatMap((s) => s.notes.map((n) => `- ${TITLES[s.name]}: ${n}`));
  if (notes.length > 0) lines.push('', ...notes);
  return lines;
}

export function verificationHtml(report: VerificationReport): string {
  const list = (items: string[]) =>
    items.length === 0
      ? '—'
      : `<ul class="plain">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
  const rows = report.sections.map((s) => [
    escapeHtml(TITLES[s.name]),
    escapeHtml(s.equal || '—'),
    list(s.allowed.map((a) => `${a.what} (${a.why})`)),
    s.differences.length === 0 ? 'none' : `<strong>${list(s.differences.map((d) => d.detail))}</strong>`,
  ]);
  const notes = report.sections.flatMap((s) => s.notes.map((n) => `${TITLES[s.name]}: ${n}`));
  return [
    `<p>Verdict: <strong>${escapeHtml(verificationVerdict(report))}</strong>.</p>`,
    table(
      [{ title: 'Check' }, { title: 'Equal' }, { title: 'Allowed differences' }, { title: 'Differences' }],
      rows,
    ),
    notes.length > 0 ? list(notes) : '',
  ].join('\n');
}

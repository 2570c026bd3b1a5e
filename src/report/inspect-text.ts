import type { ImageReport, PathBytes } from '../image/types.js';
import { formatBytes, percent } from '../units.js';
import { printable } from './printable.js';

const CREATED_BY_WIDTH = 70;

function clip(text: string, width: number): string {
  const single = printable(text.replace(/\s+/g, ' ').trim());
  return single.length <= width ? single : `${single.slice(0, width - 1)}…`;
}

function pathLines(paths: PathBytes[], indent: string): string[] {
  return paths.map(
    (p) =>
      `${indent}${formatBytes(p.bytes).padStart(9)}  ${printable(p.path)}${p.note ? `  (${printable(p.note)})` : ''}`,
  );
}

function layersSection(report: ImageReport): string[] {
  const lines = ['Layers', '   #       size   added changed removed     wasted  created by'];
  for (const layer of report.layers) {
    lines.push(
      `  ${String(layer.index).padStart(2)} ${formatBytes(layer.size).padStart(10)} ${String(layer.filesAdded).padStart(7)} ${String(layer.filesChanged).padStart(7)} ${String(layer.filesRemoved).padStart(7)} ${formatBytes(layer.wastedBytes).padStart(10)}  ${clip(layer.createdBy, CREATED_BY_WIDTH)}`,
    );
  }
  return lines;
}

function wasteSection(report: ImageReport): string[] {
  const w = report.waste;
  const lines = [
    'Wasted space',
    `  wasted ${formatBytes(w.wastedBytes)}, efficiency ${percent(w.efficiency)} (final ${formatBytes(w.finalBytes)} of ${formatBytes(w.addedBytes)} added)`,
    `    ${formatBytes(w.overwrittenBytes)} in earlier copies of files that were written again`,
    `    ${formatBytes(w.removedBytes)} added and later removed (whiteouts, opaque directories, replaced parents)`,
    `  dive would report: wasted ${formatBytes(w.dive.wastedBytes)}, efficiency ${percent(w.dive.efficiency)}, user wasted ${percent(w.dive.userWastedPercent)}`,
    '    (dive counts every copy of a repeated path, the kept one too, and misses opaque and parent-directory deletions)',
  ];
  if (w.topWaste.length > 0) lines.push('  largest:', ...pathLines(w.topWaste, '  '));
  return lines;
}

function pythonWasteSection(report: ImageReport): string[] {
  if (report.pythonWaste.length === 0) return ['Python and build waste', '  none found'];
  const lines = ['Python and build waste'];
  for (const item of report.pythonWaste) {
    lines.push(
      `  ${formatBytes(item.bytes).padStart(9)}  ${printable(item.title)} (${item.count} ${item.count === 1 ? 'item' : 'items'})`,
    );
    lines.push(...pathLines(item.paths, '    '));
  }
  return lines;
}

function distributionsSection(report: ImageReport, top: number): string[] {
  if (report.distributions.length === 0) return [];
  const lines = [`Python distributions (${report.distributions.length}, largest first)`];
  for (const dist of report.distributions.slice(0, top)) {
    lines.push(
      `  ${formatBytes(dist.bytes).padStart(9)}  ${printable(dist.name)} ${printable(dist.version)}  (${dist.files} files)`,
    );
  }
  return lines;
}

const MARK = { error: '✗', warning: '!', info: '·' } as const;

function securitySection(report: ImageReport): string[] {
  const s = report.security;
  const lines = [
    'Security surface',
    `  user ${printable(s.user)}; ${s.dpkgPackages} dpkg packages; ${s.pythonDistributions} Python distributions; healthcheck ${s.healthcheck ? 'yes' : 'no'}`,
  ];
  for (const check of s.checks) {
    lines.push(`  ${MARK[check.severity]} ${check.title}`);
    for (const detail of check.details.slice(0, 10)) lines.push(`      ${printable(detail)}`);
    if (check.details.length > 10) lines.push(`      … and ${check.details.length - 10} more`);
  }
  return lines;
}

/** Plain text for terminals and CI logs; every section says what it measures. */
export function renderInspectText(report: ImageReport, options: { top?: number } = {}): string {
  const sections: string[][] = [
    [
      `Image ${printable(report.source)} (${printable(report.platform)}, config ${report.configDigest.slice(0, 19)}…)`,
      `  ${report.layers.length} layers, ${formatBytes(report.waste.finalBytes)} of files in the final image, ${formatBytes(report.layerBytes)} of layer tars`,
    ],
    layersSection(report),
    wasteSection(report),
    pythonWasteSection(report),
    distributionsSection(report, options.top ?? 10),
    securitySection(report),
  ];
  if (report.layerDetail) {
    sections.push([
      `Largest files added by layer ${report.layerDetail.index}`,
      ...pathLines(report.layerDetail.files, '  '),
    ]);
  }
  if (report.warnings.length > 0)
    sections.push(['Warnings', ...report.warnings.map((w) => `  ! ${printable(w)}`)]);
  if (report.budgets) {
    sections.push(
      report.budgets.broken.length === 0
        ? ['Budgets', '  all budgets met']
        : ['Budgets', ...report.budgets.broken.map((b) => `  ✗ ${printable(b)}`)],
    );
  }
  return `${sections
    .filter((s) => s.length > 0)
    .map((s) => s.join('\n'))
    .join('\n\n')}\n`;
}

import type { ImageReport, PathBytes } from '../image/types.js';
import { formatBytes, percent } from '../units.js';
import { barChart, COLORS, stackedBar } from './html/charts.js';
import { escapeHtml } from './html/escape.js';
import { paragraph, renderPage, section, table, tiles } from './html/page.js';

const TOP = 15;

function layerLabel(index: number, createdBy: string): string {
  return `#${index} ${createdBy.replace(/^\/bin\/sh -c (#\(nop\) )?/, '')}`;
}

function pathTable(paths: PathBytes[]): string {
  return table(
    [{ title: 'Size', numeric: true }, { title: 'Path' }, { title: 'Why' }],
    paths.map((p) => [
      escapeHtml(formatBytes(p.bytes)),
      `<code>${escapeHtml(p.path)}</code>`,
      escapeHtml(p.note ?? ''),
    ]),
  );
}

function layersSection(report: ImageReport): string {
  const composition = stackedBar(
    'What the image is made of (uncompressed file bytes per layer)',
    report.layers.map((layer) => ({ label: layerLabel(layer.index, layer.createdBy), value: layer.size })),
    formatBytes,
  );
  const sizes = barChart(
    'Layer sizes',
    report.layers.map((layer) => ({
      label: layerLabel(layer.index, layer.createdBy),
      value: layer.size,
      ...(layer.wastedBytes > 0 ? { note: `wastes ${formatBytes(layer.wastedBytes)}` } : {}),
    })),
    formatBytes,
  );
  const rows = table(
    [
      { title: '#', numeric: true },
      { title: 'Size', numeric: true },
      { title: 'Added', numeric: true },
      { title: 'Changed', numeric: true },
      { title: 'Removed', numeric: true },
      { title: 'Wasted', numeric: true },
      { title: 'Created by' },
    ],
    report.layers.map((layer) => [
      String(layer.index),
      escapeHtml(formatBytes(layer.size)),
      String(layer.filesAdded),
      String(layer.filesChanged),
      String(layer.filesRemoved),
      escapeHtml(formatBytes(layer.wastedBytes)),
      `<code>${escapeHtml(layer.createdBy)}</code>`,
    ]),
  );
  return section('layers', 'Layers', `${composition}\n${sizes}\n${rows}`);
}

function wasteSection(report: ImageReport): string {
  const w = report.waste;
  const byLayer = report.layers.filter((layer) => layer.wastedBytes > 0);
  const chart = barChart(
    'Wasted bytes introduced by each layer (files it replaced or deleted)',
    byLayer.map((layer) => ({
      label: layerLabel(layer.index, layer.createdBy),
      value: layer.wastedBytes,
      color: COLORS.warning,
    })),
    formatBytes,
    'No layer replaces or deletes files of an earlier one.',
  );
  const summary = paragraph(
    `${formatBytes(w.wastedBytes)} wasted, efficiency ${percent(w.efficiency)}: ${formatBytes(w.overwrittenBytes)} in earlier copies of files written again, ${formatBytes(w.removedBytes)} added and later removed. dive would report ${formatBytes(w.dive.wastedBytes)} (efficiency ${percent(w.dive.efficiency)}).`,
  );
  const top = w.topWaste.length > 0 ? pathTable(w.topWaste.slice(0, TOP)) : '';
  return section('waste', 'Wasted space', `${summary}\n${chart}\n${top}`);
}

function pythonSection(report: ImageReport): string {
  const waste = barChart(
    'Python and build waste by kind',
    report.pythonWaste
      .filter((item) => item.bytes > 0)
      .map((item) => ({
        label: item.title,
        value: item.bytes,
        color: COLORS.warning,
        note: `${item.count} ${item.count === 1 ? 'item' : 'items'}`,
      })),
    formatBytes,
    'No Python or build waste found.',
  );
  const distributions = barChart(
    `Largest Python distributions (${report.distributions.length} installed)`,
    report.distributions.slice(0, TOP).map((dist) => ({
      label: `${dist.name} ${dist.version}`,
      value: dist.bytes,
      note: `${dist.files} files`,
    })),
    formatBytes,
    'No Python distributions found.',
  );
  return section('python', 'Python', `${waste}\n${distributions}`);
}

function securitySection(report: ImageReport): string {
  const s = report.security;
  const facts = paragraph(
    `Runs as ${s.user}${s.runsAsRoot ? ' (root)' : ''}; ${s.dpkgPackages} dpkg packages; ${s.pythonDistributions} Python distributions; shells: ${s.shells.join(', ') || 'none'}; package managers: ${s.packageManagers.join(', ') || 'none'}; healthcheck: ${s.healthcheck ? 'yes' : 'no'}.`,
  );
  const checks =
    s.checks.length === 0
      ? ''
      : table(
          [{ title: 'Severity' }, { title: 'Check' }, { title: 'Details' }],
          s.checks.map((check) => [
            `<span class="sev ${check.severity}">${check.severity}</span>`,
            escapeHtml(check.title),
            check.details
              .slice(0, 10)
              .map((detail) => escapeHtml(detail))
              .join('<br>') +
              (check.details.length > 10 ? `<br>… and ${check.details.length - 10} more` : ''),
          ]),
        );
  return section('security', 'Security surface', `${facts}\n${checks}`);
}

function notesSection(report: ImageReport): string {
  const items: string[] = [];
  if (report.budgets) {
    items.push(
      ...(report.budgets.broken.length === 0
        ? ['All budgets met.']
        : report.budgets.broken.map((broken) => `Budget broken: ${broken}`)),
    );
  }
  items.push(...report.warnings.map((warning) => `Warning: ${warning}`));
  if (items.length === 0) return '';
  return section(
    'notes',
    'Budgets and warnings',
    `<ul class="plain">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`,
  );
}

/** `shipshape inspect --format html`: layer composition and sizes, waste, Python, security. */
export function renderInspectHtml(report: ImageReport): string {
  const w = report.waste;
  const brokenBudgets = report.budgets ? report.budgets.broken.length : 0;
  return renderPage({
    title: `shipshape inspect: ${report.source}`,
    subtitle: `${report.platform}, config ${report.configDigest.slice(0, 19)}…`,
    body: [
      tiles([
        { label: 'files in final image', value: formatBytes(w.finalBytes) },
        { label: 'layer tars', value: formatBytes(report.layerBytes) },
        { label: 'layers', value: String(report.layers.length) },
        {
          label: `wasted (efficiency ${percent(w.efficiency)})`,
          value: formatBytes(w.wastedBytes),
          ...(w.wastedBytes > 0 ? { tone: 'bad' as const } : { tone: 'good' as const }),
        },
        {
          label: 'runs as',
          value: report.security.user,
          tone: report.security.runsAsRoot ? ('bad' as const) : ('good' as const),
        },
        ...(report.budgets
          ? [
              {
                label: 'budgets broken',
                value: String(brokenBudgets),
                tone: brokenBudgets > 0 ? ('bad' as const) : ('good' as const),
              },
            ]
          : []),
      ]),
      layersSection(report),
      wasteSection(report),
      pythonSection(report),
      report.layerDetail
        ? section(
            'layer-detail',
            `Largest files added by layer ${report.layerDetail.index}`,
            pathTable(report.layerDetail.files),
          )
        : '',
      securitySection(report),
      notesSection(report),
    ],
  });
}

/**
 * The peers result as one self-contained HTML page (inline CSS, no script, no external
 * resource): the table of medians and ratios (one row per tool of each figure), the notes on the method, every run, the machine.
 * Pure: returns a string.
 */
import { formatFigure } from './format-figures.js';
import type { PeersResult } from './peers-result.js';
import { PEERS_COLUMNS, lineLabel, peersRows } from './render-peers-table.js';
import { METRICS, type PeerSample } from './peer-types.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid #c8c8cc; padding: 0.3rem 0.6rem; }
th { background: #f2f2f5; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.fail { color: #b00020; } .muted { color: #6e6e73; }
`;

function cell(text: string, numeric = false, className = ''): string {
  const classes = [numeric ? 'n' : '', className].filter(Boolean).join(' ');
  return `<td${classes ? ` class="${classes}"` : ''}>${escapeHtml(text)}</td>`;
}

function summaryTable(result: PeersResult): string {
  const head = ['', ...PEERS_COLUMNS].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = result.lines.flatMap((line) =>
    peersRows(line).map((row, index) => {
      const [tool, unit, ...numbers] = row;
      return `<tr>${[cell(index === 0 ? lineLabel(line) : ''), cell(tool ?? ''), cell(unit ?? ''), ...numbers.map((text) => cell(text, true))].join('')}</tr>`;
    }),
  );
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function sampleValues(sample: PeerSample): string {
  return METRICS.filter((metric) => sample.values[metric.id] !== undefined)
    .map((metric) => `${metric.label}: ${formatFigure(sample.values[metric.id], metric.unit)} ${metric.unit}`)
    .join('; ');
}

function samplesTable(result: PeersResult): string {
  const head = ['round', 'measurement', 'tool', 'figures', 'records', 'errors', 'wall time', 'how'].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = result.samples.map((sample) => {
    const how = sample.failure ? `failed: ${sample.failure}` : (sample.note ?? '');
    return `<tr>${[
      cell(String(sample.round), true),
      cell(sample.measurement),
      cell(sample.tool),
      cell(sampleValues(sample)),
      cell(sample.records.toLocaleString('en-US'), true),
      cell(sample.errors.toLocaleString('en-US'), true, sample.errors > 0 ? 'fail' : ''),
      cell(`${(sample.wallMs / 1000).toFixed(1)} s`, true),
      cell(how, false, sample.failure ? 'fail' : 'muted'),
    ].join('')}</tr>`;
  });
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function renderPeersHtml(result: PeersResult): string {
  const env = result.environment;
  const machine = `${env.cpuModel}, ${env.cpuCores} cores, ${(env.totalMemoryBytes / 2 ** 30).toFixed(0)} GiB, ${env.platform} ${env.osRelease}; Node ${env.nodeVersion}; ${env.javaVersion}; Apache Kafka ${env.kafkaVersion}; ${Object.entries(env.clientVersions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ')}`;
  const status = result.status === 'completed' ? '' : `<p class="fail">${escapeHtml(`${result.status}: ${result.failure ?? ''}`)}</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>kbench vs Apache Kafka's tools · ${escapeHtml(result.startedAt)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>kbench vs Apache Kafka's own tools</h1>
<p class="muted">${escapeHtml(`${result.settings.mode} mode, ${result.settings.rounds} rounds, ${result.startedAt} → ${result.endedAt}`)}</p>
${status}
${summaryTable(result)}
<h2>Method</h2>
<ul>${result.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>
<h2>Every run</h2>
${samplesTable(result)}
<h2>Machine</h2>
<p>${escapeHtml(machine)}</p>
</body>
</html>
`;
}

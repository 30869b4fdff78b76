/**
 * The HTML report, comparison and sweep pages in a real browser (headless Chromium from Debian's
 * `chromium` package, driven by playwright-core), offline: every request other than the page's
 * own file fails the test. Every chart must draw (canvas pixels in its series colours, or SVG
 * shapes), with no console or page error. Screenshots go to test-artifacts/ (git-ignored).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareReports, type LabelledReport } from '../../src/compare/compare-reports.js';
import { evaluateFailIf, parseFailIfCriteria } from '../../src/compare/fail-if.js';
import { renderHtmlComparison } from '../../src/compare/render-compare-html.js';
import { renderHtmlReport } from '../../src/report/html/render-html-report.js';
import { createLatencyHistogram, encodeHistogram, recordUs, summarizeUs } from '../../src/metrics/histogram.js';
import type { KbenchReport, LatencyStats } from '../../src/report/report-types.js';
import { createRandom } from '../../src/workload/random.js';
import { renderSweepHtml } from '../../src/sweep/render-sweep-html.js';
import { samplePipelineReport } from '../fixtures/sample-pipeline-report.js';
import { sampleRebalanceReport } from '../fixtures/sample-rebalance-report.js';
import { sampleSweepBundle } from '../fixtures/sample-sweep.js';
import { sampleResourceUsage } from '../fixtures/sample-resource-usage.js';
import { cloneSampleReport } from '../fixtures/sample-report.js';
import { checkCanvasCharts, checkSvgCharts, chromiumInstalled, launchOfflineBrowser, type OfflineBrowser, type OfflinePage } from '../helpers/offline-browser.js';

const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

/** A run aborted after 2 seconds of warm-up: no measured second, no consumers, no latency sample after the warm-up. */
function abortedReport(): KbenchReport {
  const report = cloneSampleReport();
  const none = { count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0, hdr: '' };
  const noRate = { meanPerSec: 0, meanBytesPerSec: 0, p50PerSec: 0, minPerSec: 0, maxPerSec: 0, stddevPerSec: 0 };
  report.status = 'aborted';
  report.failure = { message: 'interrupted by SIGINT' };
  report.durationMs = 0;
  report.warmupMs = 2000;
  report.timeline = report.timeline.slice(0, 2);
  report.scenario.consumerGroups = [];
  report.consumerGroups = [];
  report.clientConfig.consumers = {};
  report.latency = { produce: none, produceResponse: none, e2e: none };
  report.throughput = { produced: noRate, consumed: noRate };
  report.counts = { ...report.counts, sent: 20_000, acked: 19_950, failed: 0, notAttempted: 0, consumed: 0, consumedBytes: 0 };
  report.errors = { ...report.errors, timeout: 0, 'not-enough-replicas': 0 };
  report.errorSamples = {};
  report.partitions = report.partitions.map((p) => ({ ...p, acked: Math.round(p.acked / 35), consumed: 0 }));
  for (const entry of report.timeline) {
    entry.consumedPerSec = 0;
    entry.e2eP50Ms = null;
    entry.e2eP99Ms = null;
    entry.e2eMaxMs = null;
  }
  return report;
}

/** Latency stats of `count` values around `medianUs`, with a long tail, from a seeded generator. */
function syntheticLatency(medianUs: number, count = 5000): LatencyStats {
  const random = createRandom(7);
  const histogram = createLatencyHistogram();
  for (let i = 0; i < count; i++) recordUs(histogram, medianUs * Math.exp(0.6 * Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next())));
  return { ...summarizeUs(histogram), hdr: encodeHistogram(histogram) };
}

/** A run like the sample with rebalances, with 2.6 ms end-to-end p50 against 1.6 ms. */
function fasterReport(): KbenchReport {
  const report = sampleRebalanceReport();
  report.latency.e2e = syntheticLatency(1600);
  return report;
}

/** The same, but slower end to end (×1.6) and 5 % less throughput, with a hostile description. */
function slowerReport(): KbenchReport {
  const report = sampleRebalanceReport();
  report.scenario.description = 'slower </script><script>window.injected = true</script>';
  report.latency.e2e = syntheticLatency(2600);
  for (const entry of report.timeline) {
    entry.ackedPerSec = Math.round(entry.ackedPerSec * 0.95);
    if (entry.e2eP99Ms !== null) entry.e2eP99Ms *= 1.6;
  }
  report.throughput.produced.meanPerSec *= 0.95;
  return report;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function writePage(name: string, html: string): string {
  const file = join(artifacts, `${name}.html`);
  writeFileSync(file, html);
  return file;
}

async function openChecked(browser: OfflineBrowser, file: string, screenshot: string): Promise<OfflinePage> {
  const opened = await browser.open(file);
  // Runs in the page: every uPlot chart has finished its first draw.
  await opened.page.waitForFunction("[...document.querySelectorAll('[data-chart]')].every((element) => element.getAttribute('data-drawn') === 'true')", undefined, { timeout: 15_000 });
  await opened.page.screenshot({ path: join(artifacts, `${screenshot}.png`), fullPage: true });
  return opened;
}

function expectClean(opened: OfflinePage): void {
  expect(opened.blockedRequests, 'requests the page tried to make').toEqual([]);
  expect(opened.consoleErrors, 'console errors').toEqual([]);
  expect(opened.pageErrors, 'page errors').toEqual([]);
}

describe('HTML pages in headless Chromium, offline', () => {
  let browser: OfflineBrowser;

  beforeAll(async () => {
    expect(chromiumInstalled(), 'Debian package chromium is missing: apt-get install -y chromium (npm run setup installs it)').toBe(true);
    mkdirSync(artifacts, { recursive: true });
    browser = await launchOfflineBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('draws every chart of a report with rebalances, faults, thresholds and resource use', async () => {
    const report = sampleRebalanceReport();
    report.resourceUsage = sampleResourceUsage(report);
    const opened = await openChecked(browser, writePage('report-rebalances', renderHtmlReport(report)), 'report-rebalances');
    const canvases = await checkCanvasCharts(opened.page);
    expect(canvases.map((chart) => chart.id)).toEqual(['throughput', 'cpu', 'produce-latency', 'e2e-latency', 'latency-distribution']);
    // One line per process and the machine's: each in its own colour.
    const cpuPixels = canvases.find((chart) => chart.id === 'cpu')?.seriesPixels ?? [];
    expect(cpuPixels).toHaveLength(7);
    for (const [index, pixels] of cpuPixels.entries()) expect(pixels, `cpu line ${index}`).toBeGreaterThan(20);
    expect(await opened.page.locator('#bottleneck-verdict').getAttribute('data-verdict')).toBe(report.resourceUsage.verdict);
    expect(await opened.page.locator('#bottleneck-reasons li').count()).toBe(report.resourceUsage.reasons.length);
    for (const chart of canvases) {
      expect(chart.drawn, chart.id).toBe(true);
      expect(chart.width, chart.id).toBeGreaterThan(300);
      expect(sum(chart.seriesPixels), `${chart.id}: pixels in the series colours`).toBeGreaterThan(100);
    }
    const svgs = await checkSvgCharts(opened.page);
    expect(svgs.map((chart) => chart.id)).toEqual(['member-timeline', 'partitions']);
    for (const chart of svgs) expect(chart.shapes, chart.id).toBeGreaterThan(10);
    // One row per member, and the revoke / assign marks of the events.
    expect(await opened.page.locator('.member-row').count()).toBe(4);
    expect(await opened.page.locator('.mark-revoked').count()).toBe(report.consumerEvents.filter((event) => event.type === 'revoked').length);
    expect(await opened.page.locator('.mark-crashed').count()).toBe(1);
    expect(await opened.page.locator('#thresholds .fail').count()).toBe(report.thresholds?.filter((result) => !result.passed).length);
    // The report travels in the page and reads back unchanged.
    const embedded = await opened.page.locator('#kbench-report').textContent();
    expect(JSON.parse(embedded ?? 'null')).toEqual(JSON.parse(JSON.stringify(report)));
    expectClean(opened);
    await opened.page.close();
  });

  it('draws the pipeline diagram: one box per topic, stage and group, none overlapping, inside the page', async () => {
    const report = samplePipelineReport();
    const opened = await openChecked(browser, writePage('report-pipeline', renderHtmlReport(report)), 'report-pipeline');
    const boxes = await opened.page.locator('#pipeline svg rect.node').evaluateAll((rects) => rects.map((rect) => rect.getBoundingClientRect().toJSON() as { x: number; y: number; width: number; height: number }));
    // compras, two stages with their output topics, and the two readers, plus the producers.
    expect(boxes.length).toBeGreaterThanOrEqual(7);
    for (const [i, a] of boxes.entries()) {
      expect(a.width).toBeGreaterThan(10);
      for (const b of boxes.slice(i + 1)) {
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `boxes ${JSON.stringify(a)} and ${JSON.stringify(b)} overlap`).toBe(true);
      }
    }
    expect(await opened.page.locator('#pipeline').textContent()).toContain('exactly-once');
    expectClean(opened);
    await opened.page.close();
  });

  it('shows the validity callout and draws the cluster warm-up chart', async () => {
    const report = cloneSampleReport();
    report.clusterWarmup = {
      outcome: 'not-settled',
      reason: 'not settled within its 30 s bound (last: p99 still improving (80.0 → 30.0 ms))',
      clusterStartMs: 9_400,
      durationMs: 30_000,
      boundMs: 30_000,
      load: { client: 'kafkajs', ratePerSec: 2000, acks: 'all', sizeBytes: 512, partitions: 6 },
      criterion: 'settled when …',
      seconds: Array.from({ length: 30 }, (_, second) => ({ second, offeredPerSec: 2000, ackedPerSec: Math.min(2000, 300 + second * 80), produceP50Ms: 3000 / (second + 1), produceP99Ms: 4000 / (second + 1), inFlight: 900, jitCpuMs: 400 - second * 10 })),
    };
    report.validity = { verdict: 'invalid', findings: [{ source: 'warmup', severity: 'invalid', message: 'the cluster warm-up did not settle <b>' }] };
    const opened = await openChecked(browser, writePage('report-warmup', renderHtmlReport(report)), 'report-warmup');
    const canvases = await checkCanvasCharts(opened.page);
    const warmup = canvases.find((chart) => chart.id === 'cluster-warmup');
    expect(warmup?.drawn).toBe(true);
    expect(sum(warmup?.seriesPixels ?? [])).toBeGreaterThan(100);
    expect(await opened.page.locator('#validity').textContent()).toContain('NOT VALID');
    // Finding text is escaped, not markup.
    expect(await opened.page.locator('#validity li.invalid').textContent()).toContain('did not settle <b>');
    expectClean(opened);
    await opened.page.close();
  });

  it('shows an aborted two-second run without consumers, with notes instead of empty charts', async () => {
    const opened = await openChecked(browser, writePage('report-aborted', renderHtmlReport(abortedReport())), 'report-aborted');
    expect(await opened.page.locator('.banner.aborted').textContent()).toContain('interrupted by SIGINT');
    const canvases = await checkCanvasCharts(opened.page);
    expect(canvases.map((chart) => chart.id)).toEqual(['throughput', 'produce-latency']);
    for (const chart of canvases) expect(sum(chart.seriesPixels), chart.id).toBeGreaterThan(10);
    expect(await opened.page.locator('#latency .empty').textContent()).toContain('No latency samples');
    expect(await opened.page.locator('#latency-over-time .empty').textContent()).toContain('No record was consumed');
    expect(await opened.page.locator('#rebalances .empty').count()).toBe(2);
    expectClean(opened);
    await opened.page.close();
  });

  it('overlays the percentile curves and timelines of compared reports', async () => {
    const reports: LabelledReport[] = [
      { label: 'faster', report: fasterReport() },
      { label: 'slower', report: slowerReport() },
    ];
    const failIf = evaluateFailIf(parseFailIfCriteria(['e2e.p99 > +10%']), reports);
    const html = renderHtmlComparison(reports, compareReports(reports), failIf);
    const opened = await openChecked(browser, writePage('compare', html), 'compare');
    const canvases = await checkCanvasCharts(opened.page);
    expect(canvases.map((chart) => chart.id)).toEqual(['distribution-produce', 'distribution-produceResponse', 'distribution-e2e', 'throughput', 'e2e-p99']);
    for (const chart of canvases) {
      expect(chart.drawn, chart.id).toBe(true);
      expect(chart.seriesPixels, `${chart.id}: a curve per report`).toHaveLength(2);
      // Where the two runs differ, both curves show; elsewhere (same produce histograms) the second covers the first.
      const differing = ['distribution-e2e', 'throughput', 'e2e-p99'].includes(chart.id);
      if (differing) for (const pixels of chart.seriesPixels) expect(pixels, chart.id).toBeGreaterThan(50);
      else expect(sum(chart.seriesPixels), chart.id).toBeGreaterThan(100);
    }
    expect(await opened.page.evaluate('window.injected')).toBeUndefined();
    expect(await opened.page.locator('#figures .worse').count()).toBeGreaterThan(0);
    expect(await opened.page.locator('#fail-if .fail').textContent()).toContain('regression');
    expectClean(opened);
    await opened.page.close();
  });

  it('draws a sweep page: throughput and percentiles against the swept value, the flagged variant shaded and named', async () => {
    const bundle = sampleSweepBundle();
    const opened = await openChecked(browser, writePage('sweep', renderSweepHtml(bundle)), 'sweep');
    const canvases = await checkCanvasCharts(opened.page);
    expect(canvases.map((chart) => chart.id)).toEqual(['sweep-throughput', 'sweep-produce', 'sweep-e2e']);
    for (const chart of canvases) {
      expect(chart.drawn, chart.id).toBe(true);
      expect(chart.width, chart.id).toBeGreaterThan(300);
      expect(chart.height, chart.id).toBeGreaterThan(100);
    }
    // A line per linger value: each one visible in its colour.
    const throughput = canvases.find((chart) => chart.id === 'sweep-throughput');
    expect(throughput?.seriesPixels).toHaveLength(3);
    for (const [index, pixels] of (throughput?.seriesPixels ?? []).entries()) expect(pixels, `throughput line ${index}`).toBeGreaterThan(20);
    for (const chart of canvases) expect(sum(chart.seriesPixels), chart.id).toBeGreaterThan(100);
    // The x axis is labelled with the swept values.
    expect(await opened.page.locator('#chart-sweep-throughput').textContent()).toContain('producers[0].acks');
    expect(await opened.page.locator('#sweep-validity li.flagged').count()).toBe(1);
    expect(await opened.page.locator('#sweep-validity').textContent()).toContain('acks=all lingerMs=20');
    expect(await opened.page.locator('#figures tbody tr').count()).toBe(6);
    expect(await opened.page.locator('#figures .warn').count()).toBe(1);
    expect(await opened.page.locator('#neighbours tbody tr').count()).toBe(bundle.neighbours.length);
    expect(await opened.page.locator('#runs tbody tr').count()).toBe(12);
    const embedded = JSON.parse((await opened.page.locator('#kbench-sweep').textContent()) ?? 'null') as { kind: string; variants: unknown[] };
    expect(embedded.kind).toBe('kbench-sweep');
    expect(embedded.variants).toHaveLength(6);
    expectClean(opened);
    await opened.page.close();
  });
});

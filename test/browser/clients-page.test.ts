/**
 * The `kbench clients` page in a real browser (headless Chromium, offline): every chart draws a
 * line per client, the pair with no counted run is shaded and named, and the page makes no
 * request and logs no error. Screenshot in test-artifacts/clients.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHARTED_FIGURES } from '../../src/clientbench/clientbench-charts.js';
import { renderClientBenchHtml } from '../../src/clientbench/render-clientbench-html.js';
import { sampleClientBenchBundle } from '../fixtures/sample-clientbench.js';
import { checkCanvasCharts, chromiumInstalled, launchOfflineBrowser, type OfflineBrowser } from '../helpers/offline-browser.js';

const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

describe('the clients page in headless Chromium, offline', () => {
  let browser: OfflineBrowser;

  beforeAll(async () => {
    expect(chromiumInstalled(), 'Debian package chromium is missing: apt-get install -y chromium (npm run setup installs it)').toBe(true);
    mkdirSync(artifacts, { recursive: true });
    browser = await launchOfflineBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('draws each figure per client against the scenarios and names the pair none of whose runs counted', async () => {
    const bundle = sampleClientBenchBundle();
    const file = join(artifacts, 'clients.html');
    writeFileSync(file, renderClientBenchHtml(bundle));
    const opened = await browser.open(file);
    await opened.page.waitForFunction("[...document.querySelectorAll('[data-chart]')].every((element) => element.getAttribute('data-drawn') === 'true')", undefined, { timeout: 15_000 });
    await opened.page.screenshot({ path: join(artifacts, 'clients.png'), fullPage: true });
    const canvases = await checkCanvasCharts(opened.page);
    expect(canvases.map((chart) => chart.id)).toEqual(CHARTED_FIGURES.map((id) => `clients-${id}`));
    for (const chart of canvases) {
      expect(chart.drawn, chart.id).toBe(true);
      expect(chart.width, chart.id).toBeGreaterThan(300);
      expect(chart.seriesPixels, chart.id).toHaveLength(2);
      for (const [index, pixels] of chart.seriesPixels.entries()) expect(pixels, `${chart.id} client ${index}`).toBeGreaterThan(5);
    }
    // One legend entry per client; the x axis is the scenarios.
    expect(await opened.page.locator('#chart-clients-producedPerSec').textContent()).toMatch(/confluent.*kafkajs/);
    const specs = JSON.parse((await opened.page.locator('#kbench-charts').textContent()) ?? '[]') as Array<{ id: string; xTicks?: string[] }>;
    expect(specs.find((spec) => spec.id === 'clients-producedPerSec')?.xTicks).toEqual(['clients-sample-0', 'clients-sample-1']);
    expect(await opened.page.locator('#clients-validity li.flagged').count()).toBe(2);
    expect(await opened.page.locator('#clients-validity').textContent()).toContain('clients-sample-1 · kafkajs (0 of 3 runs count)');
    expect(await opened.page.locator('#figures tbody tr').count()).toBe(8);
    expect(await opened.page.locator('#runs tbody tr').count()).toBe(12);
    const embedded = JSON.parse((await opened.page.locator('#kbench-clients').textContent()) ?? 'null') as { kind: string; cells: unknown[] };
    expect(embedded.kind).toBe('kbench-clients');
    expect(embedded.cells).toHaveLength(4);
    expect(opened.blockedRequests, 'requests the page tried to make').toEqual([]);
    expect(opened.consoleErrors, 'console errors').toEqual([]);
    expect(opened.pageErrors, 'page errors').toEqual([]);
    await opened.page.close();
  });
});

/**
 * Headless Chromium (Debian's `chromium` package, never a downloaded browser) driven with
 * playwright-core, for opening kbench's HTML pages offline: every request other than the page's
 * own file is blocked and recorded, and console errors and page errors are collected.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export interface OfflineBrowser {
  /** Opens `file` offline and waits for it to load. */
  open(file: string, width?: number): Promise<OfflinePage>;
  close(): Promise<void>;
}

export interface OfflinePage {
  page: Page;
  /** URLs the page tried to fetch besides its own file (all were blocked). */
  blockedRequests: string[];
  consoleErrors: string[];
  pageErrors: string[];
}

/** Starts Chromium with a fresh profile folder (removed on close). */
export async function launchOfflineBrowser(): Promise<OfflineBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'kbench-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      offline: false,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    async open(file, width = 1280) {
      const url = pathToFileURL(file).href;
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      const opened: OfflinePage = { page, blockedRequests: [], consoleErrors: [], pageErrors: [] };
      await page.route('**', (route) => {
        const requested = route.request().url();
        if (requested === url) return route.continue();
        opened.blockedRequests.push(requested);
        return route.abort('blockedbyclient');
      });
      page.on('console', (message) => {
        if (message.type() === 'error') opened.consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => opened.pageErrors.push(error.message));
      await page.goto(url, { waitUntil: 'load' });
      return opened;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface ChartCheck {
  id: string;
  drawn: boolean;
  width: number;
  height: number;
  /** Per series (in the order of its colours), the canvas pixels within a small distance of its colour. */
  seriesPixels: number[];
}

/**
 * For each uPlot chart of the page (elements with `data-chart`): whether it finished drawing, and
 * how many canvas pixels carry a series colour (so axes alone do not count as a drawn chart).
 */
export async function checkCanvasCharts(page: Page): Promise<ChartCheck[]> {
  return page.$$eval('[data-chart]', (elements) =>
    elements.map((element) => {
      const canvas = element.querySelector('canvas');
      const colorText: string = element.getAttribute('data-colors') ?? '';
      const colors: number[][] = colorText
        .split(' ')
        .filter((color: string) => /^#[0-9a-f]{6}$/i.test(color))
        .map((color: string) => [1, 3, 5].map((offset) => parseInt(color.slice(offset, offset + 2), 16)));
      const seriesPixels = colors.map(() => 0);
      if (canvas !== null && canvas.width > 0 && canvas.height > 0) {
        const pixels: Uint8ClampedArray | undefined = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
        if (pixels !== undefined) {
          for (let i = 0; i < pixels.length; i += 4) {
            if ((pixels[i + 3] ?? 0) < 200) continue;
            const [r, g, b] = [pixels[i] ?? 0, pixels[i + 1] ?? 0, pixels[i + 2] ?? 0];
            colors.forEach(([cr, cg, cb], index) => {
              if (Math.abs(r - (cr ?? 0)) + Math.abs(g - (cg ?? 0)) + Math.abs(b - (cb ?? 0)) < 60) seriesPixels[index] = (seriesPixels[index] ?? 0) + 1;
            });
          }
        }
      }
      return {
        id: element.getAttribute('data-chart') ?? '',
        drawn: element.getAttribute('data-drawn') === 'true',
        width: canvas?.width ?? 0,
        height: canvas?.height ?? 0,
        seriesPixels,
      };
    }),
  );
}

/** For each inline SVG chart (elements with `data-svg-chart`): how many shapes it holds. */
export async function checkSvgCharts(page: Page): Promise<Array<{ id: string; shapes: number }>> {
  return page.$$eval('[data-svg-chart]', (elements) =>
    elements.map((element) => ({
      id: element.getAttribute('data-svg-chart') ?? '',
      shapes: element.querySelectorAll('svg rect, svg polygon, svg circle, svg path, svg line').length,
    })),
  );
}

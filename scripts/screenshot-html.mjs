#!/usr/bin/env node
// Screenshot of a kbench HTML page (report or comparison) in headless Chromium from Debian's
// `chromium` package, offline (every request but the file itself is refused). Used for the
// images in docs/images/.
//   node scripts/screenshot-html.mjs <page.html> <out.png> [width=1200] [height=full page]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [page, out, widthText = '1200', heightText] = process.argv.slice(2);
if (page === undefined || out === undefined) {
  process.stderr.write('usage: node scripts/screenshot-html.mjs <page.html> <out.png> [width] [height]\n');
  process.exit(2);
}
const width = Number(widthText);
const url = pathToFileURL(resolve(page)).href;
const profile = mkdtempSync(join(tmpdir(), 'kbench-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  viewport: { width, height: 900 },
});
try {
  const tab = await context.newPage();
  const problems = [];
  await tab.route('**', (route) => (route.request().url() === url ? route.continue() : (problems.push(`request: ${route.request().url()}`), route.abort())));
  tab.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await tab.goto(url, { waitUntil: 'load' });
  await tab.waitForFunction("[...document.querySelectorAll('[data-chart]')].every((element) => element.getAttribute('data-drawn') === 'true')");
  const fullHeight = await tab.evaluate('document.documentElement.scrollHeight');
  const height = heightText === undefined ? fullHeight : Math.min(Number(heightText), fullHeight);
  await tab.screenshot({ path: out, clip: { x: 0, y: 0, width, height }, fullPage: true });
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n`);
    process.exitCode = 1;
  }
  process.stdout.write(`${out}: ${width}x${height}\n`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

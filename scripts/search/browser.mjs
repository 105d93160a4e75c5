// A reader types a query on the search page of a built site, in headless Chromium.
//
//   node browser.mjs SITE_DIR BASE_PATH QUERY [SHOT.png]
// Serves SITE_DIR under BASE_PATH (e.g. /ban-tin/, as a sub-path host would), opens
// BASE_PATH + tim-kiem/, types QUERY into the search box and prints one JSON line:
// {"status": …, "results": [{"title", "url", "meta", "marked": [words marked]}], "failed": [urls that did not load]}.
// Uses puppeteer-core from scripts/a11y (installed there by scripts/a11y/check.sh or npm ci).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), '../a11y/package.json'));
const puppeteer = require('puppeteer-core');

const [root, basePath, query, shot] = process.argv.slice(2);
if (!root || !basePath || !query) {
  console.error('usage: node browser.mjs SITE_DIR BASE_PATH QUERY [SHOT.png]');
  process.exit(2);
}
const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.json': 'application/json', '.js': 'text/javascript',
};
const failed = [];
const server = createServer(async (req, res) => {
  let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path.includes('..') || !path.startsWith(basePath)) {
    failed.push(path);
    res.writeHead(404).end('not found');
    return;
  }
  path = path.slice(basePath.length);
  if (path === '' || path.endsWith('/')) path += 'index.html';
  try {
    const body = await readFile(join(root, path));
    res.writeHead(200, { 'Content-Type': types[extname(path)] || 'application/octet-stream' }).end(body);
  } catch {
    failed.push(req.url);
    res.writeHead(404).end('not found');
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let out;
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}${basePath}tim-kiem/`, { waitUntil: 'load' });
  await page.waitForSelector('#search-q', { visible: true, timeout: 10000 });
  await page.type('#search-q', query, { delay: 20 });
  // Results for the whole query (search.js searches as the reader types).
  await page.waitForFunction(
    (q) => document.querySelector('.search-status').textContent.includes(q)
      && (document.querySelector('.search-results li') || !document.querySelector('.search-results').childElementCount),
    { timeout: 15000 }, query,
  ).catch(() => {});
  await page.waitForSelector('.search-results li', { timeout: 5000 }).catch(() => {});
  out = await page.evaluate(() => ({
    status: document.querySelector('.search-status').textContent,
    nojsHidden: document.querySelector('.search-nojs').hidden,
    url: location.search,
    results: [...document.querySelectorAll('.search-results li')].map((li) => ({
      title: li.querySelector('h2').textContent,
      url: li.querySelector('a').getAttribute('href'),
      meta: li.querySelector('.meta').textContent,
      marked: [...li.querySelectorAll('mark')].map((m) => m.textContent),
    })),
  }));
  // The rubric menu: filled when first used, and choosing a value narrows the results.
  await page.focus('#search-rubric');
  await page.waitForFunction(() => document.querySelector('#search-rubric').options.length > 1, { timeout: 10000 })
    .catch(() => {});
  const option = await page.evaluate(() => {
    const sel = document.querySelector('#search-rubric');
    return sel.options.length > 1 ? sel.options[1].value : null;
  });
  out.rubricOptions = await page.evaluate(() => document.querySelector('#search-rubric').options.length - 1);
  if (option !== null) {
    const before = out.status;
    await page.select('#search-rubric', option);
    await page.waitForFunction((b) => document.querySelector('.search-status').textContent !== b,
      { timeout: 10000 }, before).catch(() => {});
    out.filtered = await page.evaluate(() => ({
      status: document.querySelector('.search-status').textContent,
      url: location.search,
      results: document.querySelectorAll('.search-results li').length,
    }));
    out.filtered.rubric = option;
  }
  out.errors = errors;
  if (shot) await page.screenshot({ path: shot, fullPage: false });
} finally {
  await browser.close();
  server.close();
}
out.failed = failed.filter((u) => !u.endsWith('favicon.ico'));
console.log(JSON.stringify(out));

// axe-core (WCAG 2.1 A and AA rules) on one page of every page type of a built site, at a
// desktop and a phone width, in headless Chromium. Serves the folder itself on loopback.
//
//   node axe.mjs SITE_DIR [PAGE…]      (pages are site paths such as /so/; default: a
//                                       sample of every page type found in SITE_DIR)
// Exits 1 when any page has a violation, printing each with the elements involved.

import { createServer } from 'node:http';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, extname } from 'node:path';
import puppeteer from 'puppeteer-core';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

const [root, ...asked] = process.argv.slice(2);
if (!root) {
  console.error('usage: node axe.mjs SITE_DIR [PAGE…]');
  process.exit(2);
}

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.xml': 'application/xml', '.json': 'application/json', '.js': 'text/javascript',
};
const server = createServer(async (req, res) => {
  let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path.includes('..')) { res.writeHead(400).end(); return; }
  if (path.endsWith('/')) path += 'index.html';
  try {
    const body = await readFile(join(root, path));
    res.writeHead(200, { 'Content-Type': types[extname(path)] || 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;

/** The first page found of each page type: home, lists, one issue, one article, … */
async function samplePages() {
  const pages = ['/', '/so/', '/chuyen-muc/', '/the/', '/luu-tru/', '/404.html'];
  const firstDir = async (dir, skip = []) => {
    for (const e of (await readdir(join(root, dir), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory() && !skip.includes(e.name)) return e.name;
    }
    return null;
  };
  const reserved = ['so', 'chuyen-muc', 'the', 'luu-tru', 'tim-kiem', 'trang'];
  const issue = await firstDir('.', reserved);
  if (issue) {
    pages.push(`/${issue}/`);
    const article = await firstDir(issue);
    if (article) pages.push(`/${issue}/${article}/`);
  }
  for (const list of ['chuyen-muc', 'the']) {
    const term = await firstDir(list);
    if (term) {
      pages.push(`/${list}/${term}/`);
      try { await stat(join(root, list, term, 'trang', '2')); pages.push(`/${list}/${term}/trang/2/`); } catch {}
    }
  }
  const year = await firstDir('luu-tru', ['trang']);
  if (year) {
    pages.push(`/luu-tru/${year}/`);
    const month = await firstDir(join('luu-tru', year), ['trang']);
    if (month) pages.push(`/luu-tru/${year}/${month}/`);
  }
  try { await stat(join(root, 'so', 'trang', '2')); pages.push('/so/trang/2/'); } catch {}
  try {
    await stat(join(root, 'tim-kiem'));
    // The search page as it opens, and with results (search.js fills them in).
    pages.push('/tim-kiem/', '/tim-kiem/?q=quang%20ninh');
  } catch {}
  return pages;
}

const pages = asked.length ? asked : await samplePages();
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let violations = 0;
try {
  for (const width of [1280, 390]) {
    const page = await browser.newPage();
    await page.setViewport({ width, height: 900 });
    for (const p of pages) {
      await page.goto(base + p, { waitUntil: 'load' });
      if (p.includes('?q=')) {
        await page.waitForSelector('.search-results li', { timeout: 15000 }).catch(() => {});
      }
      await page.evaluate(axeSource);
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      }));
      for (const v of result.violations) {
        violations += 1;
        console.log(`${p} @${width}px: ${v.id} (${v.impact}): ${v.help}`);
        for (const n of v.nodes.slice(0, 3)) console.log(`    ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`);
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`axe-core: ${pages.length} pages × 2 widths, ${violations} violation(s)`);
process.exit(violations ? 1 : 0);

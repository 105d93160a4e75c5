// Queries a built site's search index with the site's own search.js (its searchCore, the
// engine the search page runs), without a browser.
//
//   node query.mjs SITE_DIR QUERY…
// Prints one JSON line per query: {"q": …, "total": n, "results": [{"url", "title",
// "excerpt"}]}, the first 10 results best first; matched words of the excerpt are in
// <mark>…</mark> (as the page marks them).
// A query may end with "|rubric=…", "|year=…" or "|tag=…" filters.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const [dir, ...queries] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node query.mjs SITE_DIR QUERY…');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const core = require(resolve(dir, 'search.js'));
const get = async (path) => JSON.parse(await readFile(path, 'utf8'));
const engine = core.open(join(dir, 'search-index') + '/', get);
for (const line of queries) {
  const [q, ...fs] = line.split('|');
  const chosen = Object.fromEntries(fs.map((f) => f.split('=')));
  const res = await engine.search(q, chosen);
  const results = [];
  for (const id of res.ids.slice(0, 10)) {
    const d = await engine.doc(id);
    const ex = core.excerpt(d.x, res.marks, 30);
    const excerpt = ex.parts.map((p) => (p.mark ? `<mark>${p.text}</mark>` : p.text)).join('');
    results.push({ url: d.u, title: d.t, excerpt });
  }
  console.log(JSON.stringify({ q: line, total: res.ids.length, results }));
}

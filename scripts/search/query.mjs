// Queries a built site's search index with Pagefind's own engine (the generated
// pagefind.js and its wasm), as the search page does, without a browser.
//
//   node query.mjs SITE_DIR QUERY…
// Prints one JSON line per query: {"q": …, "results": [{"url": …, "title": …, "excerpt": …}]},
// results best first. Queries are prepared as themes/default/static/search.js prepares
// them (NFC, "đ" searched as "d"), and titles and excerpts shown as it shows them.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, ...queries] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node query.mjs SITE_DIR QUERY…');
  process.exit(2);
}
const base = join(dir, 'pagefind') + '/';
// pagefind.js fetches its files relative to basePath: read them from disk instead.
globalThis.fetch = async (url) => {
  const path = decodeURIComponent(String(url).replace(/\?.*$/, '').replace(/^file:\/\//, ''));
  const buf = await readFile(path);
  return {
    ok: true,
    arrayBuffer: async () => buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
    json: async () => JSON.parse(buf.toString('utf8')),
  };
};
const unfold = (s) => String(s ?? '').replace(/d\u0335/g, 'đ').replace(/D\u0335/g, 'Đ');
const prepare = (q) => q.normalize('NFC').replace(/đ/g, 'd').replace(/Đ/g, 'D');

const pagefind = await import(pathToFileURL(base + 'pagefind.js').href);
await pagefind.options({ basePath: base, baseUrl: '/' });
for (const q of queries) {
  const res = await pagefind.search(prepare(q));
  const results = [];
  for (const r of res.results) {
    const d = await r.data();
    results.push({ url: d.url, title: unfold(d.meta.title), excerpt: unfold(d.excerpt) });
  }
  console.log(JSON.stringify({ q, results }));
}

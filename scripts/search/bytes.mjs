// Bytes the search page fetches from a built site's index, per query, the way the theme's
// search.js uses Pagefind: load pagefind.js, search, and load the 10 results it shows
// (the rubric, year and tag menus are filled only when used: FILTERS=1 counts them too).
//
//   node bytes.mjs SITE_DIR QUERY…
// Prints one line per query: the bytes fetched for it (files already fetched are cached,
// as in a browser), and the files. The first query includes pagefind.js, its wasm, the
// entry and metadata; search.js (a few KB) and pagefind-worker.js (loaded by browsers that
// run the search in a worker) are listed apart.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, ...queries] = process.argv.slice(2);
const base = join(dir, 'pagefind') + '/';
let fetched = [];
globalThis.fetch = async (url) => {
  const path = decodeURIComponent(String(url).replace(/\?.*$/, '').replace(/^file:\/\//, ''));
  const buf = await readFile(path);
  fetched.push([path.slice(base.length), buf.length]);
  return {
    ok: true,
    arrayBuffer: async () => buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
    json: async () => JSON.parse(buf.toString('utf8')),
  };
};
const size = async (p) => (await stat(p)).size;
const pagefindJs = await size(base + 'pagefind.js');
const pagefind = await import(pathToFileURL(base + 'pagefind.js').href);
await pagefind.options({ basePath: base, baseUrl: '/' });
if (process.env.FILTERS) await pagefind.filters();
let first = true;
for (const q of queries) {
  const res = await pagefind.search(q);
  await Promise.all(res.results.slice(0, 10).map((r) => r.data()));
  let bytes = fetched.reduce((s, [, n]) => s + n, 0);
  if (first) bytes += pagefindJs;
  const kinds = {};
  for (const [f, n] of fetched) {
    const k = f.split('/')[0].replace(/^pagefind\..*\.pf_meta$/, 'pf_meta');
    kinds[k] = (kinds[k] || 0) + n;
  }
  if (first) kinds['pagefind.js'] = pagefindJs;
  console.log(JSON.stringify({ q, results: res.results.length, bytes, kinds }));
  fetched = [];
  first = false;
}
console.log(JSON.stringify({
  apart: { 'pagefind-worker.js': await size(base + 'pagefind-worker.js'), 'search.js': await size(join(dir, 'search.js')) },
}));

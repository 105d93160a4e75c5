// Bytes the search page fetches from a built site's index, per query, the way the theme's
// search.js does: meta.json once, the shards of the query's words, and the doc files of
// the 10 results shown (the rubric, year and tag menus are filled only when used:
// FILTERS=1 counts filters.json too).
//
//   node bytes.mjs SITE_DIR QUERY…
// Prints one line per query: the bytes fetched for it (files already fetched are cached,
// as in a browser) by kind; search.js itself (fetched with every page) is listed apart.
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const [dir, ...queries] = process.argv.slice(2);
const base = join(dir, 'search-index') + '/';
const require = createRequire(import.meta.url);
const core = require(resolve(dir, 'search.js'));
let fetched = [];
const get = async (path) => {
  const buf = await readFile(path);
  fetched.push([path.slice(base.length), buf.length]);
  return JSON.parse(buf.toString('utf8'));
};
const engine = core.open(base, get);
if (process.env.FILTERS) await engine.filters();
for (const q of queries) {
  const res = await engine.search(q, {});
  await Promise.all(res.ids.slice(0, 10).map(engine.doc));
  const bytes = fetched.reduce((s, [, n]) => s + n, 0);
  const kinds = {};
  for (const [f, n] of fetched) {
    const k = f.split('/')[0];
    kinds[k] = (kinds[k] || 0) + n;
  }
  console.log(JSON.stringify({ q, results: res.ids.length, bytes, kinds, files: fetched.length }));
  fetched = [];
}
console.log(JSON.stringify({ apart: { 'search.js': (await stat(join(dir, 'search.js'))).size } }));

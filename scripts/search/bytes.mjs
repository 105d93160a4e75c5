// Bytes the search page fetches from a built site's index, per action, the way the theme's
// search.js does: meta.json once, the shards of the query's words (and of the word pairs
// of a quoted phrase), and the doc files of the 10 results shown. A filter menu is fetched
// only when it is opened; a query with a filter value also fetches that value's part file.
//
//   node bytes.mjs SITE_DIR ACTION…
// An ACTION is a query, possibly with filters ("khoa học|tag=Quảng Ninh", as in
// query.mjs), or "menu:KIND" (opening the rubric, year or tag menu). Prints one line per
// action: the bytes fetched for it (files already fetched are cached, as in a browser) by
// kind; search.js itself (fetched with every page) is listed apart.
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const [dir, ...actions] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node bytes.mjs SITE_DIR ACTION…');
  process.exit(2);
}
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
for (const action of actions) {
  let results = null;
  if (action.startsWith('menu:')) {
    const m = await engine.menu(action.slice(5));
    results = m.values.length;
  } else {
    const [q, ...fs] = action.split('|');
    const chosen = Object.fromEntries(fs.map((f) => f.split('=')));
    const res = await engine.search(q, chosen);
    await Promise.all(res.ids.slice(0, 10).map(engine.doc));
    results = res.ids.length;
  }
  const bytes = fetched.reduce((s, [, n]) => s + n, 0);
  const kinds = {};
  let largest = 0;
  for (const [f, n] of fetched) {
    const k = f.split('/')[0];
    kinds[k] = (kinds[k] || 0) + n;
    largest = Math.max(largest, n);
  }
  console.log(JSON.stringify({ action, results, bytes, kinds, files: fetched.length, largest }));
  fetched = [];
}
console.log(JSON.stringify({ apart: { 'search.js': (await stat(join(dir, 'search.js'))).size } }));

/* bantin search: shows the header search box, and runs the search page (/tim-kiem/) on
   the index `bantin build` writes (layout: src/search/mod.rs). Two parts:
   - searchCore: folding, the index's codes, ranking; no DOM. Under Node (the tests,
     scripts/search/query.mjs) it is this file's export and nothing else runs.
   - the page: the form, filters and results. Interface words come from the page (the
     theme's i18n); every text from the index is inserted as text, never as HTML. */
(function () {
  "use strict";

  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var VALUE = {};
  for (var v = 0; v < 64; v++) VALUE[ALPHABET.charAt(v)] = v;
  // Must match src/search/fold.rs (MAX_WORD) and the weights of the README.
  var MAX_WORD = 40;
  var WEIGHT_TITLE = 10, WEIGHT_ABOUT = 4, WEIGHT_BODY = 1, EXACT = 3;
  // Candidates of a quoted phrase checked against their title and text.
  var PHRASE_CHECK = 30;
  // The filters (src/search/index.rs, FILTERS).
  var FILTERS = ["rubric", "year", "tag"];
  var WORD = "[\\p{L}\\p{N}\\p{M}]+";

  // A toned form (lowercase, composed) without tones and marks, đ as d.
  function fold(word) {
    return String(word).normalize("NFC").toLowerCase().normalize("NFD")
      .replace(/\p{M}/gu, "").replace(/\u0111/g, "d");
  }
  // The toned forms of the words of a text.
  function words(text) {
    var out = [];
    var found = String(text || "").normalize("NFC").match(new RegExp(WORD, "gu")) || [];
    found.forEach(function (w) {
      if (Array.from(w).length <= MAX_WORD) out.push(w.toLowerCase());
    });
    return out;
  }
  // Numbers of the index's code (src/search/code.rs), from position `from`.
  function nums(s, from) {
    var out = [], n = 0, scale = 1;
    for (var i = from || 0; i < s.length; i++) {
      var c = VALUE[s.charAt(i)];
      n += (c & 31) * scale;
      if (c & 32) {
        scale *= 32;
      } else {
        out.push(n);
        n = 0;
        scale = 1;
      }
    }
    return out;
  }
  // An id list: gaps ("d…") or a bitmap ("b…").
  function ids(s) {
    var out = [];
    if (s.charAt(0) === "d") {
      var prev = -1;
      nums(s, 1).forEach(function (g) { prev += g + 1; out.push(prev); });
    } else {
      for (var k = 1; k < s.length; k++) {
        var bits = VALUE[s.charAt(k)];
        for (var i = 0; i < 6; i++) if (bits & (1 << i)) out.push((k - 1) * 6 + i);
      }
    }
    return out;
  }
  // An id list as one flag per article.
  function flags(s, n) {
    var out = new Uint8Array(n);
    ids(s).forEach(function (id) { out[id] = 1; });
    return out;
  }
  // FNV-1a (32 bits) of the UTF-8 bytes of a text: which part file holds a filter value
  // (src/search/index.rs, fnv).
  function fnv(s) {
    var bytes = new TextEncoder().encode(s), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h;
  }
  // File name of a shard key (src/search/index.rs, shard_name).
  function shardName(key) {
    return Array.from(key).map(function (c) {
      return /^[a-z0-9]$/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "_";
    }).join("");
  }
  // A query: its words (folded and toned, each folded word once) and its quoted phrases.
  function parse(q) {
    var terms = [], seen = {}, phrases = [];
    String(q || "").split("\"").forEach(function (part, i) {
      var ws = words(part);
      if (i % 2 === 1 && ws.length > 1) phrases.push(ws.map(fold));
      ws.forEach(function (w) {
        var f = fold(w);
        if (!seen[f]) { seen[f] = true; terms.push({ toned: w, folded: f }); }
      });
    });
    return { terms: terms, phrases: phrases };
  }
  function hasPhrase(folded, phrase) {
    for (var i = 0; i + phrase.length <= folded.length; i++) {
      var j = 0;
      while (j < phrase.length && folded[i + j] === phrase[j]) j++;
      if (j === phrase.length) return true;
    }
    return false;
  }
  // Text split into words (marked when their folded form is in `marks`) and the rest.
  function segments(text, marks) {
    var s = String(text || "").normalize("NFC"), out = [], last = 0, m;
    var re = new RegExp(WORD, "gu");
    while ((m = re.exec(s))) {
      if (m.index > last) out.push({ text: s.slice(last, m.index), word: false, mark: false });
      out.push({ text: m[0], word: true, mark: Object.prototype.hasOwnProperty.call(marks, fold(m[0])) });
      last = m.index + m[0].length;
    }
    if (last < s.length) out.push({ text: s.slice(last), word: false, mark: false });
    return out;
  }
  // About `size` words of `text` around its first marked word.
  function excerpt(text, marks, size) {
    var segs = segments(text, marks), at = [], first = 0;
    segs.forEach(function (x, i) { if (x.word) at.push(i); });
    for (var k = 0; k < at.length; k++) if (segs[at[k]].mark) { first = k; break; }
    var start = Math.max(0, Math.min(first - 8, at.length - size));
    var from = start > 0 ? at[start] : 0;
    var to = start + size < at.length ? at[start + size] : segs.length;
    return { before: from > 0, after: to < segs.length, parts: segs.slice(from, to) };
  }

  // The index under `base` (a URL ending in "/"); `get(url)` resolves to parsed JSON.
  function open(base, get) {
    var meta = null, shards = {}, chunks = {}, menus = {}, parts = {};
    // The shard keys of a folder of shards and the longest one.
    function family(dir, list) {
      var f = { dir: dir, keys: {}, longest: 0 };
      (list || []).forEach(function (k) {
        f.keys[k] = true;
        f.longest = Math.max(f.longest, Array.from(k).length);
      });
      return f;
    }
    function loadMeta() {
      if (!meta) {
        meta = get(base + "meta.json").then(function (m) {
          m.words = family("index", m.shards);
          return m;
        });
      }
      return meta;
    }
    // The entry of `name` in the shard of `f` whose key is the longest that starts it.
    function lookup(f, name) {
      var cs = Array.from(name);
      for (var n = Math.min(cs.length, f.longest); n >= 1; n--) {
        var key = cs.slice(0, n).join("");
        if (f.keys[key]) {
          var file = f.dir + "/" + shardName(key);
          if (!shards[file]) shards[file] = get(base + file + ".json");
          return shards[file].then(function (s) {
            return Object.prototype.hasOwnProperty.call(s, name) ? s[name] : null;
          });
        }
      }
      return Promise.resolve(null);
    }
    // A filter's menu: {values: [[value, articles]] (the most used), total, parts}.
    function menu(kind) {
      if (!menus[kind]) menus[kind] = get(base + "filters/" + kind + ".json");
      return menus[kind];
    }
    // Ids of the articles having `value` for filter `kind`.
    function valueIds(kind, value) {
      value = String(value).normalize("NFC");
      return menu(kind).then(function (m) {
        if (!m.parts) return [];
        var file = kind + "-" + (fnv(value) % m.parts);
        if (!parts[file]) parts[file] = get(base + "filters/" + file + ".json");
        return parts[file].then(function (p) {
          return Object.prototype.hasOwnProperty.call(p, value) ? ids(p[value]) : [];
        });
      });
    }
    function doc(id) {
      return loadMeta().then(function (m) {
        var n = Math.floor(id / m.chunk);
        if (!chunks[n]) chunks[n] = get(base + "docs/" + n + ".json");
        return chunks[n].then(function (c) { return c[id % m.chunk]; });
      });
    }
    // Ids of the articles matching every chosen filter value ({rubric, year, tag}).
    function allowed(chosen) {
      var keys = FILTERS.filter(function (k) { return chosen && chosen[k]; });
      if (!keys.length) return Promise.resolve(null);
      return Promise.all(keys.map(function (k) { return valueIds(k, chosen[k]); })).then(function (lists) {
        var count = new Map();
        lists.forEach(function (list) {
          list.forEach(function (id) { count.set(id, (count.get(id) || 0) + 1); });
        });
        var ok = new Set();
        count.forEach(function (n, id) { if (n === keys.length) ok.add(id); });
        return ok;
      });
    }
    // Articles for query `q`, best first: {ids, marks (folded words to mark), all (every
    // word matched; false when no article has them all and any of them is listed)}.
    function search(q, chosen) {
      var p = parse(q);
      var marks = {};
      p.terms.forEach(function (t) { marks[t.folded] = true; });
      if (!p.terms.length) return Promise.resolve({ ids: [], marks: marks, all: true });
      return loadMeta().then(function (m) {
        return Promise.all([
          Promise.all(p.terms.map(function (t) { return lookup(m.words, t.folded); })),
          allowed(chosen)
        ]).then(function (got) {
            var entries = got[0], ok = got[1];
            var score = new Float64Array(m.docs), hits = new Uint8Array(m.docs);
            entries.forEach(function (e, j) {
              if (!e) return;
              var t = p.terms[j];
              var title = flags(e[3], m.docs), about = flags(e[4], m.docs);
              var form = t.toned !== t.folded ? e[1].indexOf(t.toned) : -1;
              // Articles holding the query's exact toned form.
              var exact = form === 0 ? flags(e[5], m.docs) : form > 0 ? flags(e[6][form - 1], m.docs) : null;
              ids(e[2]).forEach(function (id) {
                var w = WEIGHT_BODY + (title[id] ? WEIGHT_TITLE : 0) + (about[id] ? WEIGHT_ABOUT : 0);
                if (exact && (form === 0 ? !exact[id] : exact[id])) w *= EXACT;
                score[id] += w;
                hits[id] += 1;
              });
            });
            var out = [], any = [];
            for (var id = 0; id < m.docs; id++) {
              if (!hits[id] || (ok && !ok.has(id))) continue;
              if (hits[id] === p.terms.length) out.push(id);
              any.push(id);
            }
            var all = true;
            if (!out.length && !p.phrases.length) {
              out = any;
              all = false;
            }
            out.sort(function (a, b) { return hits[b] - hits[a] || score[b] - score[a] || a - b; });
            if (!p.phrases.length) return { ids: out, marks: marks, all: all };
            // Phrases: the words side by side in the title or the start of the text (the
            // index keeps no positions; see src/search/mod.rs).
            var top = out.slice(0, PHRASE_CHECK);
            return Promise.all(top.map(doc)).then(function (docs) {
              var kept = top.filter(function (id, i) {
                var folded = words(docs[i].t + " " + docs[i].x).map(fold);
                return p.phrases.every(function (ph) { return hasPhrase(folded, ph); });
              });
              return { ids: kept, marks: marks, all: true };
            });
          });
      });
    }
    return { search: search, doc: doc, menu: menu, meta: loadMeta };
  }

  var core = {
    fold: fold, words: words, ids: ids, nums: nums, parse: parse, fnv: fnv,
    segments: segments, excerpt: excerpt, shardName: shardName, open: open
  };
  if (typeof module === "object" && module.exports) {
    module.exports = core;
    return;
  }
  if (typeof window !== "undefined") window.searchCore = core;

  // The page.
  var forms = document.querySelectorAll("form.site-search");
  for (var i = 0; i < forms.length; i++) forms[i].hidden = false;
  var root = document.getElementById("search");
  if (!root) return;

  var PAGE = 10;
  var EXCERPT_WORDS = 30;
  var form = root.querySelector("form");
  var input = document.getElementById("search-q");
  var status = root.querySelector(".search-status");
  var list = root.querySelector(".search-results");
  var selects = {
    rubric: document.getElementById("search-rubric"),
    year: document.getElementById("search-year"),
    tag: document.getElementById("search-tag")
  };
  root.querySelector(".search-nojs").hidden = true;
  form.hidden = false;

  var engine = open(root.dataset.index, function (url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  });

  function word(key, q, n) {
    return (root.dataset[key] || "").replace("%q", q).replace("%n", String(n));
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";

  // Fill the menu of filter `key` (once, when first used or asked for in the address).
  var filled = {};
  function fill(key) {
    if (!filled[key]) {
      filled[key] = engine.menu(key).then(function (m) {
        var sel = selects[key];
        var values = m.values.slice();
        var want = params.get(key) || "";
        // A value the menu does not list (it lists the most used) still filters.
        if (want && !values.some(function (f) { return f[0] === want; })) values.push([want, null]);
        values.sort(function (a, b) {
          return key === "year" ? b[0].localeCompare(a[0]) : a[0].localeCompare(b[0], root.dataset.lang);
        });
        values.forEach(function (f) {
          var o = document.createElement("option");
          o.value = f[0];
          o.textContent = f[1] === null ? f[0] : f[0] + " (" + f[1] + ")";
          sel.appendChild(o);
        });
        sel.value = want;
      });
    }
    return filled[key];
  }

  // Text with its matched words in <mark>, as text nodes.
  function marked(parent, parts) {
    parts.forEach(function (x) {
      if (x.mark) {
        var m = document.createElement("mark");
        m.textContent = x.text;
        parent.appendChild(m);
      } else {
        parent.appendChild(document.createTextNode(x.text));
      }
    });
  }

  function item(d, marks) {
    var li = document.createElement("li");
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = d.u;
    marked(a, segments(d.t, marks));
    h.appendChild(a);
    li.appendChild(h);
    var meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = [d.i, d.d].filter(Boolean).join(" · ");
    li.appendChild(meta);
    var ex = excerpt(d.x, marks, EXCERPT_WORDS);
    var p = document.createElement("p");
    p.className = "search-excerpt";
    if (ex.before) p.appendChild(document.createTextNode("… "));
    marked(p, ex.parts);
    if (ex.after) p.appendChild(document.createTextNode(" …"));
    li.appendChild(p);
    return li;
  }

  var current = 0;
  var more = null;
  function show(res, from, id) {
    var slice = res.ids.slice(from, from + PAGE);
    return Promise.all(slice.map(engine.doc)).then(function (docs) {
      if (id !== current) return;
      docs.forEach(function (d) { list.appendChild(item(d, res.marks)); });
      if (more) { more.remove(); more = null; }
      if (from + PAGE < res.ids.length) {
        more = document.createElement("button");
        more.type = "button";
        more.className = "search-more";
        more.textContent = root.dataset.more;
        more.addEventListener("click", function () { show(res, from + PAGE, id); });
        list.after(more);
      }
    });
  }

  function run() {
    var q = input.value.trim();
    var chosen = {};
    Object.keys(selects).forEach(function (k) { if (selects[k].value) chosen[k] = selects[k].value; });
    var url = new URL(location.href);
    ["q", "rubric", "year", "tag"].forEach(function (k) { url.searchParams.delete(k); });
    if (q) url.searchParams.set("q", q);
    Object.keys(chosen).forEach(function (k) { url.searchParams.set(k, chosen[k]); });
    history.replaceState(null, "", url);
    var id = ++current;
    list.textContent = "";
    if (more) { more.remove(); more = null; }
    if (!q) { status.textContent = ""; return; }
    status.textContent = root.dataset.loading;
    engine.search(q, chosen).then(function (res) {
      if (id !== current) return;
      var n = res.ids.length;
      status.textContent = n ? word("found", q, n) : word("none", q, 0);
      return show(res, 0, id);
    }).catch(function () {
      if (id === current) status.textContent = root.dataset.error;
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  Object.keys(selects).forEach(function (k) { selects[k].addEventListener("change", run); });
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  // Each filter menu is filled when first used (or asked for in the address).
  Object.keys(selects).forEach(function (k) {
    selects[k].addEventListener("focus", function () { fill(k); });
    selects[k].addEventListener("pointerdown", function () { fill(k); });
  });
  var asked = Object.keys(selects).filter(function (k) { return params.get(k); });
  Promise.all(asked.map(fill).concat([engine.meta()])).then(run, function () {
    status.textContent = root.dataset.error;
  });
})();

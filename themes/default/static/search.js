/* bantin search: shows the header search box, and runs the search page (/tim-kiem/)
   with the Pagefind index written by `bantin build`. Interface words come from the
   page (the theme's i18n); every text from the index is inserted as text, never HTML.
   The index writes "đ" as "d" + U+0335 so that "duong" finds "đường" (see
   src/search/fold.rs); titles and excerpts are shown with "đ" again. */
(function () {
  "use strict";
  var forms = document.querySelectorAll("form.site-search");
  for (var i = 0; i < forms.length; i++) forms[i].hidden = false;
  var root = document.getElementById("search");
  if (!root) return;

  var PAGE = 10;
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

  function word(key, q, n) {
    return (root.dataset[key] || "").replace("%q", q).replace("%n", String(n));
  }
  function unfold(s) {
    return String(s || "").replace(/d\u0335/g, "\u0111").replace(/D\u0335/g, "\u0110");
  }
  // The index keeps "dường" as the toned form of "đường": ask for that.
  function prepare(q) {
    return q.normalize("NFC").replace(/\u0111/g, "d").replace(/\u0110/g, "D");
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";

  var pagefind = null;
  function load() {
    if (!pagefind) {
      pagefind = import(root.dataset.index + "pagefind.js").then(function (pf) {
        // Result URLs in the index already carry the site's base path.
        return pf.options({ excerptLength: 30, baseUrl: "/" }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function fillFilters(pf) {
    return pf.filters().then(function (all) {
      Object.keys(selects).forEach(function (key) {
        var sel = selects[key];
        var values = Object.keys(all[key] || {});
        values.sort(function (a, b) {
          return key === "year" ? b.localeCompare(a) : a.localeCompare(b, root.dataset.lang);
        });
        values.forEach(function (v) {
          var o = document.createElement("option");
          o.value = v;
          o.textContent = v + " (" + all[key][v] + ")";
          sel.appendChild(o);
        });
        sel.value = params.get(key) || "";
      });
    });
  }

  // An excerpt of about 30 words around the matched words, the matches marked.
  function excerpt(data) {
    var words = String(data.content || "").split(/[^\S\uFEFF]+/);
    var locs = data.locations || [];
    var marked = {};
    locs.forEach(function (l) { marked[l] = true; });
    var first = locs.length ? Math.min.apply(null, locs) : 0;
    var start = Math.max(0, Math.min(first - 8, words.length - 30));
    var p = document.createElement("p");
    p.className = "search-excerpt";
    if (start > 0) p.appendChild(document.createTextNode("… "));
    for (var i = start; i < Math.min(words.length, start + 30); i++) {
      if (i > start) p.appendChild(document.createTextNode(" "));
      var text = unfold(words[i]);
      if (marked[i]) {
        var m = document.createElement("mark");
        m.textContent = text;
        p.appendChild(m);
      } else {
        p.appendChild(document.createTextNode(text));
      }
    }
    if (start + 30 < words.length) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  function item(data) {
    var li = document.createElement("li");
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = data.url;
    a.textContent = unfold(data.meta.title);
    h.appendChild(a);
    li.appendChild(h);
    var meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = [unfold(data.meta.issue), data.meta.date].filter(Boolean).join(" · ");
    li.appendChild(meta);
    li.appendChild(excerpt(data));
    return li;
  }

  var current = 0;
  var more = null;
  function show(results, from) {
    var slice = results.slice(from, from + PAGE);
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (datas) {
      datas.forEach(function (d) { list.appendChild(item(d)); });
      if (more) { more.remove(); more = null; }
      if (from + PAGE < results.length) {
        more = document.createElement("button");
        more.type = "button";
        more.className = "search-more";
        more.textContent = root.dataset.more;
        more.addEventListener("click", function () { show(results, from + PAGE); });
        list.after(more);
      }
    });
  }

  function run() {
    var q = input.value.trim();
    var filters = {};
    Object.keys(selects).forEach(function (k) { if (selects[k].value) filters[k] = selects[k].value; });
    var url = new URL(location.href);
    ["q", "rubric", "year", "tag"].forEach(function (k) { url.searchParams.delete(k); });
    if (q) url.searchParams.set("q", q);
    Object.keys(filters).forEach(function (k) { url.searchParams.set(k, filters[k]); });
    history.replaceState(null, "", url);
    var id = ++current;
    list.textContent = "";
    if (more) { more.remove(); more = null; }
    if (!q) { status.textContent = ""; return; }
    status.textContent = root.dataset.loading;
    load().then(function (pf) {
      return pf.search(prepare(q), { filters: filters });
    }).then(function (res) {
      if (id !== current) return;
      var n = res.results.length;
      status.textContent = n ? word("found", q, n) : word("none", q, 0);
      return show(res.results, 0);
    }).catch(function () {
      status.textContent = root.dataset.error;
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  Object.keys(selects).forEach(function (k) { selects[k].addEventListener("change", run); });
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  // The filter menus are filled when first used (or asked for in the address): their
  // lists are a large part of what a first query would fetch on a big archive.
  var filled = null;
  function filters() {
    if (!filled) filled = load().then(fillFilters);
    return filled;
  }
  Object.keys(selects).forEach(function (k) {
    selects[k].addEventListener("focus", filters);
    selects[k].addEventListener("pointerdown", filters);
  });
  var asked = Object.keys(selects).some(function (k) { return params.get(k); });
  (asked ? filters() : load()).then(run, function () {
    status.textContent = root.dataset.error;
  });
})();

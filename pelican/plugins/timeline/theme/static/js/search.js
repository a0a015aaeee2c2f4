/* Site search with Pagefind's JS API and a small result list of our own (no inline styles,
   so it runs under the site's Content-Security-Policy). The index is loaded only when a
   search box is first used. Without JavaScript the form submits to the search page. */
(function () {
  "use strict";
  var t = window.timelineText;  /* texts.js: the page's texts in its language */
  var pagefind = null;
  var loading = null;

  /* The index is in shards (one a year, pagefind/<shard>/), listed in pagefind/shards.json:
     the first is loaded, the others merged into it, and one search covers them all. */
  function load(base) {
    if (!loading) {
      var root = new URL(base, document.baseURI);
      var options = { baseUrl: new URL("..", root).pathname };  /* results link to /site/… */
      loading = fetch(new URL("shards.json", root).href).then(function (r) {
        if (!r.ok) throw new Error("no search index");
        return r.json();
      }).then(function (manifest) {
        var urls = manifest.shards.map(function (name) {
          return new URL(encodeURIComponent(name) + "/", root).href;
        });
        if (!urls.length) throw new Error("empty search index");
        return import(urls[0] + "pagefind.js").then(function (pf) {
          return pf.options(options).then(function () { return pf.init(); }).then(function () {
            return Promise.all(urls.slice(1).map(function (u) { return pf.mergeIndex(u, options); }));
          }).then(function () { pagefind = pf; return pf; });
        });
      });
    }
    return loading;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function excerpt(html) {
    /* Pagefind marks hits with <mark>; keep only text and <mark>, never raw HTML. */
    var p = el("p", "excerpt");
    var doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") p.appendChild(el("mark", "", node.textContent));
      else p.appendChild(document.createTextNode(node.textContent));
    });
    return p;
  }

  function setup(form) {
    var base = form.getAttribute("data-pagefind");
    var input = form.querySelector('input[name="q"]');
    var box = form.querySelector(".search-results");
    var status = form.querySelector('select[name="status"]');
    var tag = form.querySelector('select[name="tag"]');
    var full = form.classList.contains("search-page-form");
    var limit = full ? 50 : 6;
    if (!input || !box) return;
    var live = el("p", "search-status");
    live.setAttribute("role", "status");
    var list = el("ol");
    box.appendChild(live);
    box.appendChild(list);
    var timer = null;
    var seq = 0;

    function filters() {
      var f = {};
      if (status && status.value) f.status = status.value;
      if (tag && tag.value) f.tag = tag.value;
      return f;
    }

    function remember() {
      if (!full) return;
      var q = new URLSearchParams();
      if (input.value.trim()) q.set("q", input.value.trim());
      if (status && status.value) q.set("status", status.value);
      if (tag && tag.value) q.set("tag", tag.value);
      var s = q.toString();
      window.history.replaceState(null, "", window.location.pathname + (s ? "?" + s : ""));
    }

    function run() {
      var term = input.value.trim();
      var f = filters();
      var mine = ++seq;
      remember();
      if (!term && !Object.keys(f).length) {
        box.hidden = true;
        list.textContent = "";
        live.textContent = "";
        return;
      }
      box.hidden = false;
      live.textContent = t("searching");
      load(base).then(function (pf) {
        return pf.search(term || null, { filters: f });
      }).then(function (search) {
        if (mine !== seq || !search) return null;
        return Promise.all(search.results.slice(0, limit).map(function (r) { return r.data(); }))
          .then(function (items) { return { total: search.results.length, items: items }; });
      }).then(function (found) {
        if (!found || mine !== seq) return;
        list.textContent = "";
        found.items.forEach(function (d) {
          var li = el("li");
          var a = el("a", "", (d.meta && d.meta.title) || d.url);
          a.href = d.url;
          li.appendChild(a);
          if (d.meta && d.meta.date) {
            li.appendChild(document.createTextNode(" (" + d.meta.date +
              (d.meta.status ? ", " + d.meta.status.toLowerCase() : "") + ")"));
          }
          li.appendChild(excerpt(d.excerpt || ""));
          list.appendChild(li);
        });
        var n = found.total;
        live.textContent = n === 0 ? t("none")
          : n > found.items.length ? t("foundMore", { n: n, k: found.items.length }, n)
          : t("found", { n: n }, n);
        if (!full && n > found.items.length) {
          var li = el("li", "search-more");
          var more = el("a", "", t("allResults", { n: n }, n));
          more.href = form.action + "?q=" + encodeURIComponent(term);
          li.appendChild(more);
          list.appendChild(li);
        }
      }).catch(function () {
        if (mine !== seq) return;
        list.textContent = "";
        live.textContent = t("unavailable");
      });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 150);
    }

    input.addEventListener("focus", function () { load(base).catch(function () {}); });
    input.addEventListener("input", later);
    if (status) status.addEventListener("change", run);
    if (tag) tag.addEventListener("change", run);
    if (full) {
      form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
      var q = new URLSearchParams(window.location.search);
      input.value = q.get("q") || "";
      if (status) status.value = q.get("status") || "";
      if (tag) tag.value = q.get("tag") || "";
      var nojs = document.getElementById("search-nojs");
      if (nojs) nojs.hidden = true;
      if (input.value || (status && status.value) || (tag && tag.value)) run();
    } else {
      input.addEventListener("keydown", function (e) {
        if (e.key === "Escape") { box.hidden = true; }
      });
      form.addEventListener("focusout", function (e) {
        if (!e.relatedTarget || !form.contains(e.relatedTarget)) {
          window.setTimeout(function () {
            if (!form.contains(document.activeElement)) box.hidden = true;
          }, 200);
        }
      });
      input.addEventListener("focus", function () {
        if (list.childNodes.length) box.hidden = false;
      });
    }
  }

  document.querySelectorAll("form[data-pagefind]").forEach(setup);
})();

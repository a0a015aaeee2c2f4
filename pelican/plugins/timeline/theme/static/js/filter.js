/* Filter the timeline by status, tag, actor and years; state lives in the query string.
   Progressive enhancement: without this script every event is listed and the status, tag
   and actor pages do the filtering. No dependencies. */
(function () {
  "use strict";
  var t = window.timelineText;  /* texts.js: the page's texts in its language */

  var form = document.getElementById("filter-form");
  var panel = document.getElementById("filters");
  var counter = document.getElementById("filter-count");
  var events = Array.prototype.slice.call(document.querySelectorAll("article.event"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.year"));
  var announcer = document.createElement("p");
  announcer.className = "visually-hidden";
  announcer.setAttribute("role", "status");
  document.body.appendChild(announcer);

  addCopyButtons();
  if (!form || !panel || !counter) return;

  var fromSel = form.elements.namedItem("from");
  var toSel = form.elements.namedItem("to");

  function words(el, name) {
    var v = el.getAttribute(name) || "";
    return v ? v.split(" ") : [];
  }

  function checked(name) {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]:checked'))
      .map(function (i) { return i.value; });
  }

  function readForm() {
    return {
      status: checked("status"), tag: checked("tag"), actor: checked("actor"),
      from: fromSel && fromSel.selectedIndex > 0 ? fromSel.value : "",
      to: toSel && toSel.selectedIndex < toSel.options.length - 1 ? toSel.value : ""
    };
  }

  function readUrl() {
    var q = new URLSearchParams(window.location.search);
    return { status: q.getAll("status"), tag: q.getAll("tag"), actor: q.getAll("actor"),
             from: q.get("from") || "", to: q.get("to") || "" };
  }

  function writeForm(state) {
    ["status", "tag", "actor"].forEach(function (name) {
      form.querySelectorAll('input[name="' + name + '"]').forEach(function (box) {
        box.checked = state[name].indexOf(box.value) !== -1;
      });
    });
    if (fromSel) { fromSel.value = state.from || fromSel.options[0].value; }
    if (toSel) { toSel.value = state.to || toSel.options[toSel.options.length - 1].value; }
  }

  function writeUrl(state) {
    var q = new URLSearchParams();
    ["status", "tag", "actor"].forEach(function (name) {
      state[name].forEach(function (v) { q.append(name, v); });
    });
    if (state.from) q.set("from", state.from);
    if (state.to) q.set("to", state.to);
    var s = q.toString();
    var url = window.location.pathname + (s ? "?" + s : "") + window.location.hash;
    window.history.replaceState(null, "", url);
  }

  function anyOf(wanted, have) {
    if (!wanted.length) return true;
    for (var i = 0; i < have.length; i++) if (wanted.indexOf(have[i]) !== -1) return true;
    return false;
  }

  function apply(state) {
    var from = state.from ? parseInt(state.from, 10) : -Infinity;
    var to = state.to ? parseInt(state.to, 10) : Infinity;
    var shown = 0;
    events.forEach(function (ev) {
      var year = parseInt(ev.getAttribute("data-year"), 10);
      var ok = anyOf(state.status, [ev.getAttribute("data-status")]) &&
        anyOf(state.tag, words(ev, "data-tags")) &&
        anyOf(state.actor, words(ev, "data-actors")) &&
        year >= from && year <= to;
      var item = ev.parentElement && ev.parentElement.tagName === "LI" ? ev.parentElement : ev;
      item.hidden = !ok;
      if (ok) shown++;
    });
    sections.forEach(function (sec) {
      sec.hidden = !sec.querySelector("ol.events > li:not([hidden])");
    });
    var total = events.length;
    counter.textContent = shown === total
      ? t("showingAll", { total: total }, total)
      : t("showingSome", { shown: shown, total: total }, total);
  }

  function isActive(state) {
    return state.status.length || state.tag.length || state.actor.length || state.from || state.to;
  }

  function update() {
    var state = readForm();
    writeUrl(state);
    apply(state);
  }

  panel.hidden = false;
  var initial = readUrl();
  writeForm(initial);
  var normal = readForm();
  apply(normal);
  if (isActive(normal)) panel.open = true;

  form.addEventListener("change", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });

  // One quiet icon button per event, beside its date: its accessible name says whose link it
  // copies; the icon is revealed on hover or focus where a pointer can hover (site.css).
  function addCopyButtons() {
    var svgNS = "http://www.w3.org/2000/svg";
    events.forEach(function (ev) {
      var link = ev.querySelector(".event-title a");
      if (!link) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-link";
      button.title = t("copyLink");
      var icon = document.createElementNS(svgNS, "svg");
      icon.setAttribute("viewBox", "0 0 16 16");
      icon.setAttribute("width", "16");
      icon.setAttribute("height", "16");
      icon.setAttribute("aria-hidden", "true");
      icon.setAttribute("focusable", "false");
      var path = document.createElementNS(svgNS, "path");
      path.setAttribute("d", "M6.5 9.5l3-3M7.2 4.6l1.2-1.2a2.8 2.8 0 0 1 4 4l-1.2 1.2" +
        "M8.8 11.4l-1.2 1.2a2.8 2.8 0 0 1-4-4l1.2-1.2");
      path.setAttribute("fill", "none");
      path.setAttribute("stroke", "currentColor");
      path.setAttribute("stroke-width", "1.6");
      path.setAttribute("stroke-linecap", "round");
      icon.appendChild(path);
      button.appendChild(icon);
      var hiddenText = document.createElement("span");
      hiddenText.className = "visually-hidden";
      hiddenText.textContent = t("copyLinkTo", { name: link.textContent });
      button.appendChild(hiddenText);
      button.addEventListener("click", function () { copy(link.href, button); });
      var meta = ev.querySelector(".event-meta");
      (meta || ev.querySelector("header") || ev).appendChild(button);
    });
  }

  function copy(url, button) {
    function done() { announcer.textContent = t("copied", { url: url }); }
    function fallback() {
      var box = button.nextElementSibling;
      if (!box || !box.classList.contains("copy-fallback")) {
        box = document.createElement("input");
        box.type = "text";
        box.readOnly = true;
        box.className = "copy-fallback";
        box.setAttribute("aria-label", t("copyBox"));
        button.parentNode.insertBefore(box, button.nextSibling);
      }
      box.value = url;
      box.focus();
      box.select();
      announcer.textContent = t("selected");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, fallback);
    } else {
      fallback();
    }
  }
})();

/* The page's texts in its language, for the other scripts: templates/_i18n_js.html puts
   them in a JSON data block (never run: the Content-Security-Policy allows no inline
   script). timelineText(key, values, count) picks the plural form with Intl.PluralRules
   and fills in {name} fields. Loaded (deferred) before the scripts that use it. */
(function () {
  "use strict";
  var texts = (function () {
    var node = document.getElementById("timeline-i18n");
    try { return node ? JSON.parse(node.textContent) : {}; } catch (e) { return {}; }
  })();
  var plurals = window.Intl && Intl.PluralRules
    ? new Intl.PluralRules(document.documentElement.lang || "en") : null;
  window.timelineText = function (key, values, count) {
    var text = texts[key];
    if (text && typeof text === "object") {
      var form = plurals && count !== undefined ? plurals.select(count)
        : (count === 1 ? "one" : "other");
      text = text[form] || text.other || text.one;
    }
    text = String(text === undefined ? key : text);
    return text.replace(/\{(\w+)\}/g, function (m, name) {
      return values && values[name] !== undefined ? String(values[name]) : m;
    });
  };
})();

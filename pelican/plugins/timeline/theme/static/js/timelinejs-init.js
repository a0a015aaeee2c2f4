/* Starts TimelineJS on the timeline view (timeline-view/), the only page that loads it.
   The data URL and the script path come from data attributes written by the build
   relative to the page, so the view works under a subpath and on any host. */
(function () {
  "use strict";
  var embed = document.getElementById("timeline-embed");
  if (!embed || typeof TL === "undefined") return;
  var source = new URL(embed.getAttribute("data-src"), document.baseURI).href;
  var scriptPath = new URL(embed.getAttribute("data-script-path"), document.baseURI).href;
  var height = Math.max(480, Math.round(window.innerHeight * 0.75));
  embed.style.height = height + "px";
  window.timeline = new TL.Timeline("timeline-embed", source, {
    script_path: scriptPath,
    language: "en",
    font: null, // the default font CSS would fetch Google Fonts; the site's fonts are used
    hash_bookmark: true,
    height: height,
    timenav_position: "bottom"
  });
})();

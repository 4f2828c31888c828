// Progressive enhancement for the sourcecheck report: filters and click-to-scroll.
// The page is fully readable without it (anchors and :target do the basic job).
(function () {
  "use strict";
  var panel = document.getElementById("panel");
  var filters = document.getElementById("filters");
  if (!panel) { return; }
  var items = Array.prototype.slice.call(panel.querySelectorAll("li.att"));
  // Person mentions with findings: linked both ways like attributions, not counted by filters.
  var mentions = Array.prototype.slice.call(panel.querySelectorAll("li.mention"));
  var marks = Array.prototype.slice.call(document.querySelectorAll(".text .hl"));

  function clearActive() {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
  }

  function activate(key, scrollTarget) {
    clearActive();
    var item = document.getElementById("p-" + key);
    if (item) { item.classList.add("active"); }
    marks.forEach(function (m) {
      if ((m.getAttribute("data-att") || "").split(" ").indexOf(key) !== -1) { m.classList.add("active"); }
    });
    if (scrollTarget) {
      scrollTarget.scrollIntoView({ behavior: "smooth", block: "center" });
      if (history.replaceState) { history.replaceState(null, "", "#" + scrollTarget.id); }
    }
  }

  // Text → panel: a highlight links to the innermost attribution covering it.
  marks.forEach(function (m) {
    m.addEventListener("click", function (ev) {
      var key = m.getAttribute("data-key");
      var item = key && document.getElementById("p-" + key);
      if (!item) { return; }
      ev.preventDefault();
      activate(key, item);
    });
  });

  // Panel → text.
  items.concat(mentions).forEach(function (item) {
    var jump = item.querySelector("a.jump");
    if (!jump) { return; }
    jump.addEventListener("click", function (ev) {
      var key = item.getAttribute("data-key");
      var anchor = document.getElementById("t-" + key);
      if (!anchor) { return; }
      ev.preventDefault();
      activate(key, anchor);
    });
  });

  if (!filters) { return; }
  filters.hidden = false;
  var boxes = Array.prototype.slice.call(filters.querySelectorAll("input[data-filter]"));
  var medium = filters.querySelector("select[data-filter=medium]");
  var count = filters.querySelector(".count");

  function apply() {
    var want = {};
    boxes.forEach(function (b) { want[b.getAttribute("data-filter")] = b.checked; });
    var statusFilter = want.contradicted || want.unverifiable;
    // Belief and other attributions are listed only with "show all".
    var showAll = !!want.all;
    var visible = {};
    var shown = 0;
    items.forEach(function (item) {
      var status = item.getAttribute("data-status");
      var ok = showAll || item.getAttribute("data-aside") !== "true";
      if (ok && statusFilter) { ok = (want.contradicted && status === "contradicted") || (want.unverifiable && status === "unverifiable"); }
      if (ok && want.anonymous) { ok = item.getAttribute("data-anonymous") === "true"; }
      if (ok && medium && medium.value) { ok = item.getAttribute("data-medium") === medium.value; }
      item.hidden = !ok;
      if (ok) { visible[item.getAttribute("data-key")] = true; shown += 1; }
    });
    // A mention has a status but no medium and a named person: only the status filters keep it.
    mentions.forEach(function (item) {
      var status = item.getAttribute("data-status");
      var ok = !(want.anonymous || (medium && medium.value));
      if (ok && statusFilter) { ok = (want.contradicted && status === "contradicted") || (want.unverifiable && status === "unverifiable"); }
      item.hidden = !ok;
      if (ok) { visible[item.getAttribute("data-key")] = true; }
    });
    // Only the status groups of attributions; the article-level findings always stay.
    panel.querySelectorAll("section.group[data-status]").forEach(function (g) {
      var listed = g.querySelectorAll("li.att:not([hidden])").length;
      var n = g.querySelector("h3 .n");
      if (n) { n.textContent = String(listed); }
      g.hidden = listed === 0;
    });
    // With every attribution listed, their findings are under them already.
    panel.querySelectorAll("section.aside-findings").forEach(function (g) { g.hidden = showAll; });
    panel.querySelectorAll("section.mentions").forEach(function (g) {
      g.hidden = g.querySelectorAll("li.mention:not([hidden])").length === 0;
    });
    marks.forEach(function (m) {
      var keys = (m.getAttribute("data-att") || "").split(" ");
      m.classList.toggle("dim", !keys.some(function (k) { return visible[k]; }));
      if (m.classList.contains("aside")) { m.classList.toggle("shown", showAll); }
    });
    if (count) { count.textContent = shown + " of " + items.length + " shown"; }
  }

  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  if (medium) { medium.addEventListener("change", apply); }
  apply();
}());

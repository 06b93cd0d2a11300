// countersight: the only script. Pages work without it; it only fills the offsets of the
// "add a missed event" form from a text selection in the report. No inline scripts (CSP).
(function () {
  "use strict";

  // Offset (in Unicode code points, as Python counts) of a DOM position inside the report text.
  function offsetOf(node, offset) {
    var el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    var seg = el && el.closest ? el.closest("[data-start]") : null;
    if (!seg) return null;
    var start = parseInt(seg.getAttribute("data-start"), 10);
    if (node.nodeType !== Node.TEXT_NODE) {
      // A position between children: count the text before it.
      var before = 0;
      for (var i = 0; i < offset && i < node.childNodes.length; i++) before += Array.from(node.childNodes[i].textContent).length;
      return start + before;
    }
    return start + Array.from(node.data.slice(0, offset)).length;
  }

  function init() {
    var text = document.getElementById("report-text");
    var form = document.getElementById("add-event-form");
    if (!text || !form) return;
    var startInput = document.getElementById("add-start");
    var endInput = document.getElementById("add-end");
    var preview = document.getElementById("add-selection");

    function update() {
      var sel = window.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
      var range = sel.getRangeAt(0);
      if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
      var a = offsetOf(range.startContainer, range.startOffset);
      var b = offsetOf(range.endContainer, range.endOffset);
      if (a === null || b === null) return;
      if (a > b) { var t = a; a = b; b = t; }
      var shown = sel.toString().replace(/\u21a9/g, "").trim();
      // Trim the selection's surrounding white space from the offsets too.
      var raw = sel.toString().replace(/\u21a9/g, "");
      var lead = Array.from(raw).length - Array.from(raw.replace(/^\s+/, "")).length;
      var trail = Array.from(raw).length - Array.from(raw.replace(/\s+$/, "")).length;
      if (b - a > lead + trail) { a += lead; b -= trail; }
      if (a >= b) return;
      startInput.value = a;
      endInput.value = b;
      preview.textContent = shown.length > 200 ? shown.slice(0, 200) + "…" : shown;
    }

    text.addEventListener("mouseup", update);
    text.addEventListener("keyup", update);
    text.addEventListener("touchend", update);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

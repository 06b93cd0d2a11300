// countersight: the only script. Pages work without it; it fills the offsets of the "add a
// missed event" form and of an edit's evidence from a text selection, and gives the review
// queue its keys. No inline scripts (CSP).
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

  // Offsets [a, b) of the selection inside `container`, its surrounding white space trimmed,
  // and the text shown; null when the selection is empty or leaves the container.
  function selectedSpan(container) {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    var range = sel.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
    var a = offsetOf(range.startContainer, range.startOffset);
    var b = offsetOf(range.endContainer, range.endOffset);
    if (a === null || b === null) return null;
    if (a > b) { var t = a; a = b; b = t; }
    var raw = sel.toString().replace(/\u21a9/g, "");
    var shown = raw.trim();
    var lead = Array.from(raw).length - Array.from(raw.replace(/^\s+/, "")).length;
    var trail = Array.from(raw).length - Array.from(raw.replace(/\s+$/, "")).length;
    if (b - a > lead + trail) { a += lead; b -= trail; }
    if (a >= b) return null;
    return { start: a, end: b, text: shown.length > 200 ? shown.slice(0, 200) + "\u2026" : shown };
  }

  function watchSelection(container, apply) {
    function update() {
      var span = selectedSpan(container);
      if (span) apply(span);
    }
    container.addEventListener("mouseup", update);
    container.addEventListener("keyup", update);
    container.addEventListener("touchend", update);
  }

  // "Add a missed event" on a report page.
  function initAdd() {
    var text = document.getElementById("report-text");
    var form = document.getElementById("add-event-form");
    if (!text || !form) return;
    watchSelection(text, function (span) {
      document.getElementById("add-start").value = span.start;
      document.getElementById("add-end").value = span.end;
      document.getElementById("add-selection").textContent = span.text;
    });
  }

  // An edit's evidence: selected in the quote and the text around it.
  function initEvidence() {
    var context = document.getElementById("evidence");
    var start = document.getElementById("ev-start");
    if (!context || !start) return;
    watchSelection(context, function (span) {
      start.value = span.start;
      document.getElementById("ev-end").value = span.end;
      document.getElementById("ev-preview").textContent = span.text;
      document.getElementById("ev-range").textContent = span.start + "\u2013" + span.end + " (changed: save to keep)";
      var panel = document.getElementById("edit-panel");
      if (panel) panel.open = true;
    });
  }

  // The review queue: c confirm, r reject (reason, Enter), e edit, n / p next and previous.
  function initQueue() {
    var queue = document.getElementById("review-queue");
    if (!queue) return;
    document.addEventListener("keydown", function (ev) {
      var target = ev.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (ev.key === "Escape" && typing) { target.blur(); return; }
      if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      var link;
      switch (ev.key) {
        case "c":
          var confirm = document.getElementById("confirm-form");
          if (confirm) { ev.preventDefault(); confirm.submit(); }
          break;
        case "r":
          var reason = document.getElementById("reject-reason");
          if (reason) { ev.preventDefault(); reason.focus(); }
          break;
        case "e":
          var panel = document.getElementById("edit-panel");
          if (panel) {
            ev.preventDefault();
            panel.open = true;
            var first = document.getElementById("edit-type");
            if (first) first.focus();
          }
          break;
        case "n": case "j":
          link = document.getElementById("queue-next");
          if (link) { ev.preventDefault(); window.location.href = link.href; }
          break;
        case "p": case "k":
          link = document.getElementById("queue-prev");
          if (link) { ev.preventDefault(); window.location.href = link.href; }
          break;
      }
    });
  }

  function init() {
    initAdd();
    initEvidence();
    initQueue();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

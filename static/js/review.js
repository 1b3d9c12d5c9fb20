// Keyboard and mouse helpers for the review page. Everything here is a shortcut to
// a link or form that also works without JavaScript.
(function () {
  "use strict";

  const review = document.getElementById("review");
  if (!review) return;
  const spanBase = review.dataset.spanBase;

  // ---- selection -------------------------------------------------------------

  function items() {
    return document.querySelectorAll("#span-list li.span-item");
  }

  function selectedId() {
    const panel = document.getElementById("span-panel");
    return panel && panel.dataset.selected ? panel.dataset.selected : null;
  }

  // Restyle the selection at once (no request), so a key press repaints immediately.
  function markSelected(id) {
    document.querySelectorAll("#review .selected").forEach((el) => el.classList.remove("selected"));
    if (!id) return;
    const item = document.getElementById("span-" + id);
    if (item) item.classList.add("selected");
    const marks = document.querySelectorAll('#doc-text mark[data-span="' + id + '"]');
    marks.forEach((m) => m.classList.add("selected"));
    const target = marks[0] || item;
    if (target) target.scrollIntoView({ block: "nearest" });
    if (item) item.scrollIntoView({ block: "nearest" });
  }

  function select(id) {
    markSelected(id);
    const panel = document.getElementById("span-panel");
    if (panel) panel.dataset.selected = id;
    history.replaceState(null, "", "?span=" + id);
    htmx.ajax("GET", spanBase + id + "/", { target: "#span-panel", swap: "outerHTML" });
  }

  function step(delta) {
    const list = items();
    if (!list.length) return;
    const current = selectedId();
    let index = -1;
    for (let i = 0; i < list.length; i++) {
      if (list[i].dataset.span === current) { index = i; break; }
    }
    const next = index < 0 ? (delta > 0 ? 0 : list.length - 1)
      : Math.min(list.length - 1, Math.max(0, index + delta));
    if (next !== index) select(list[next].dataset.span);
  }

  // After any swap, the marks follow the panel's selection.
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (event.target.id === "span-panel" || event.target.id === "doc-text") {
      markSelected(selectedId());
    }
  });

  // The server says a claim's status or kind changed: restyle its marks in place.
  document.body.addEventListener("span-changed", (event) => {
    const detail = event.detail;
    document.querySelectorAll('#doc-text mark[data-span="' + detail.id + '"]').forEach((m) => {
      [...m.classList].forEach((c) => {
        if (c.startsWith("kind-") || c.startsWith("status-")) m.classList.remove(c);
      });
      m.classList.add("kind-" + detail.kind, "status-" + detail.status);
      m.title = detail.kind + " · " + detail.status;
    });
  });

  // ---- creating a span from a mouse selection --------------------------------

  const textBox = () => document.getElementById("doc-text");

  // Code points (what the server counts) before `offset` in `node`, within the text.
  function codePointOffset(root, node, offset) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let total = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n === node) return total + [...n.data.slice(0, offset)].length;
      total += [...n.data].length;
    }
    return null;
  }

  document.addEventListener("mouseup", () => {
    const root = textBox();
    const selection = window.getSelection();
    if (!root || !selection || selection.isCollapsed || !selection.rangeCount) return;
    const range = selection.getRangeAt(0);
    if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return;
    if (range.startContainer.nodeType !== Node.TEXT_NODE) return;
    if (range.endContainer.nodeType !== Node.TEXT_NODE) return;
    const start = codePointOffset(root, range.startContainer, range.startOffset);
    const end = codePointOffset(root, range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    const box = document.getElementById("new-span");
    box.querySelector("input[name=start]").value = start;
    box.querySelector("input[name=end]").value = end;
    document.getElementById("new-span-preview").textContent =
      "Selected: “" + selection.toString().slice(0, 200) + "” (grows to whole words)";
    box.open = true;
    box.querySelector("select[name=kind]").focus({ preventScroll: true });
  });

  // After a span is created the form closes.
  document.body.addEventListener("htmx:afterRequest", (event) => {
    const form = event.target.closest && event.target.closest("#new-span form");
    if (form && event.detail.successful) {
      document.getElementById("new-span").open = false;
      form.reset();
      window.getSelection().removeAllRanges();
    }
  });

  // ---- keyboard --------------------------------------------------------------

  function click(selector) {
    const el = document.querySelector(selector);
    if (!el) return false;
    if (el.tagName === "SELECT" || el.tagName === "TEXTAREA" || el.tagName === "INPUT") {
      el.focus();
    } else {
      el.click();
    }
    return true;
  }

  function verdict(n) {
    const radio = document.querySelector('#span-panel input[data-verdict-key="' + n + '"]');
    if (!radio) return false;
    radio.checked = true;
    radio.form.requestSubmit();
    return true;
  }

  function typing(el) {
    return el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
  }

  document.addEventListener("keydown", (event) => {
    const dialog = document.getElementById("shortcuts");
    if (event.key === "Escape") {
      if (typing(document.activeElement)) document.activeElement.blur();
      document.getElementById("new-span").open = false;
      return;
    }
    // Ctrl+Enter in the rationale saves the verdict; Enter on the kind list changes it.
    const enterSubmits = (event.ctrlKey || event.metaKey) || event.target.tagName === "SELECT";
    if (event.key === "Enter" && enterSubmits && event.target.form) {
      event.preventDefault();
      event.target.form.requestSubmit();
      return;
    }
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (dialog && dialog.open) return;
    const key = event.key;
    let done = false;
    if (key === "j" || key === "ArrowDown") { step(1); done = true; }
    else if (key === "k" || key === "ArrowUp") { step(-1); done = true; }
    else if (key === "?") { dialog.showModal(); done = true; }
    else if (/^[1-9]$/.test(key)) { done = verdict(key); }
    else if (key.length === 1) {
      // Keys inside the panel first (a re-apply button wins over everything), then the page.
      const escaped = CSS.escape(key);
      done = click('#span-panel .conflict [data-key="' + escaped + '"]') ||
        click('#span-panel [data-key="' + escaped + '"]') ||
        click('#review [data-key="' + escaped + '"]');
    }
    if (done) event.preventDefault();
  });

  document.getElementById("shortcuts-open").addEventListener("click", () => {
    document.getElementById("shortcuts").showModal();
  });

  // On load: show the span named in the address, if any.
  markSelected(selectedId());
})();

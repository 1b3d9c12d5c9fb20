// Keyboard and mouse helpers for the review page. Everything here is a shortcut to
// a link or form that also works without JavaScript.
(function () {
  "use strict";

  const review = document.getElementById("review");
  if (!review) {
    // Other pages (the dashboard): a key follows the link or button that names it.
    document.addEventListener("keydown", (event) => {
      const el = event.target;
      if (event.ctrlKey || event.metaKey || event.altKey || event.key.length !== 1) return;
      if (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName)) return;
      const target = document.querySelector('[data-key="' + CSS.escape(event.key) + '"]');
      if (target) { event.preventDefault(); target.click(); }
    });
    return;
  }
  const spanBase = review.dataset.spanBase;

  // ---- selection -------------------------------------------------------------

  function items() {
    return document.querySelectorAll("#span-list li.span-item");
  }

  // The claim the reviewer moved to; the panel may still be loading it.
  let current = null;
  // The panel request in flight: keys that act on the panel wait for it, so "j a"
  // typed fast accepts the claim moved to, never the one before it.
  let loading = Promise.resolve();
  let sequence = 0;

  function selectedId() {
    if (current) return current;
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

  function loadPanel(id) {
    const mine = ++sequence;
    loading = fetch(spanBase + id + "/", {
      headers: { "HX-Request": "true" },
      credentials: "same-origin",
    })
      .then((response) => (response.ok ? response.text() : null))
      .then((html) => {
        // A later move won the race: its answer is the one to show.
        if (mine !== sequence || html === null) return;
        htmx.swap(document.getElementById("span-panel"), html, { swapStyle: "outerHTML" });
        current = null;
      })
      .catch(() => {});
  }

  function select(id) {
    current = String(id);
    markSelected(current);
    history.replaceState(null, "", "?span=" + id);
    loadPanel(id);
  }

  function step(delta) {
    const list = items();
    if (!list.length) return;
    const at = selectedId();
    let index = -1;
    for (let i = 0; i < list.length; i++) {
      if (list[i].dataset.span === at) { index = i; break; }
    }
    const next = index < 0 ? (delta > 0 ? 0 : list.length - 1)
      : Math.min(list.length - 1, Math.max(0, index + delta));
    if (next !== index) select(list[next].dataset.span);
  }

  // A click on a claim in the text or the list loads its panel in place; a click
  // with a modifier (new tab) and the no-JavaScript path follow the link.
  function onClaimClick(event) {
    const link = event.target.closest("a");
    const holder = link && link.closest("[data-span]");
    if (!holder || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    // A drag that selected text is a new claim, not a click on this one.
    if (!window.getSelection().isCollapsed) { event.preventDefault(); return; }
    event.preventDefault();
    select(holder.dataset.span);
  }
  review.addEventListener("click", (event) => {
    // Also a match in the panel that is in this document ("Same claim elsewhere").
    if (event.target.closest("#doc-text, #span-list, #span-panel a[data-span]")) onClaimClick(event);
  });

  // Keep the keyboard's place: a button pressed in the panel is replaced by the
  // answer, so focus goes to its counterpart in the new panel.
  let refocus = null;
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const active = document.activeElement;
    if (event.detail.target.id === "span-panel" && active && active.closest("#span-panel")) {
      refocus = active.dataset.action ? '[data-action="' + active.dataset.action + '"]' : null;
    }
  });
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (event.target.id !== "span-panel" || !refocus) return;
    const again = document.querySelector("#span-panel " + refocus);
    refocus = null;
    if (again) again.focus({ preventScroll: true });
  });

  // After a swap the htmx way (a click, an action), the marks follow the panel.
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (event.target.id === "span-panel" || event.target.id === "doc-text") {
      if (!current) markSelected(selectedId());
    }
  });

  // What review_html.py writes for a claim with conflicting evidence.
  const CONFLICT_NOTE = "conflicting evidence elsewhere";

  function conflictFlag() {
    const flag = document.createElement("span");
    flag.className = "conflict-flag";
    flag.setAttribute("role", "img");
    flag.setAttribute("aria-label", CONFLICT_NOTE);
    return flag;
  }

  // The server says a claim's status, kind or conflict changed: restyle its marks in
  // place. The flag sits in the claim's last mark and holds no text, so character
  // offsets of mouse selections are unchanged.
  document.body.addEventListener("span-changed", (event) => {
    const detail = event.detail;
    const marks = document.querySelectorAll('#doc-text mark[data-span="' + detail.id + '"]');
    marks.forEach((m) => {
      [...m.classList].forEach((c) => {
        if (c.startsWith("kind-") || c.startsWith("status-")) m.classList.remove(c);
      });
      m.classList.add("kind-" + detail.kind, "status-" + detail.status);
      m.classList.toggle("conflicted", Boolean(detail.conflict));
      m.title = detail.kind + " · " + detail.status + (detail.conflict ? " · " + CONFLICT_NOTE : "");
      if (!detail.conflict) m.querySelectorAll(".conflict-flag").forEach((f) => f.remove());
    });
    const last = marks[marks.length - 1];
    if (detail.conflict && last && !last.querySelector(".conflict-flag")) {
      (last.querySelector("a") || last).appendChild(conflictFlag());
    }
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
    if (key === "j" || key === "ArrowDown") { step(1); event.preventDefault(); return; }
    if (key === "k" || key === "ArrowUp") { step(-1); event.preventDefault(); return; }
    if (key === "?") { dialog.showModal(); event.preventDefault(); return; }
    if (key.length !== 1 || !hasKey(key)) return;
    event.preventDefault();
    loading.then(() => act(key));
  });

  // Keys of buttons that only some panels have (g / G: the best suggested match):
  // honoured while a panel loads, so "j g" typed fast decides the next claim's match.
  const PANEL_KEYS = ["g", "G"];

  function hasKey(key) {
    return /^[1-9]$/.test(key) || PANEL_KEYS.includes(key) ||
      document.querySelector('#review [data-key="' + CSS.escape(key) + '"]');
  }

  function act(key) {
    if (/^[1-9]$/.test(key)) return verdict(key);
    // Keys inside the panel first (a re-apply button wins over everything), then the page.
    const escaped = CSS.escape(key);
    return click('#span-panel .conflict [data-key="' + escaped + '"]') ||
      click('#span-panel [data-key="' + escaped + '"]') ||
      click('#review [data-key="' + escaped + '"]');
  }

  document.getElementById("shortcuts-open").addEventListener("click", () => {
    document.getElementById("shortcuts").showModal();
  });

  // On load: show the span named in the address, if any.
  markSelected(selectedId());
})();

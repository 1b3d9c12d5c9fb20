"""The review page in headless Chromium, on a document with 1,000 claim spans.

browser_render_ms_1000_spans: from the start of navigation to the page being
interactive (DOMContentLoaded handled: the page script has run and bound its keys),
as the browser's own Navigation Timing reports it; p95 of LOADS fresh loads.

browser_key_repaint_ms: a `j` press until the next claim shows selected and a frame
has been painted, measured inside the page from the key event; p95 of KEYS presses.

browser_accept_ms: an `a` press until the claim's marks show it accepted, which
includes the request to the server and back; p95.

The server is Django's threaded WSGI server in this process, on the benchmark's
database, with DEBUG off and static files collected into var/staticfiles.
"""

from __future__ import annotations

import os
import statistics
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from wsgiref.simple_server import WSGIRequestHandler

from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections

from annotations.models import Document, Membership, Project, Span
from bench.corpus import articles
from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path

SPANS = 1_000
LOADS = 15
KEYS = 40
ACCEPTS = 15
PASSWORD = "bench-browser-password"  # noqa: S105 (a throwaway user in a throwaway database)

# Resolves when the keyed claim is drawn selected and a frame has been painted.
MEASURE_KEY = """
(key) => new Promise((resolve) => {
  const started = performance.now();
  const before = document.getElementById('span-panel').dataset.selected;
  document.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));
  const check = () => {
    const marked = document.querySelector('#doc-text mark.selected');
    if (marked && marked.dataset.span !== before) {
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started)));
    } else {
      requestAnimationFrame(check);
    }
  };
  check();
})
"""

MEASURE_ACCEPT = """
() => new Promise((resolve) => {
  const id = document.getElementById('span-panel').dataset.selected;
  const started = performance.now();
  document.dispatchEvent(new KeyboardEvent('keydown', {key: 'a', bubbles: true}));
  const check = () => {
    const mark = document.querySelector('#doc-text mark[data-span="' + id + '"]');
    if (mark && mark.classList.contains('status-accepted')) {
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started)));
    } else {
      requestAnimationFrame(check);
    }
  };
  check();
})
"""


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def _server() -> Iterator[str]:
    server = ThreadedWSGIServer(("localhost", 0), _QuietHandler, allow_reuse_address=False)
    # As in production: collected, hashed static files served by WhiteNoise.
    call_command("collectstatic", interactive=False, verbosity=0)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        connections.close_all()


def _document() -> tuple[Project, Document]:
    """A ~200 KB article with 1,000 spans: one per sentence, some with a nested one."""
    project = Project.objects.create(name="Browser benchmark", slug="bench-browser")
    user = get_user_model().objects.create_user("bench-browser", password=PASSWORD)
    Membership.objects.create(user=user, project=project)
    text = "\n\n".join(a.text for a in articles(60))
    document = Document.objects.create(
        project=project, title="Browser benchmark", text=text, text_sha256="b" * 64,
        status=Document.Status.PREANNOTATED,
    )  # fmt: skip
    kinds = project.claim_kinds
    spans, at = [], 0
    while len(spans) < SPANS:
        stop = text.find(". ", at)
        if stop < 0:
            raise RuntimeError(f"the text holds only {len(spans)} sentences")
        start, end = at, stop + 1
        while text[start].isspace():
            start += 1
        if end - start > 20:
            spans.append((start, end))
            if len(spans) % 4 == 0:  # a nested claim inside every fourth
                spans.append((start + 5, start + (end - start) // 2))
        at = stop + 2
    Span.objects.bulk_create(
        Span(
            document=document, start=s, end=e, text=text[s:e], kind=kinds[i % len(kinds)],
            origin=Span.Origin.MODEL, engine="bench/1", score=0.5 + (i % 50) / 100,
            model_start=s, model_end=e,
            attrs={"quantities": [{"text": "12,000", "value": 12000, "qualifier": "exact"}]},
        )
        for i, (s, e) in enumerate(spans[:SPANS])
    )  # fmt: skip
    return project, document


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def run() -> dict[str, float]:
    path = chromium_path()
    if path is None:
        raise RuntimeError("no Chromium found: apt-get install chromium, or set CHROMIUM")
    project, document = _document()
    print(f"  {document.spans.count():,} spans in {len(document.text) / 1000:.0f} KB of text")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls here
    # stay plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with _server() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_FLAGS
        )
        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto("/login/")
        page.get_by_label("Username").fill("bench-browser")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{base}/")
        url = f"/p/{project.slug}/d/{document.pk}/"

        loads = []
        for round_no in range(LOADS + 2):
            page.goto(url, wait_until="load")
            timing = page.evaluate(
                "() => { const n = performance.getEntriesByType('navigation')[0];"
                " return n.domContentLoadedEventEnd - n.startTime; }"
            )
            if os.environ.get("BENCH_DEBUG"):
                print(
                    page.evaluate(
                        "() => { const n = performance.getEntriesByType('navigation')[0];"
                        " return [n.requestStart, n.responseStart, n.responseEnd, n.domInteractive,"
                        " n.domContentLoadedEventStart, n.domContentLoadedEventEnd, n.loadEventEnd,"
                        " n.transferSize].map(Math.round); }"
                    )
                )
            marks = page.locator("#doc-text mark.span").count()
            if marks < SPANS:
                raise RuntimeError(f"the page drew {marks} marks, not at least {SPANS}")
            if round_no >= 2:  # the first loads warm caches
                loads.append(timing)
        print(f"  load to interactive: median {statistics.median(loads):.0f} ms")

        keys = [page.evaluate(MEASURE_KEY, "j") for _ in range(KEYS)]
        print(f"  j repaint: median {statistics.median(keys):.1f} ms")

        accepts = []
        for _ in range(ACCEPTS):
            page.evaluate(MEASURE_KEY, "j")
            page.wait_for_function(
                "document.getElementById('span-panel').dataset.selected === "
                "document.querySelector('#doc-text mark.selected').dataset.span"
            )
            accepts.append(page.evaluate(MEASURE_ACCEPT))
        accepted = Span.objects.filter(document=document, status=Span.Status.ACCEPTED).count()
        if accepted != ACCEPTS:
            raise RuntimeError(f"{accepted} spans accepted, expected {ACCEPTS}")
        print(f"  a to accepted: median {statistics.median(accepts):.1f} ms")
        browser.close()
    return {
        "browser_render_ms_1000_spans": round(_p95(loads), 1),
        "browser_key_repaint_ms": round(_p95(keys), 1),
        "browser_accept_ms": round(_p95(accepts), 1),
    }

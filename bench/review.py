"""The review UI, server side: one long document with 500 spans.

Times the document page (`document_detail`, plain and with a span selected) and the
htmx actions on a span (accept, reject, set verdict), each through django.test.Client:
in process, one database connection, the whole middleware stack and template
rendering, no network or browser. That is the server's time for one request.

The document is one ~80 KB article of the benchmark corpus; its 500 spans are written
the way the engine writes them (model origin, an engine name, kind, score, attrs), some
nested inside others; before timing, the real services accept, reject and judge some
of them, which also writes their audit trail. The matcher's links are there too, as
its task stores them: two per span to other claims of the document (one in four a
conflict, which the page marks in the text), eight for each selected span, which
its panel lists under "Same claim elsewhere". Every response is checked (status, the
panel, the span it is about), so a broken page or endpoint cannot report a fast figure.

The client does not enforce CSRF (Django's test client skips the check unless asked):
the middleware still runs, the token comparison does not; it costs microseconds.
"""

from __future__ import annotations

import gc
import os
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from annotations.models import AuditEvent, Document, Evidence, Membership, Project, Span, Verdict
from annotations.services.documents import DocumentInput, import_documents
from annotations.services.spans import span_accept, span_reject
from annotations.services.verdicts import verdict_set
from bench.corpus import articles

SPANS = 500
NESTED = 60  # figures marked inside sentence spans: overlapping marks in the text
DOC_BYTES = 80_000
ENGINE = "bench/1"
WARM_UP = 20
REQUESTS = 250  # timed per series
SELECTED = 20  # the page with a span selected cycles over this many judged spans
MATCHES = 2  # the matcher's links per span; a selected span has MATCHES_SELECTED
MATCHES_SELECTED = 8  # the matcher stores up to 8 per claim and run
HTMX = {"HX-Request": "true"}
PANEL = 'id="span-panel"'

SENTENCE = re.compile(r"[^\s][^.!?\n]*[.!?]")
NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def _quantity(match: re.Match[str]) -> dict[str, object]:
    text = match.group()
    try:
        value: float | None = float(text.replace(",", "").rstrip("."))
    except ValueError:
        value = None
    return {
        "text": text,
        "value": value,
        "unit": "",
        "qualifier": "approximate",
        "low": None,
        "high": None,
    }


def _attrs(sentence: str) -> dict[str, object]:
    attrs: dict[str, object] = {}
    quantities = [_quantity(m) for m in NUMBER.finditer(sentence)][:2]
    if quantities:
        attrs["quantities"] = quantities
    if " said" in sentence:
        attrs["attribution"] = {"speaker": "the ministry", "cue": "said"}
    return attrs


def _spans(document: Document, kinds: list[str]) -> list[Span]:
    """SPANS proposals shaped like the engine's: sentences, plus figures inside some."""
    text = document.text
    rng = random.Random(20261121)
    sentences = list(SENTENCE.finditer(text))
    numbers = list(NUMBER.finditer(text))[:NESTED]
    wanted = SPANS - len(numbers)
    if len(sentences) < wanted:
        raise RuntimeError(f"the document has {len(sentences)} sentences, {wanted} needed")
    step = len(sentences) / wanted
    chosen = [sentences[int(i * step)] for i in range(wanted)]
    out: list[Span] = []
    for n, m in enumerate(chosen):
        kind = kinds[n % len(kinds)]
        out.append(_span(document, m.start(), m.end(), kind, rng.random(), _attrs(m.group())))
    for m in numbers:
        out.append(
            _span(document, m.start(), m.end(), "statistic", rng.random(), _attrs(m.group()))
        )
    return out


def _span(document: Document, start: int, end: int, kind: str, score: float, attrs: dict) -> Span:
    return Span(
        document=document,
        start=start,
        end=end,
        text=document.text[start:end],
        kind=kind,
        origin=Span.Origin.MODEL,
        engine=ENGINE,
        status=Span.Status.SUGGESTED,
        score=round(score, 3),
        attrs=attrs,
        model_start=start,
        model_end=end,
    )


def _build() -> tuple[Project, Document, list[int], object]:
    """The project, its document with SPANS spans, the judged spans to select, the user."""
    user = get_user_model().objects.create_user("bench-reviewer", password=None)
    project = Project.objects.create(name="Review benchmark", slug="bench-review")
    Membership.objects.create(user=user, project=project, role=Membership.Role.REVIEWER)
    article = next(articles(1, seed=7, mean_bytes=DOC_BYTES))
    result = import_documents(
        project=project,
        items=[DocumentInput(name=article.name, text=article.text, title=article.title)],
        preannotate=False,
    )
    document = result.created[0]
    Document.objects.filter(pk=document.pk).update(status=Document.Status.PREANNOTATED)
    Span.objects.bulk_create(_spans(document, project.claim_kinds))
    ids = list(
        Span.objects.filter(document=document)
        .order_by("start", "-end")
        .values_list("pk", flat=True)
    )
    if len(ids) != SPANS:
        raise RuntimeError(f"{len(ids)} spans written, {SPANS} wanted")

    # A document part-way through review, through the real services (and their audit
    # events): every 5th span accepted, 3 in 5 of those judged, every 13th rejected.
    scale = project.verdict_scale
    judged: list[int] = []
    for n, pk in enumerate(ids):
        if n % 5 == 0:
            span = span_accept(span=pk, expected_version=1, user=user)
            if n % 25 in (0, 5, 10):
                verdict_set(
                    span=pk,
                    expected_version=span.version,
                    label=scale[n % len(scale)],
                    rationale="Matches the ministry's published figures for the period.",
                    user=user,
                )
                judged.append(pk)
        elif n % 13 == 0:
            span_reject(span=pk, expected_version=1, user=user)
    # The selected spans have a longer trail: the verdict revised once.
    for pk in judged[:SELECTED]:
        version = Span.objects.get(pk=pk).version
        verdict_set(
            span=pk,
            expected_version=version,
            label=scale[-1],
            rationale="Revised: the figure was later corrected.",
            user=user,
        )
    _matches(ids, judged[:SELECTED])
    return project, document, judged[:SELECTED], user


def _matches(ids: list[int], selected: list[int]) -> None:
    """The matcher's suggested links, shaped as its task writes them."""
    stances = [Evidence.Stance.REFUTES, Evidence.Stance.SUPPORTS, Evidence.Stance.CONTEXT]
    stances.append(Evidence.Stance.SUPPORTS)  # one in four a conflict
    pairs: dict[tuple[int, int], None] = {}
    for n, pk in enumerate(ids):
        wanted = MATCHES_SELECTED if pk in selected else MATCHES
        for k in range(wanted):
            pairs[(pk, ids[(n + 7 + 37 * k) % len(ids)])] = None
    links = [
        Evidence(
            claim_id=claim,
            source_span_id=source,
            stance=stances[(claim + k) % len(stances)],
            origin=Evidence.Origin.MATCHER,
            status=Evidence.Status.SUGGESTED,
            score=round(0.3 + 0.6 * ((claim * 31 + source) % 97) / 97, 3),
            reason="about 8,000 vs over 12,000 troops in Kursk: intervals do not overlap",
        )
        for k, (claim, source) in enumerate(pairs)
    ]
    Evidence.objects.bulk_create(links, batch_size=1000)


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[94]


def _series(
    label: str,
    requests: list[Callable[[], HttpResponse]],
    check: Callable[[int, HttpResponse], None],
) -> float:
    """Run the requests (the first WARM_UP untimed), check each, return the p95 in ms."""
    gc.collect()
    times: list[float] = []
    for n, send in enumerate(requests):
        started = time.perf_counter()
        response = send()
        elapsed = time.perf_counter() - started
        check(n, response)
        if n >= WARM_UP:
            times.append(elapsed * 1000)
    p95 = _p95(times)
    print(
        f"  {label:<22} {len(times)} requests: median {statistics.median(times):6.2f} ms, "
        f"p95 {p95:6.2f} ms, max {max(times):6.2f} ms"
    )
    return p95


def _expect(response: HttpResponse, *needles: str) -> str:
    body = response.content.decode()
    if response.status_code != 200 or PANEL not in body:
        raise RuntimeError(f"status {response.status_code}, panel present: {PANEL in body}")
    for needle in needles:
        if needle not in body:
            raise RuntimeError(f"response lacks {needle!r}")
    return body


class _QueryCounter:
    """Counts the SQL statements run inside it (an execute wrapper: DEBUG stays off and
    the request's own reset of the query log does not matter)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable, sql: str, params: object, many: bool, context: dict):
        self.count += 1
        return execute(sql, params, many, context)


def _queries(send: Callable[[], HttpResponse]) -> int:
    counter = _QueryCounter()
    with connection.execute_wrapper(counter):
        send()
    return counter.count


def _pages(client: Client, project: Project, document: Document, selected: list[int]) -> dict:
    url = reverse("document_detail", args=[project.slug, document.pk])

    # The whole page once, checked in full: every span listed and marked in the text.
    body = _expect(client.get(url))
    listed, marked = body.count('<li id="span-'), body.count('<mark class="span ')
    if listed != SPANS or marked < SPANS - NESTED:
        raise RuntimeError(f"the page lists {listed} spans and marks {marked}")
    plain_queries = _queries(lambda: client.get(url))
    selected_queries = _queries(lambda: client.get(url, {"span": selected[0]}))

    def plain_check(n: int, response: HttpResponse) -> None:
        _expect(response, "Select a claim")

    if 'class="conflict-flag"' not in body:
        raise RuntimeError("the page marks no conflict")

    def selected_check(n: int, response: HttpResponse) -> None:
        body = _expect(response, f'id="rationale-{selected[n % len(selected)]}"')
        if body.count('class="match-item ') != MATCHES_SELECTED:
            raise RuntimeError(f"the panel lacks the span's {MATCHES_SELECTED} matches")

    count = WARM_UP + REQUESTS
    plain = _series("page, nothing selected", [lambda: client.get(url)] * count, plain_check)
    chosen = [selected[n % len(selected)] for n in range(count)]
    with_span = _series(
        "page, span selected",
        [lambda pk=pk: client.get(url, {"span": pk}) for pk in chosen],
        selected_check,
    )
    print(
        f"  queries per page: {plain_queries} plain, {selected_queries} with a span "
        f"selected; {len(body) / 1000:,.0f} KB of HTML"
    )
    return {
        "review_page_p95_ms": round(with_span, 2),
        "review_page_plain_p95_ms": round(plain, 2),
        "review_page_queries": selected_queries,
    }


ACTIONS = ("accept", "verdict", "reject")
AUDITED = {"accept": "span.accept", "verdict": "verdict.set", "reject": "span.reject"}


def _actions(client: Client, project: Project, document: Document) -> dict:
    ids = list(
        Span.objects.filter(document=document)
        .order_by("start", "-end")
        .values_list("pk", flat=True)
    )
    # Each successful action bumps the span's version; the next form carries the new one.
    versions = dict(Span.objects.filter(document=document).values_list("pk", "version"))
    scale = project.verdict_scale
    audited = AuditEvent.objects.filter(project_id=project.pk, action__in=AUDITED.values())
    events_before = audited.count()
    status_url = reverse("span_action", args=[project.slug, document.pk, 0, "accept"])
    verdict_url = reverse("span_verdict", args=[project.slug, document.pk, 0])

    def post(name: str, pk: int, n: int) -> HttpResponse:
        data: dict[str, object] = {"version": versions[pk]}
        if name == "verdict":
            url = verdict_url.replace("/s/0/", f"/s/{pk}/")
            data.update(label=scale[n % len(scale)], rationale=f"Checked against source {n}.")
        else:
            url = status_url.replace("/s/0/accept/", f"/s/{pk}/{name}/")
        response = client.post(url, data, headers=HTMX)
        if response.status_code == 200:
            versions[pk] += 1
        return response

    def check(name: str, pk: int, response: HttpResponse) -> None:
        # Fragments only: the panel, and the claim's list entry out of band.
        needles = [f'<li id="span-{pk}"', 'hx-swap-oob="true"']
        if name != "verdict":
            needles.append(f"status-{name}ed")
        body = _expect(response, *needles)
        if "<html" in body:
            raise RuntimeError(f"{name} on span {pk} answered with the whole page")

    count = WARM_UP + REQUESTS
    # Span i is accepted then judged (a rejected span takes no verdict, so accept comes
    # first); another, half the document away, is rejected. Interleaved, as a reviewer
    # works, each type timed apart.
    plan = [
        (name, ids[(n + (SPANS // 2 if name == "reject" else 0)) % SPANS], n)
        for n in range(count)
        for name in ACTIONS
    ]
    # One of each first, counting its SQL statements.
    queries = {
        name: _queries(lambda name=name, pk=pk: post(name, pk, 0)) for name, pk, _ in plan[:3]
    }
    samples: dict[str, list[float]] = {name: [] for name in ACTIONS}
    gc.collect()
    for name, pk, n in plan:
        started = time.perf_counter()
        response = post(name, pk, n)
        elapsed = time.perf_counter() - started
        check(name, pk, response)
        if n >= WARM_UP:
            samples[name].append(elapsed * 1000)
    timings = {}
    for name, times in samples.items():
        timings[name] = _p95(times)
        print(
            f"  {name:<22} {len(times)} requests: median {statistics.median(times):6.2f} ms, "
            f"p95 {timings[name]:6.2f} ms, max {max(times):6.2f} ms"
        )
    print("  queries per action: " + ", ".join(f"{k} {v}" for k, v in queries.items()))

    # Every action must have happened: versions and audit events in the database.
    stored = dict(Span.objects.filter(document=document).values_list("pk", "version"))
    events = audited.count() - events_before
    if stored != versions or events != len(plan) + len(queries):
        raise RuntimeError(
            f"{events} audit events for {len(plan) + len(queries)} actions, or versions differ"
        )
    judged = Verdict.objects.filter(span__document=document).count()
    print(f"  afterwards: {judged} spans judged; {events:,} actions audited")
    return {
        "span_action_p95_ms": round(max(timings.values()), 2),
        "span_accept_p95_ms": round(timings["accept"], 2),
        "span_reject_p95_ms": round(timings["reject"], 2),
        "span_verdict_p95_ms": round(timings["verdict"], 2),
    }


def run() -> dict[str, float]:
    # Pages link static files through the production storage (a manifest of hashed
    # names), which needs collectstatic first: into a folder of the run's own.
    with (
        tempfile.TemporaryDirectory(prefix="factcheck_bench_static_") as static_root,
        override_settings(STATIC_ROOT=static_root),
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        return _run()


def _run() -> dict[str, float]:
    project, document, selected, user = _build()
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    print(
        f"  1 document of {len(document.text) / 1000:,.0f} K characters, {SPANS} spans "
        f"({NESTED} nested); {WARM_UP} requests of warm-up, then {REQUESTS} timed per series"
    )
    _load("before")
    figures = _pages(client, project, document, selected)
    figures.update(_actions(client, project, document))
    _load("after")
    return figures


def _load(when: str) -> None:
    # A busy machine stretches every request; say so next to the figures.
    one, five, _ = os.getloadavg()
    print(f"  load average {when}: {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs")

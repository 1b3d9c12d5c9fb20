"""Hostile text in the real browser: a document, a rationale and an evidence source
carrying markup and javascript: links render inert (no dialog, no request)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from annotations.models import Document, Evidence, Membership, Project, Span, Verdict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    "<script>alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    "<a href=\"javascript:alert('link')\">click me</a>",
]
HOSTILE = "Officials said 12,000 troops crossed. " + " ".join(PAYLOADS) + " The end."


@pytest.fixture
def hostile():
    user = get_user_model().objects.create_user("reviewer", password="pw-for-tests-1")
    project = Project.objects.create(name="Hostile <b>project</b>", slug="hostile")
    Membership.objects.create(user=user, project=project)
    document = Document.objects.create(
        project=project,
        title="<script>alert('title')</script>",
        text=HOSTILE,
        text_sha256="0" * 64,
        source_url="javascript:alert('source')",  # written around the import checks
        status=Document.Status.PREANNOTATED,
    )
    start = HOSTILE.index("<img")
    end = start + len(PAYLOADS[1])
    span = Span.objects.create(
        document=document, start=start, end=end, text=HOSTILE[start:end], kind="quote",
        origin=Span.Origin.MODEL, engine="test/1", score=0.9,
        attrs={"attribution": {"speaker": "<img src=x onerror=alert('speaker')>", "cue": "said"}},
    )  # fmt: skip
    Verdict.objects.create(span=span, label="refuted", rationale=" ".join(PAYLOADS), reviewer=user)
    Evidence.objects.create(
        claim=span,
        url="javascript:alert('evidence')",
        publisher="<img src=x onerror=alert('publisher')>",
        excerpt=PAYLOADS[0],
        stance=Evidence.Stance.CONTEXT,
    )
    return document, span


def test_hostile_text_renders_inert(page, login, hostile, live_server):
    document, span = hostile
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))

    login("reviewer", "pw-for-tests-1")
    page.goto(f"/p/hostile/d/{document.pk}/?span={span.pk}")
    expect(page.locator("#span-panel")).to_have_attribute("data-selected", str(span.pk))
    # Open it again from the list, so the panel also arrives as an htmx fragment.
    with page.expect_response(lambda response: f"/s/{span.pk}/" in response.url):
        page.locator(f"#span-{span.pk} a").click()
    expect(page.locator("#span-panel .claim-text")).to_have_text(PAYLOADS[1])

    # The markup is there as text, not as elements.
    text = page.locator("#doc-text").inner_text()
    for payload in PAYLOADS:
        assert payload in text
    assert page.locator("#doc-text img, #doc-text script, #span-panel img").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("#span-panel textarea[name=rationale]").input_value() == " ".join(PAYLOADS)
    assert page.title().startswith("<script>")

    # The evidence's javascript: address is shown, not linked.
    expect(page.locator("#span-panel .evidence-item")).to_contain_text("<img src=x")
    page.wait_for_timeout(300)
    assert dialogs == []
    assert not [url for url in requests if url.rstrip("/").endswith("/x")]

    # A javascript: source cannot be added through the form either.
    page.locator("#span-panel details.external-source summary").click()
    form = page.locator("#span-panel details.external-source form")
    form.get_by_label("URL").evaluate("el => { el.type = 'text'; }")  # past the browser check
    form.get_by_label("URL").fill("javascript:alert('new')")
    form.get_by_role("button", name="Add source").click()
    expect(page.locator("#span-panel .alert.error")).to_contain_text("http:// or https://")
    assert Evidence.objects.filter(claim=span).count() == 1
    assert dialogs == []

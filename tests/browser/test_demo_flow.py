"""The demo as a person sees it: log in, open the seed project and a document."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_login_then_seed_documents_with_highlighted_spans(page, login, demo):
    page.goto("/")
    assert "/login/" in page.url  # anonymous: sent to log in

    login("demo", "factcheck-demo")
    page.get_by_role("link", name="Demo: North Korean troops in Russia").click()
    rows = page.locator("table.documents tbody tr")
    assert rows.count() == 5

    first = Document.objects.order_by("id").first()
    page.get_by_role("link", name=first.title).click()
    page.wait_for_selector("#doc-text mark.span")
    marks = page.locator("#doc-text mark.span.status-suggested")
    assert marks.count() >= 1
    # The highlighted text is the document's own text at the span's offsets.
    span = first.spans.order_by("start").first()
    rendered = page.locator(f'#doc-text mark[data-span="{span.pk}"]').all_inner_texts()
    assert "".join(rendered) == span.text
    assert page.locator("#doc-text").inner_text().strip() == first.text.strip()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "document.png"), full_page=True)


def test_wrong_password_is_refused(page, login, demo):
    login("demo", "wrong")
    assert "/login/" in page.url
    assert page.get_by_role("alert").is_visible()

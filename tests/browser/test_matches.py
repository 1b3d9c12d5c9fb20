"""The matcher's links in the real browser, on the seeds: "Same claim elsewhere" for
the 8,000-troops claim names the conflicting "over 12,000", `g` accepts the best
match, `G` rejects one, and conflicts are marked in the text and follow decisions."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Evidence, Span

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLAIM = "8,000 North Korean troops are stationed"
FLAG = '.conflict-flag[aria-label="conflicting evidence elsewhere"]'


def best_suggestion(claim: Span) -> Evidence:
    return (
        Evidence.objects.filter(
            claim=claim, origin=Evidence.Origin.MATCHER, status=Evidence.Status.SUGGESTED
        )
        .select_related("source_span")
        .order_by("-score", "id")
        .first()
    )


def marks(page: Page, span: Span):
    return page.locator(f'#doc-text mark[data-span="{span.pk}"]')


def test_same_claim_elsewhere_with_keys_and_conflict_marks(page, login, demo):
    claim = Span.objects.get(document__project=demo, text__contains=CLAIM)
    best = best_suggestion(claim)
    assert best.stance == Evidence.Stance.REFUTES  # the seeds' conflict comes first

    login("demo", "factcheck-demo")
    page.goto(f"/p/{demo.slug}/d/{claim.document_id}/")
    page.wait_for_selector("#doc-text mark.span")

    # The conflict is marked in the text and the list before anything is selected.
    expect(marks(page, claim).last).to_have_class(re.compile(r"\bconflicted\b"))
    expect(marks(page, claim).locator(FLAG)).to_have_count(1)
    expect(page.locator(f"#span-{claim.pk} .badge.conflicted")).to_have_text("≠ conflict")

    page.locator(f"#span-{claim.pk} a").click()
    expect(page.locator("#span-panel")).to_have_attribute("data-selected", str(claim.pk))
    section = page.locator("#span-panel section.matches")
    expect(section.get_by_role("heading", name="Same claim elsewhere")).to_be_visible()
    first = section.locator(".match-item").first
    expect(first.locator(".badge.relation-conflict")).to_have_text("≠ conflict")
    expect(first).to_contain_text("over 12,000")
    expect(first.locator(".match-source")).to_contain_text(best.source_span.document.title[:40])
    expect(first.get_by_role("button", name="Accept match 1 as evidence")).to_have_attribute(
        "aria-keyshortcuts", "g"
    )

    # g accepts the best match: shown accepted, still a conflict, g moves on.
    page.keyboard.press("g")
    accepted = page.locator(f"#match-{best.pk}")
    expect(accepted).to_have_class(re.compile(r"\bstatus-accepted\b"))
    expect(accepted.locator(".badge.status-accepted")).to_have_text("accepted")
    best.refresh_from_db()
    assert best.status == Evidence.Status.ACCEPTED
    expect(page.locator("#span-panel .notice")).to_contain_text("Suggestion accepted.")
    expect(accepted.locator("[data-key]")).to_have_count(0)
    expect(section.locator('[data-key="g"]')).to_have_count(1)
    expect(marks(page, claim).locator(FLAG)).to_have_count(1)
    expect(page.locator("#span-panel h2 .badge.conflicted")).to_be_visible()

    # A match in this document opens in place; G there rejects its best match, a
    # conflict with the same "over 12,000": the mark loses its flag at once.
    here = (
        Evidence.objects.filter(claim=claim, source_span__document=claim.document)
        .exclude(status=Evidence.Status.REJECTED)
        .select_related("source_span")
        .order_by("-score", "id")
        .first()
    )
    other = here.source_span
    url = page.url
    section.locator(f'a[data-span="{other.pk}"]').click()
    expect(page.locator("#span-panel")).to_have_attribute("data-selected", str(other.pk))
    assert page.url.split("?")[0] == url.split("?")[0]  # no navigation
    their_best = best_suggestion(other)
    assert their_best.stance == Evidence.Stance.REFUTES
    assert not Evidence.objects.filter(
        claim=other, stance=Evidence.Stance.REFUTES, status=Evidence.Status.ACCEPTED
    ).exists()
    expect(marks(page, other).locator(FLAG)).to_have_count(1)
    page.keyboard.press("Shift+G")
    expect(page.locator(f"#match-{their_best.pk}")).to_have_count(0)
    expect(page.locator("#span-panel .notice")).to_contain_text("Suggestion rejected.")
    expect(page.locator("#span-panel section.matches")).to_contain_text(
        "1 rejected match not shown"
    )
    their_best.refresh_from_db()
    assert their_best.status == Evidence.Status.REJECTED
    expect(marks(page, other).locator(FLAG)).to_have_count(0)
    expect(marks(page, other).first).not_to_have_class(re.compile(r"\bconflicted\b"))
    expect(page.locator(f"#span-{other.pk} .badge.conflicted")).to_have_count(0)
    # The first claim keeps its marker.
    expect(marks(page, claim).locator(FLAG)).to_have_count(1)

    # The cheat sheet names the keys.
    page.keyboard.press("?")
    expect(page.locator("dialog#shortcuts")).to_contain_text("Accept the best suggested match")
    page.keyboard.press("Escape")

    # After a reload the server draws the same marks.
    page.reload()
    expect(marks(page, claim).locator(FLAG)).to_have_count(1)
    expect(marks(page, other).locator(FLAG)).to_have_count(0)

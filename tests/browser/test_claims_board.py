"""The claims board in the real browser, on the seed articles: the troop figures
with their conflict, the chart, and a claim opened in its document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_board_shows_the_troop_figures_their_conflict_and_opens_a_claim(page, login, demo):
    login("demo", "factcheck-demo")
    page.goto(f"/p/{demo.slug}/")
    page.get_by_role("link", name="Claims board").click()
    expect(page.get_by_role("heading", name="Claims board", level=1)).to_be_visible()

    troops = page.locator("section.cluster").filter(
        has=page.get_by_role("heading", name=re.compile("^North Korean troops"), level=2)
    )
    expect(troops).to_have_count(1)
    table = troops.locator("table.claims-table")
    expect(table.locator("td.cell-figure", has_text="8,000").first).to_be_visible()
    expect(table.locator("td.cell-figure", has_text="12,000").first).to_be_visible()
    conflict = table.locator("tr.in-conflict").first
    expect(conflict.locator(".badge.conflict", has_text="conflict").first).to_be_visible()
    expect(conflict.locator(".conflict-note .reason").first).not_to_be_empty()

    chart = troops.locator('svg.board-chart[role="img"]')
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("aria-label", re.compile("^North Korean troops.*in conflict"))
    assert chart.locator("g.point").count() >= 5
    assert chart.locator("g.point.conflict").count() >= 2

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "claims-board.png"))

    # The claim's text opens its document with that claim selected.
    row = table.locator("tbody tr").first
    span_id = row.get_attribute("data-span")
    row.locator("td.cell-claim a").click()
    expect(page.locator("#span-panel")).to_have_attribute("data-selected", span_id)
    expect(page.locator(f'#doc-text mark[data-span="{span_id}"]').first).to_have_class(
        re.compile(r"\bselected\b")
    )

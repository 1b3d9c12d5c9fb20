"""The review page's text and list, drawn in Python: escaped, and faithful to the
document's text."""

from __future__ import annotations

import html
import re

import pytest

from annotations.highlight import segments
from annotations.review_html import item_html, list_html, text_html
from tests.factories import DocumentFactory, SpanFactory

HOSTILE = 'Said <script>alert(1)</script> & <img src=x onerror="alert(2)"> 12,000 "troops".'


@pytest.mark.django_db
def test_text_is_escaped_and_reads_as_the_document():
    document = DocumentFactory(text=HOSTILE)
    outer = SpanFactory(document=document, start=0, end=len(HOSTILE), kind='q"><b>x')
    inner = SpanFactory(document=document, start=5, end=30, kind="quote")
    drawn = str(text_html(segments(HOSTILE, [outer, inner]), inner.pk))
    assert "<script>" not in drawn and "<img" not in drawn and "<b>" not in drawn
    # Stripped of tags and unescaped, it is the document's text exactly.
    assert html.unescape(re.sub(r"<[^>]+>", "", drawn)) == HOSTILE
    assert drawn.count(f'data-span="{inner.pk}"') == 1
    assert 'class="span kind-quote status-suggested depth-2 selected"' in drawn
    assert "kind-q&quot;&gt;&lt;b&gt;x" in drawn


@pytest.mark.django_db
def test_list_entry_escapes_text_kind_and_verdict():
    span = SpanFactory(document=DocumentFactory(text=HOSTILE), start=0, end=len(HOSTILE))
    span.kind = "<i>kind</i>"
    entry = str(item_html(span, None, oob=True))
    assert "<script>" not in entry and "<i>" not in entry
    assert "&lt;script&gt;" in entry
    assert 'hx-swap-oob="true"' in entry and "selected" not in entry
    assert str(list_html([span], span.pk)).count("span-item status-suggested selected") == 1


FLAG = '<span class="conflict-flag" role="img" aria-label="conflicting evidence elsewhere">'


@pytest.mark.django_db
def test_a_conflicting_claim_is_marked_on_every_part_and_flagged_once_at_its_end():
    text = "Officials said 8,000 troops are in Kursk, the ministry said."
    document = DocumentFactory(text=text)
    outer = SpanFactory(document=document, start=0, end=len(text))
    inner = SpanFactory(document=document, start=15, end=20)  # "8,000", cuts outer in two
    outer.in_conflict = True
    inner.in_conflict = False
    drawn = str(text_html(segments(text, [outer, inner]), None))
    outer_marks = re.findall(rf'<mark [^>]*data-span="{outer.pk}".*?</mark>', drawn)
    assert len(outer_marks) == 2
    assert all("conflicted" in m and "· conflicting evidence elsewhere" in m for m in outer_marks)
    assert drawn.count(FLAG) == 1 and FLAG in outer_marks[-1]
    [inner_mark] = re.findall(rf'<mark [^>]*data-span="{inner.pk}".*?</mark>', drawn)
    assert "conflicted" not in inner_mark and FLAG not in inner_mark
    # The flag holds no text: the drawing still reads as the document, character
    # for character (the page script counts text nodes for mouse selections).
    assert html.unescape(re.sub(r"<[^>]+>", "", drawn)) == text


@pytest.mark.django_db
def test_a_conflict_flag_goes_on_the_last_part_where_the_claim_is_innermost():
    text = "Officials said 8,000 troops are in Kursk."
    document = DocumentFactory(text=text)
    outer = SpanFactory(document=document, start=0, end=len(text))
    inner = SpanFactory(document=document, start=15, end=len(text))  # ends with outer
    outer.in_conflict = True
    drawn = str(text_html(segments(text, [outer, inner]), None))
    [outer_mark] = re.findall(rf'<mark [^>]*data-span="{outer.pk}".*?</mark>', drawn)
    assert FLAG in outer_mark and drawn.count(FLAG) == 1


@pytest.mark.django_db
def test_no_conflict_mark_without_the_annotation_or_on_a_rejected_claim():
    document = DocumentFactory(text=HOSTILE)
    plain = SpanFactory(document=document, start=0, end=4)
    rejected = SpanFactory(document=document, start=5, end=10, status="rejected")
    rejected.in_conflict = True
    drawn = str(text_html(segments(HOSTILE, [plain, rejected]), None))
    assert "conflicted" not in drawn and FLAG not in drawn
    assert 'class="badge conflicted"' not in str(list_html([plain, rejected], None))


@pytest.mark.django_db
def test_list_entry_of_a_conflicting_claim_says_so_in_words():
    span = SpanFactory(document=DocumentFactory(text=HOSTILE), start=0, end=len(HOSTILE))
    span.in_conflict = True
    entry = str(item_html(span, None))
    assert (
        '<span class="badge conflicted" title="conflicting evidence elsewhere">'
        '<span aria-hidden="true">≠</span> conflict</span>'
    ) in entry
    assert "<script>" not in entry

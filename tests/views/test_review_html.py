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

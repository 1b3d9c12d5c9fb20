"""The two long parts of the review page, the highlighted text and the claim list,
written as HTML here rather than in the template.

A document with 1,000 claims has some 2,000 text segments; the template language
took half a second to draw them, this takes a few milliseconds. Every value that
comes from data goes through `escape`, and nothing else is interpolated: ids are
integers, statuses come from the model's choices.

A claim with a standing conflict (see `selectors.in_conflict`) is marked in both: its
marks get the class `conflicted` and its last mark a flag, an element with no text of
its own (the "≠" is drawn by CSS), so the text keeps reading as the document and the
page script's character offsets for mouse selections stay right.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from annotations.highlight import Segment
from annotations.models import Span

EXCERPT = 220
CONFLICT_NOTE = "conflicting evidence elsewhere"
# Kept in step with review.js, which adds and removes the flag after a change.
CONFLICT_FLAG = f'<span class="conflict-flag" role="img" aria-label="{CONFLICT_NOTE}"></span>'


def shows_conflict(span: Span) -> bool:
    """Whether the claim is drawn as conflicting: it has a standing refuting link
    (the `in_conflict` annotation) and is not rejected (then it is no claim)."""
    return bool(getattr(span, "in_conflict", False)) and span.status != Span.Status.REJECTED


def text_html(segments: Iterable[Segment], selected_id: int | None) -> SafeString:
    """The document text with each run covered by claims in a <mark> for its
    innermost claim, linking to that claim (the page script turns clicks into
    panel loads; without it the link reloads the page with the claim selected).
    A conflicting claim's last mark carries the conflict flag."""
    segments = list(segments)
    last: dict[int, int] = {}
    for n, segment in enumerate(segments):
        if segment.spans:
            last[segment.spans[-1].pk] = n
    out: list[str] = []
    for n, segment in enumerate(segments):
        text = escape(segment.text, quote=False)
        span = segment.innermost
        if span is None:
            out.append(text)
            continue
        selected = " selected" if span.pk == selected_id else ""
        kind = escape(span.kind)
        conflict, note, flag = "", "", ""
        if shows_conflict(span):
            conflict, note = " conflicted", f" · {CONFLICT_NOTE}"
            flag = CONFLICT_FLAG if last[span.pk] == n else ""
        out.append(
            f'<mark class="span kind-{kind} status-{span.status} depth-{segment.depth}'
            f'{selected}{conflict}" data-span="{span.pk}" title="{kind} · {span.status}{note}">'
            f'<a href="?span={span.pk}#span-{span.pk}" tabindex="-1" draggable="false">'
            f"{text}{flag}</a></mark>"
        )
    return mark_safe("".join(out))  # noqa: S308 (every piece escaped above)


def item_html(span: Span, selected_id: int | None, *, oob: bool = False) -> SafeString:
    """One entry of the claim list."""
    selected = " selected" if span.pk == selected_id else ""
    kind = escape(span.kind)
    excerpt = span.text if len(span.text) <= EXCERPT else span.text[: EXCERPT - 1] + "…"
    score = (
        f'<span class="score" title="check-worthiness">{span.score:.2f}</span>'
        if span.score is not None
        else ""
    )
    verdict = getattr(span, "verdict", None)
    verdict_html = (
        f'<span class="verdict">Verdict: <strong>{escape(verdict.label)}</strong></span>'
        if verdict is not None
        else ""
    )
    conflict = (
        f'<span class="badge conflicted" title="{CONFLICT_NOTE}">'
        '<span aria-hidden="true">≠</span> conflict</span> '
        if shows_conflict(span)
        else ""
    )
    swap = ' hx-swap-oob="true"' if oob else ""
    return mark_safe(  # noqa: S308 (every value escaped above)
        f'<li id="span-{span.pk}" class="span-item status-{span.status}{selected}" '
        f'data-span="{span.pk}"{swap}><a href="?span={span.pk}#span-{span.pk}">'
        f'<span class="badge kind-{kind}">{kind}</span> '
        f'<span class="badge status-{span.status}">{span.status}</span> {conflict}{score}'
        f'<span class="excerpt">{escape(excerpt, quote=False)}</span>{verdict_html}</a></li>'
    )


def list_html(spans: Iterable[Span], selected_id: int | None) -> SafeString:
    return mark_safe("".join(item_html(s, selected_id) for s in spans))  # noqa: S308

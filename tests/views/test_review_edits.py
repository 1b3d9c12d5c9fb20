"""Editing on the review page: kind, boundaries, delete, new spans from a selection,
undo, marking a document reviewed; what each answers with and without htmx, the
audit trail, query counts that do not grow with the document, and access rules
(CSRF, other projects) for every endpoint."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import AuditEvent, Document, Evidence, Span, Verdict
from annotations.services.spans import span_accept, span_reject, span_update
from annotations.services.verdicts import verdict_set
from tests.factories import DocumentFactory, MembershipFactory, SpanFactory
from tests.helpers import span_state

HX = {"HTTP_HX_REQUEST": "true"}
FIRST_SENTENCE = (
    "Ukraine's military intelligence said nearly 12,000 North Korean soldiers were sent to Russia."
)
XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


# -- URLs -------------------------------------------------------------------------------


def doc_url(document: Document) -> str:
    return reverse("document_detail", args=[document.project.slug, document.pk])


def action_url(span: Span, action: str) -> str:
    doc = span.document
    if action == "verdict":
        return reverse("span_verdict", args=[doc.project.slug, doc.pk, span.pk])
    return reverse("span_action", args=[doc.project.slug, doc.pk, span.pk, action])


def panel_url(span: Span) -> str:
    doc = span.document
    return reverse("span_panel", args=[doc.project.slug, doc.pk, span.pk])


def new_url(document: Document) -> str:
    return reverse("span_new", args=[document.project.slug, document.pk])


def undo_url(document: Document) -> str:
    return reverse("review_undo", args=[document.project.slug, document.pk])


def reviewed_url(document: Document) -> str:
    return reverse("document_reviewed", args=[document.project.slug, document.pk])


def next_url(document: Document) -> str:
    return reverse("review_next", args=[document.project.slug]) + f"?after={document.pk}"


def fresh(span: Span) -> Span:
    return Span.objects.get(pk=span.pk)


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def list_entry_is_oob(html: str, span_id: int) -> bool:
    """The claim's list entry comes along as an out-of-band swap."""
    return re.search(rf'<li id="span-{span_id}"[^>]*hx-swap-oob="true"', html) is not None


def assert_redrawn(html: str) -> None:
    """A boundary change or delete re-sends the panel, the text and the list."""
    assert html.strip().startswith('<section id="span-panel"')
    assert "<html" not in html
    assert 'id="doc-text" hx-swap-oob="true"' in html
    assert '<div id="span-list" hx-swap-oob="true">' in html


def human_span(document: Document, start: int, end: int, **fields: Any) -> Span:
    defaults = {
        "origin": Span.Origin.HUMAN,
        "engine": "",
        "status": Span.Status.ACCEPTED,
        "score": None,
        "model_start": None,
        "model_end": None,
        "kind": "statistic",
    }
    defaults.update(fields)
    return SpanFactory(
        document=document, start=start, end=end, text=document.text[start:end], **defaults
    )


@pytest.fixture
def accepted_span(suggested_span, user):
    """The first sentence, accepted by someone else: version 2."""
    return span_accept(span=suggested_span, expected_version=1, user=user)


# -- Kind -------------------------------------------------------------------------------


class TestKind:
    def test_htmx_changes_kind_and_answers_with_panel_and_list_entry(
        self, member_client, suggested_span, member
    ):
        response = member_client.post(
            action_url(suggested_span, "kind"), {"version": 1, "kind": "quote"}, **HX
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert html.strip().startswith('<section id="span-panel"')
        assert list_entry_is_oob(html, suggested_span.pk)
        assert 'id="doc-text"' not in html
        assert json.loads(response["HX-Trigger"]) == {
            "span-changed": {
                "id": suggested_span.pk,
                "status": "suggested",
                "kind": "quote",
                "conflict": False,
            }
        }
        span = fresh(suggested_span)
        assert (span.kind, span.version, span.updated_by) == ("quote", 2, member)
        event = AuditEvent.objects.get()
        assert event.action == "span.update"
        assert (event.before["kind"], event.after["kind"]) == ("statistic", "quote")
        assert event.actor == member and event.request_id

    def test_plain_post_redirects_to_the_span(self, member_client, suggested_span):
        response = member_client.post(
            action_url(suggested_span, "kind"), {"version": 1, "kind": "quote"}
        )
        assert response.status_code == 302
        assert response.url == (
            f"{doc_url(suggested_span.document)}?span={suggested_span.pk}#span-{suggested_span.pk}"
        )

    @pytest.mark.parametrize("kind", ["opinion", "", *XSS])
    def test_kind_not_of_the_project_is_400_escaped_and_writes_nothing(
        self, member_client, suggested_span, kind
    ):
        before = span_state(suggested_span)
        response = member_client.post(
            action_url(suggested_span, "kind"), {"version": 1, "kind": kind}, **HX
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert "is not one of this project&#x27;s kinds" in html
        assert "<script>alert" not in html and "<img src=x" not in html
        assert span_state(suggested_span) == before
        assert not AuditEvent.objects.exists()

    def test_same_kind_is_400_nothing_to_change(self, member_client, suggested_span):
        response = member_client.post(
            action_url(suggested_span, "kind"), {"version": 1, "kind": "statistic"}, **HX
        )
        assert response.status_code == 400
        assert "nothing to change" in response.content.decode()
        assert fresh(suggested_span).version == 1

    def test_stale_kind_change_is_409_with_a_reapply_form_carrying_the_kind(
        self, member_client, suggested_span, user
    ):
        span_reject(span=suggested_span, expected_version=1, user=user)
        response = member_client.post(
            action_url(suggested_span, "kind"), {"version": 1, "kind": "quote"}, **HX
        )
        html = response.content.decode()
        assert response.status_code == 409
        assert "Someone else changed this claim first" in html
        assert f"changed by {user.username}" in html
        form = html[html.index('<div class="alert conflict"') :]
        form = form[: form.index("</form>")]
        assert f'action="{action_url(suggested_span, "kind")}"' in form
        assert 'name="version" value="2"' in form
        assert 'name="kind" value="quote"' in form
        assert 'name="action"' not in form
        assert fresh(suggested_span).kind == "statistic"
        # Re-applying the form as sent works.
        response = member_client.post(
            action_url(suggested_span, "kind"), {"version": 2, "kind": "quote"}, **HX
        )
        assert response.status_code == 200
        span = fresh(suggested_span)
        assert (span.kind, span.status, span.version) == ("quote", "rejected", 3)

    def test_stale_kind_without_htmx_is_a_409_page_with_the_reapply_form(
        self, member_client, suggested_span, user
    ):
        span_reject(span=suggested_span, expected_version=1, user=user)
        response = member_client.post(
            action_url(suggested_span, "kind"), {"version": 1, "kind": "quote"}
        )
        html = response.content.decode()
        assert response.status_code == 409
        assert "<html" in html
        assert 'name="kind" value="quote"' in html

    @pytest.mark.parametrize("evil", XSS)
    def test_stale_kind_attempt_is_escaped_in_the_reapply_form(
        self, member_client, suggested_span, user, evil
    ):
        span_reject(span=suggested_span, expected_version=1, user=user)
        response = member_client.post(
            action_url(suggested_span, "kind"), {"version": 1, "kind": evil}, **HX
        )
        html = response.content.decode()
        assert response.status_code == 409
        assert evil not in html
        assert "&lt;" in html


# -- Boundaries -------------------------------------------------------------------------


class TestBoundaries:
    @pytest.mark.parametrize(
        "action,expected",
        [
            ("narrow-start", FIRST_SENTENCE.removeprefix("Ukraine's ")),
            ("narrow-end", FIRST_SENTENCE.removesuffix(" Russia.")),
            ("widen-end", FIRST_SENTENCE + " The"),
        ],
    )
    def test_htmx_move_redraws_text_list_and_panel(
        self, member_client, suggested_span, action, expected
    ):
        response = member_client.post(action_url(suggested_span, action), {"version": 1}, **HX)
        html = response.content.decode()
        assert response.status_code == 200
        assert_redrawn(html)
        assert "HX-Trigger" not in response
        span = fresh(suggested_span)
        assert span.text == expected
        assert span.document.text[span.start : span.end] == expected
        assert (span.model_start, span.model_end) == (0, len(FIRST_SENTENCE))  # kept
        assert span.version == 2
        event = AuditEvent.objects.get()
        assert event.action == "span.update"
        assert event.before["text"] == FIRST_SENTENCE and event.after["text"] == expected
        # The redrawn list and panel show the new text.
        assert "version 2" in html

    def test_widen_start_moves_back_one_word(self, member_client, suggested_span, user):
        start = len("Ukraine's military ")
        span_update(span=suggested_span, expected_version=1, start=start, user=user)
        response = member_client.post(
            action_url(suggested_span, "widen-start"), {"version": 2}, **HX
        )
        assert response.status_code == 200
        assert fresh(suggested_span).text == FIRST_SENTENCE.removeprefix("Ukraine's ")

    def test_words_with_inner_punctuation_move_as_one(self, member_client, suggested_span, user):
        # "12,000" is one word: narrowing the start from it skips it whole.
        start = FIRST_SENTENCE.index("12,000")
        span_update(span=suggested_span, expected_version=1, start=start, user=user)
        member_client.post(action_url(suggested_span, "narrow-start"), {"version": 2}, **HX)
        assert fresh(suggested_span).text.startswith("North Korean")

    def test_plain_post_redirects_to_the_span(self, member_client, suggested_span):
        response = member_client.post(action_url(suggested_span, "narrow-end"), {"version": 1})
        assert response.status_code == 302
        assert response.url.endswith(f"?span={suggested_span.pk}#span-{suggested_span.pk}")

    def test_widen_start_at_the_beginning_is_400(self, member_client, suggested_span):
        response = member_client.post(
            action_url(suggested_span, "widen-start"), {"version": 1}, **HX
        )
        assert response.status_code == 400
        assert "already starts at the beginning" in response.content.decode()
        assert fresh(suggested_span).version == 1
        assert not AuditEvent.objects.exists()

    def test_widen_end_at_the_end_is_400(self, member_client, project):
        document = DocumentFactory(project=project, text="Troops left. Nine thousand")
        span = SpanFactory(document=document, start=13, end=26, text="Nine thousand")
        response = member_client.post(action_url(span, "widen-end"), {"version": 1}, **HX)
        assert response.status_code == 400
        assert "already ends at the end" in response.content.decode()

    @pytest.mark.parametrize("action", ["narrow-start", "narrow-end"])
    def test_one_word_span_cannot_be_narrowed(self, member_client, document, action):
        span = SpanFactory(document=document, start=0, end=9)  # "Ukraine's"
        response = member_client.post(action_url(span, action), {"version": 1}, **HX)
        assert response.status_code == 400
        assert "one word long" in response.content.decode()
        assert fresh(span).version == 1

    def test_bounds_sets_exact_offsets(self, member_client, suggested_span):
        start, end = FIRST_SENTENCE.index("nearly"), FIRST_SENTENCE.index(" North")
        response = member_client.post(
            action_url(suggested_span, "bounds"),
            {"version": 1, "start": start, "end": end},
            **HX,
        )
        assert response.status_code == 200
        assert_redrawn(response.content.decode())
        span = fresh(suggested_span)
        assert (span.start, span.end, span.text) == (start, end, "nearly 12,000")

    @pytest.mark.parametrize(
        "start,end,message",
        [
            ("x", "10", "start must be a whole number"),
            ("0", "", "end must be a whole number"),
            ("-1", "10", "negative"),
            ("10", "5", "must be greater than start"),
            ("0", "100000", "past the end of the document"),
            ("9", "10", "covers only white space"),
            ("0", str(len(FIRST_SENTENCE)), "nothing to change"),
        ],
    )
    def test_bad_bounds_are_400_and_write_nothing(
        self, member_client, suggested_span, start, end, message
    ):
        before = span_state(suggested_span)
        response = member_client.post(
            action_url(suggested_span, "bounds"),
            {"version": 1, "start": start, "end": end},
            **HX,
        )
        assert response.status_code == 400
        assert message in response.content.decode()
        assert span_state(suggested_span) == before
        assert not AuditEvent.objects.exists()

    def test_stale_bounds_is_409_with_the_offsets_to_reapply(
        self, member_client, suggested_span, user
    ):
        span_reject(span=suggested_span, expected_version=1, user=user)
        response = member_client.post(
            action_url(suggested_span, "bounds"), {"version": 1, "start": 10, "end": 31}, **HX
        )
        html = response.content.decode()
        assert response.status_code == 409
        assert "Someone else changed this claim first" in html
        for field in (
            'name="version" value="2"',
            'name="start" value="10"',
            'name="end" value="31"',
        ):
            assert field in html
        assert fresh(suggested_span).start == 0

    @pytest.mark.parametrize("action", ["widen-end", "narrow-start"])
    def test_stale_move_is_409(self, member_client, suggested_span, user, action):
        span_reject(span=suggested_span, expected_version=1, user=user)
        response = member_client.post(action_url(suggested_span, action), {"version": 1}, **HX)
        assert response.status_code == 409
        assert "Someone else changed this claim first" in response.content.decode()
        span = fresh(suggested_span)
        assert (span.text, span.version) == (FIRST_SENTENCE, 2)


# -- Delete -----------------------------------------------------------------------------


class TestDelete:
    def test_htmx_delete_of_a_human_span_redraws_everything(self, member_client, document):
        span = human_span(document, 0, 9)
        response = member_client.post(action_url(span, "delete"), {"version": 1}, **HX)
        html = response.content.decode()
        assert response.status_code == 200
        assert_redrawn(html)
        assert "Deleted." in html
        assert f'data-span="{span.pk}"' not in html
        assert "HX-Trigger" not in response
        assert not Span.objects.filter(pk=span.pk).exists()
        event = AuditEvent.objects.get()
        assert (event.action, event.object_id) == ("span.delete", str(span.pk))
        assert event.before["text"] == "Ukraine's"

    def test_plain_delete_redirects_to_the_page_without_a_span(self, member_client, document):
        span = human_span(document, 0, 9)
        response = member_client.post(action_url(span, "delete"), {"version": 1})
        assert response.status_code == 302
        assert response.url == doc_url(document)

    def test_machine_span_cannot_be_deleted(self, member_client, suggested_span):
        response = member_client.post(action_url(suggested_span, "delete"), {"version": 1}, **HX)
        assert response.status_code == 400
        assert "only spans a person created can be deleted" in response.content.decode()
        assert Span.objects.filter(pk=suggested_span.pk).exists()
        assert not AuditEvent.objects.exists()

    def test_span_with_a_verdict_cannot_be_deleted(self, member_client, document, user):
        span = human_span(document, 0, 9)
        verdict_set(span=span, expected_version=1, label="mixed", user=user)
        response = member_client.post(action_url(span, "delete"), {"version": 2}, **HX)
        assert response.status_code == 400
        assert "remove the verdict first" in response.content.decode()
        assert Span.objects.filter(pk=span.pk).exists()

    def test_stale_delete_is_409_and_keeps_the_span(self, member_client, document, user):
        span = human_span(document, 0, 9)
        span_reject(span=span, expected_version=1, user=user)
        response = member_client.post(action_url(span, "delete"), {"version": 1}, **HX)
        assert response.status_code == 409
        assert Span.objects.filter(pk=span.pk).exists()


# -- New spans --------------------------------------------------------------------------


class TestNewSpan:
    @pytest.fixture
    def ministry(self, project):
        return DocumentFactory(project=project, text="The ministry said 9,000 troops left.")

    def test_selection_snaps_to_whole_words(self, member_client, ministry, member):
        start = ministry.text.index("inistry")
        end = ministry.text.index("said") + 2  # "inistry sa"
        response = member_client.post(
            new_url(ministry), {"start": start, "end": end, "kind": "attribution"}, **HX
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert_redrawn(html)
        span = Span.objects.get(document=ministry)
        assert (span.text, span.start, span.end) == ("ministry said", 4, 17)
        assert (span.origin, span.status, span.kind) == ("human", "accepted", "attribution")
        assert span.created_by == span.updated_by == member
        assert span.version == 1
        assert f'data-selected="{span.pk}"' in html
        event = AuditEvent.objects.get()
        assert (event.action, event.object_id) == ("span.create", str(span.pk))
        assert event.after["text"] == "ministry said"

    def test_outer_white_space_is_dropped(self, member_client, ministry):
        start = ministry.text.index(" said")
        response = member_client.post(
            new_url(ministry), {"start": start, "end": start + 6, "kind": "quote"}, **HX
        )  # " said "
        assert response.status_code == 200
        assert Span.objects.get(document=ministry).text == "said"

    def test_plain_post_redirects_to_the_new_span(self, member_client, ministry):
        response = member_client.post(new_url(ministry), {"start": 0, "end": 3, "kind": "quote"})
        span = Span.objects.get(document=ministry)
        assert response.status_code == 302
        assert response.url == f"{doc_url(ministry)}?span={span.pk}#span-{span.pk}"

    @pytest.mark.parametrize(
        "data,message",
        [
            ({"start": 0, "end": 500, "kind": "quote"}, "outside the document"),
            ({"start": -3, "end": 5, "kind": "quote"}, "outside the document"),
            ({"start": 5, "end": 5, "kind": "quote"}, "outside the document"),
            ({"start": 3, "end": 4, "kind": "quote"}, "holds no words"),  # the space
            ({"start": 0, "end": 3, "kind": "opinion"}, "is not one of this project"),
            ({"start": 0, "end": 3, "kind": XSS[0]}, "is not one of this project"),
            ({"start": "abc", "end": 3, "kind": "quote"}, "start must be a whole number"),
            ({"start": 0, "end": "", "kind": "quote"}, "end must be a whole number"),
            ({"end": 3, "kind": "quote"}, "start must be a whole number"),
        ],
    )
    def test_bad_selection_is_400_with_a_message_and_creates_nothing(
        self, member_client, ministry, data, message
    ):
        response = member_client.post(new_url(ministry), data, **HX)
        html = response.content.decode()
        assert response.status_code == 400
        assert message in html
        assert "<script>alert" not in html
        assert not Span.objects.filter(document=ministry).exists()
        assert not AuditEvent.objects.exists()

    def test_bad_selection_without_htmx_is_a_400_page(self, member_client, ministry):
        response = member_client.post(new_url(ministry), {"start": 3, "end": 4, "kind": "quote"})
        assert response.status_code == 400
        assert "<html" in response.content.decode()
        assert "holds no words" in response.content.decode()

    def test_the_same_human_span_twice_is_400(self, member_client, ministry):
        data = {"start": 4, "end": 17, "kind": "quote"}
        assert member_client.post(new_url(ministry), data, **HX).status_code == 200
        response = member_client.post(new_url(ministry), data, **HX)
        assert response.status_code == 400
        assert "already exists" in response.content.decode()
        assert Span.objects.filter(document=ministry).count() == 1

    def test_selection_of_punctuation_only_is_refused(self, member_client, project):
        document = DocumentFactory(project=project, text="Troops left — nine thousand.")
        dash = document.text.index("—")
        response = member_client.post(
            new_url(document), {"start": dash, "end": dash + 1, "kind": "quote"}, **HX
        )
        assert response.status_code == 400
        assert "holds no words" in response.content.decode()
        assert not Span.objects.filter(document=document).exists()


# -- Verdicts (escaping in the fragments) ----------------------------------------------


class TestVerdictFragments:
    def test_verdict_answers_with_panel_list_entry_and_trigger(self, member_client, accepted_span):
        response = member_client.post(
            action_url(accepted_span, "verdict"),
            {"version": 2, "label": "supported", "rationale": "two sources"},
            **HX,
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert list_entry_is_oob(html, accepted_span.pk)
        assert "Verdict: <strong>supported</strong>" in html
        assert json.loads(response["HX-Trigger"]) == {
            "span-changed": {
                "id": accepted_span.pk,
                "status": "accepted",
                "kind": "statistic",
                "conflict": False,
            }
        }
        assert actions() == ["span.accept", "verdict.set"]

    @pytest.mark.parametrize("evil", XSS)
    def test_rationale_is_escaped_in_the_panel(self, member_client, accepted_span, evil):
        response = member_client.post(
            action_url(accepted_span, "verdict"),
            {"version": 2, "label": "mixed", "rationale": evil},
            **HX,
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert Verdict.objects.get().rationale == evil
        assert evil not in html
        assert evil.replace("<", "&lt;").replace(">", "&gt;") in html
        # And on the whole page.
        page = member_client.get(f"{doc_url(accepted_span.document)}?span={accepted_span.pk}")
        assert evil not in page.content.decode()

    @pytest.mark.parametrize("evil", XSS)
    def test_rationale_is_escaped_in_the_conflict_reapply_form(
        self, member_client, suggested_span, user, evil
    ):
        span_accept(span=suggested_span, expected_version=1, user=user)
        response = member_client.post(
            action_url(suggested_span, "verdict"),
            {"version": 1, "label": "mixed", "rationale": evil},
            **HX,
        )
        html = response.content.decode()
        assert response.status_code == 409
        assert evil not in html
        assert 'name="rationale" value="&lt;' in html

    @pytest.mark.parametrize("action", ["accept", "narrow-end", "verdict"])
    def test_hostile_document_text_is_escaped_in_every_fragment(
        self, member_client, project, action
    ):
        text = f"Officials said {XSS[0]} and {XSS[1]} on Monday."
        document = DocumentFactory(project=project, title=XSS[1], text=text)
        span = SpanFactory(document=document, start=0, end=len(text), text=text)
        data = {"version": 1, "label": "mixed"} if action == "verdict" else {"version": 1}
        response = member_client.post(action_url(span, action), data, **HX)
        html = response.content.decode()
        assert response.status_code in (200, 400)  # a verdict needs an accepted span
        for evil in XSS:
            assert evil not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        page = member_client.get(f"{doc_url(document)}?span={span.pk}").content.decode()
        for evil in XSS:
            assert evil not in page

    def test_verdict_on_a_rejected_span_is_400(self, member_client, suggested_span, user):
        span_reject(span=suggested_span, expected_version=1, user=user)
        response = member_client.post(
            action_url(suggested_span, "verdict"), {"version": 2, "label": "mixed"}, **HX
        )
        assert response.status_code == 400
        assert "accept it before giving a verdict" in response.content.decode()
        assert not Verdict.objects.exists()


# -- Undo -------------------------------------------------------------------------------


def undo(client: Client, document: Document, **extra: str):
    return client.post(undo_url(document), {}, **extra)


class TestUndo:
    @pytest.mark.parametrize("action", ["accept", "reject"])
    def test_status_change_goes_back(self, member_client, suggested_span, action):
        member_client.post(action_url(suggested_span, action), {"version": 1}, **HX)
        response = undo(member_client, suggested_span.document, **HX)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Undone." in html
        assert_redrawn(html)
        assert f'data-selected="{suggested_span.pk}"' in html
        span = fresh(suggested_span)
        assert (span.status, span.version) == ("suggested", 3)
        assert actions() == [f"span.{action}", "span.revert"]
        revert = AuditEvent.objects.get(action="span.revert")
        assert (revert.before["status"], revert.after["status"]) == (action + "ed", "suggested")

    def test_kind_change_goes_back(self, member_client, suggested_span):
        member_client.post(
            action_url(suggested_span, "kind"), {"version": 1, "kind": "quote"}, **HX
        )
        assert undo(member_client, suggested_span.document, **HX).status_code == 200
        span = fresh(suggested_span)
        assert (span.kind, span.version) == ("statistic", 3)

    @pytest.mark.parametrize("action", ["narrow-start", "widen-end", "bounds"])
    def test_boundary_change_goes_back(self, member_client, suggested_span, action):
        data = {"version": 1, "start": 10, "end": 31}
        assert member_client.post(action_url(suggested_span, action), data, **HX).status_code == 200
        assert fresh(suggested_span).text != FIRST_SENTENCE
        assert undo(member_client, suggested_span.document, **HX).status_code == 200
        span = fresh(suggested_span)
        assert (span.start, span.end, span.text) == (0, len(FIRST_SENTENCE), FIRST_SENTENCE)
        assert actions()[-1] == "span.revert"

    def test_first_verdict_goes_back_to_none(self, member_client, accepted_span):
        member_client.post(
            action_url(accepted_span, "verdict"), {"version": 2, "label": "refuted"}, **HX
        )
        assert Verdict.objects.filter(span=accepted_span).exists()
        response = undo(member_client, accepted_span.document, **HX)
        assert response.status_code == 200
        assert not Verdict.objects.filter(span=accepted_span).exists()
        assert fresh(accepted_span).version == 4
        assert actions()[-2:] == ["verdict.set", "verdict.revert"]

    def test_replaced_verdict_goes_back_to_the_previous_one(
        self, member_client, accepted_span, user
    ):
        verdict_set(
            span=accepted_span, expected_version=2, label="mixed", rationale="old", user=user
        )
        member_client.post(
            action_url(accepted_span, "verdict"),
            {"version": 3, "label": "refuted", "rationale": "new"},
            **HX,
        )
        assert undo(member_client, accepted_span.document, **HX).status_code == 200
        verdict = Verdict.objects.get(span=accepted_span)
        assert (verdict.label, verdict.rationale) == ("mixed", "old")

    def test_create_is_undone_by_deleting_the_span(self, member_client, document):
        member_client.post(new_url(document), {"start": 0, "end": 9, "kind": "quote"}, **HX)
        span = Span.objects.get(document=document)
        response = undo(member_client, document, **HX)
        html = response.content.decode()
        assert response.status_code == 200
        assert_redrawn(html)
        assert not Span.objects.filter(pk=span.pk).exists()
        assert actions() == ["span.create", "span.delete"]

    def test_delete_is_undone_by_recreating_the_span(self, member_client, document):
        span = human_span(document, 0, 9, kind="quote")
        member_client.post(action_url(span, "delete"), {"version": 1}, **HX)
        response = undo(member_client, document, **HX)
        assert response.status_code == 200
        again = Span.objects.get(document=document)
        assert (again.start, again.end, again.text, again.kind) == (0, 9, "Ukraine's", "quote")
        assert again.origin == "human"
        assert f'data-selected="{again.pk}"' in response.content.decode()
        assert actions() == ["span.delete", "span.create"]

    def test_delete_of_a_rejected_span_is_undone_as_rejected(self, member_client, document):
        """Undo puts the span back as it was before the delete, status included."""
        span = human_span(document, 0, 9, status=Span.Status.REJECTED)
        member_client.post(action_url(span, "delete"), {"version": 1}, **HX)
        assert undo(member_client, document, **HX).status_code == 200
        again = Span.objects.get(document=document)
        assert again.status == Span.Status.REJECTED

    def test_undo_goes_back_one_action_at_a_time(self, member_client, suggested_span):
        member_client.post(action_url(suggested_span, "accept"), {"version": 1}, **HX)
        member_client.post(
            action_url(suggested_span, "kind"), {"version": 2, "kind": "quote"}, **HX
        )
        undo(member_client, suggested_span.document, **HX)
        span = fresh(suggested_span)
        assert (span.kind, span.status) == ("statistic", "accepted")
        undo(member_client, suggested_span.document, **HX)
        span = fresh(suggested_span)
        assert (span.kind, span.status) == ("statistic", "suggested")
        response = undo(member_client, suggested_span.document, **HX)
        assert response.status_code == 400

    def test_undo_of_a_verdict_then_of_the_accept_before_it(self, member_client, suggested_span):
        member_client.post(action_url(suggested_span, "accept"), {"version": 1}, **HX)
        member_client.post(
            action_url(suggested_span, "verdict"), {"version": 2, "label": "mixed"}, **HX
        )
        assert undo(member_client, suggested_span.document, **HX).status_code == 200
        assert not Verdict.objects.exists()
        assert undo(member_client, suggested_span.document, **HX).status_code == 200
        assert fresh(suggested_span).status == "suggested"

    def test_undo_of_a_delete_then_of_the_change_before_it(self, member_client, document):
        span = human_span(document, 0, 9)
        member_client.post(action_url(span, "kind"), {"version": 1, "kind": "quote"}, **HX)
        member_client.post(action_url(span, "delete"), {"version": 2}, **HX)
        assert undo(member_client, document, **HX).status_code == 200  # back, as a quote
        response = undo(member_client, document, **HX)
        assert response.status_code == 200, response.content.decode()
        assert Span.objects.get(document=document).kind == "statistic"

    def test_someone_elses_change_since_is_409_and_nothing_changes(
        self, member_client, suggested_span, user
    ):
        member_client.post(action_url(suggested_span, "accept"), {"version": 1}, **HX)
        span_update(span=suggested_span, expected_version=2, kind="quote", user=user)
        before = span_state(suggested_span)
        response = undo(member_client, suggested_span.document, **HX)
        html = response.content.decode()
        assert response.status_code == 409
        assert "someone changed this claim since" in html
        assert "not undone" in html
        assert span_state(suggested_span) == before
        assert "span.revert" not in actions()

    def test_someone_elses_change_since_without_htmx_is_a_409_page(
        self, member_client, suggested_span, user
    ):
        member_client.post(action_url(suggested_span, "accept"), {"version": 1})
        span_reject(span=suggested_span, expected_version=2, user=user)
        response = undo(member_client, suggested_span.document)
        assert response.status_code == 409
        assert "<html" in response.content.decode()
        assert fresh(suggested_span).status == "rejected"

    def test_undo_of_a_create_after_someone_deleted_it_is_409(self, member_client, document, user):
        from annotations.services.spans import span_delete

        member_client.post(new_url(document), {"start": 0, "end": 9, "kind": "quote"}, **HX)
        span = Span.objects.get(document=document)
        span_delete(span=span, expected_version=1, user=user)
        response = undo(member_client, document, **HX)
        assert response.status_code == 409
        assert "deleted since" in response.content.decode()

    @pytest.mark.parametrize("htmx", [True, False])
    def test_nothing_to_undo_is_400(self, member_client, document, htmx):
        response = undo(member_client, document, **(HX if htmx else {}))
        assert response.status_code == 400
        assert "nothing to undo here" in response.content.decode()

    def test_plain_undo_redirects_to_the_span(self, member_client, suggested_span):
        member_client.post(action_url(suggested_span, "accept"), {"version": 1})
        response = undo(member_client, suggested_span.document)
        assert response.status_code == 302
        assert response.url.endswith(f"?span={suggested_span.pk}#span-{suggested_span.pk}")
        assert fresh(suggested_span).status == "suggested"

    def test_undo_is_per_document(self, member_client, project, suggested_span):
        other = DocumentFactory(project=project)
        member_client.post(action_url(suggested_span, "accept"), {"version": 1}, **HX)
        response = undo(member_client, other, **HX)
        assert response.status_code == 400
        assert fresh(suggested_span).status == "accepted"
        # Undo on another document did not use up the entry.
        assert undo(member_client, suggested_span.document, **HX).status_code == 200
        assert fresh(suggested_span).status == "suggested"

    def test_undo_on_this_document_skips_actions_on_others(
        self, member_client, project, suggested_span
    ):
        other_span = SpanFactory(document=DocumentFactory(project=project))
        member_client.post(action_url(suggested_span, "accept"), {"version": 1}, **HX)
        member_client.post(action_url(other_span, "reject"), {"version": 1}, **HX)
        assert undo(member_client, suggested_span.document, **HX).status_code == 200
        assert fresh(suggested_span).status == "suggested"
        assert fresh(other_span).status == "rejected"

    def test_another_users_client_cannot_undo_my_action(
        self, member_client, project, suggested_span
    ):
        colleague = Client()
        colleague.force_login(MembershipFactory(project=project).user)
        member_client.post(action_url(suggested_span, "accept"), {"version": 1}, **HX)
        response = undo(colleague, suggested_span.document, **HX)
        assert response.status_code == 400
        assert "nothing to undo here" in response.content.decode()
        assert fresh(suggested_span).status == "accepted"
        assert "span.revert" not in actions()

    def test_a_failed_action_leaves_nothing_to_undo(self, member_client, suggested_span):
        member_client.post(
            action_url(suggested_span, "kind"), {"version": 1, "kind": "opinion"}, **HX
        )
        assert undo(member_client, suggested_span.document, **HX).status_code == 400

    def test_get_is_not_allowed(self, member_client, document):
        assert member_client.get(undo_url(document)).status_code == 405


# -- Marking reviewed -------------------------------------------------------------------


class TestMarkReviewed:
    def test_marks_reviewed_and_opens_the_next_document(self, member_client, project, member):
        document = DocumentFactory(project=project, status=Document.Status.IN_REVIEW)
        following = DocumentFactory(project=project, status=Document.Status.PREANNOTATED)
        response = member_client.post(reviewed_url(document))
        assert response.status_code == 302
        assert response.url == next_url(document)
        document.refresh_from_db()
        assert document.status == Document.Status.REVIEWED
        event = AuditEvent.objects.get()
        assert (event.action, event.object_type, event.object_id) == (
            "document.reviewed",
            "document",
            str(document.pk),
        )
        assert event.actor == member
        assert event.before == {"status": "in_review"}
        assert event.after == {"status": "reviewed", "undecided": 0}
        response = member_client.get(response.url)
        assert response.status_code == 302
        assert response.url == doc_url(following)

    def test_next_wraps_round_to_earlier_documents(self, member_client, project):
        earlier = DocumentFactory(project=project, status=Document.Status.IN_REVIEW)
        document = DocumentFactory(project=project, status=Document.Status.IN_REVIEW)
        member_client.post(reviewed_url(document))
        response = member_client.get(next_url(document))
        assert response.url == doc_url(earlier)

    def test_the_last_one_leads_to_the_project_page_done(self, member_client, project, document):
        response = member_client.post(reviewed_url(document), follow=False)
        response = member_client.get(response.url)
        assert response.status_code == 302
        assert response.url == reverse("project_detail", args=[project.slug]) + "?done=1"

    def test_htmx_answers_with_hx_redirect(self, member_client, document):
        response = member_client.post(reviewed_url(document), **HX)
        assert response.status_code == 204
        assert response["HX-Redirect"] == next_url(document)

    def test_undecided_suggestions_block_it_with_a_force_form_that_works(
        self, member_client, document
    ):
        SpanFactory(document=document)
        SpanFactory(document=document, start=0, end=9, model_start=0, model_end=9)
        response = member_client.post(reviewed_url(document))
        html = response.content.decode()
        assert response.status_code == 400
        assert "<html" in html
        assert "2 suggestions are still undecided" in html
        assert "Mark reviewed anyway" in html
        form = html[: html.index("Mark reviewed anyway")]
        form = form[form.rindex("<form") :]
        assert f'action="{reviewed_url(document)}"' in form
        assert '<input type="hidden" name="force" value="1">' in form
        assert "csrfmiddlewaretoken" in form
        document.refresh_from_db()
        assert document.status == Document.Status.NEW
        assert not AuditEvent.objects.exists()

        response = member_client.post(reviewed_url(document), {"force": "1"})
        assert response.status_code == 302
        document.refresh_from_db()
        assert document.status == Document.Status.REVIEWED
        assert AuditEvent.objects.get().after == {"status": "reviewed", "undecided": 2}

    def test_one_undecided_suggestion_is_counted_in_the_singular(
        self, member_client, suggested_span
    ):
        response = member_client.post(reviewed_url(suggested_span.document))
        assert response.status_code == 400
        assert "1 suggestion is still undecided" in response.content.decode()

    @pytest.mark.parametrize(
        "status,message",
        [
            (Document.Status.REVIEWED, "already marked reviewed"),
            (Document.Status.QUEUED, "queued for pre-annotation"),
        ],
    )
    def test_a_status_force_cannot_get_past_is_400_without_a_force_form(
        self, member_client, project, status, message
    ):
        document = DocumentFactory(project=project, status=status)
        response = member_client.post(reviewed_url(document), {"force": "1"})
        html = response.content.decode()
        assert response.status_code == 400
        assert message in html
        assert Document.objects.get(pk=document.pk).status == status
        assert not AuditEvent.objects.exists()
        # Forcing cannot help here, so the page should not offer it.
        assert "Mark reviewed anyway" not in html

    def test_get_is_not_allowed(self, member_client, document):
        assert member_client.get(reviewed_url(document)).status_code == 405


# -- Any change takes the document into review -----------------------------------------


def _accept(client, span, **extra):
    return client.post(action_url(span, "accept"), {"version": 1}, **extra)


def _kind(client, span, **extra):
    return client.post(action_url(span, "kind"), {"version": 1, "kind": "quote"}, **extra)


def _move(client, span, **extra):
    return client.post(action_url(span, "narrow-end"), {"version": 1}, **extra)


def _verdict(client, span, **extra):
    return client.post(action_url(span, "verdict"), {"version": 1, "label": "mixed"}, **extra)


def _create(client, span, **extra):
    return client.post(new_url(span.document), {"start": 0, "end": 9, "kind": "quote"}, **extra)


@pytest.mark.parametrize(
    "act", [_accept, _kind, _move, _verdict, _create], ids=lambda f: f.__name__
)
@pytest.mark.parametrize("status", [Document.Status.PREANNOTATED, Document.Status.NEW])
def test_a_change_takes_the_document_into_review(member_client, suggested_span, act, status):
    Document.objects.filter(pk=suggested_span.document_id).update(status=status)
    response = act(member_client, suggested_span, **HX)
    assert response.status_code == 200
    assert Document.objects.get(pk=suggested_span.document_id).status == "in_review"


def test_a_failed_change_leaves_the_document_status(member_client, suggested_span):
    Document.objects.filter(pk=suggested_span.document_id).update(status="preannotated")
    response = member_client.post(action_url(suggested_span, "accept"), {"version": 7}, **HX)
    assert response.status_code == 409
    assert Document.objects.get(pk=suggested_span.document_id).status == "preannotated"


def test_a_change_on_a_reviewed_document_keeps_it_reviewed(member_client, suggested_span):
    Document.objects.filter(pk=suggested_span.document_id).update(status="reviewed")
    assert _accept(member_client, suggested_span, **HX).status_code == 200
    assert Document.objects.get(pk=suggested_span.document_id).status == "reviewed"


# -- Query counts -----------------------------------------------------------------------


def _documents_with_spans(project, member) -> dict[int, Span]:
    """Two documents of the same sentences, with 3 and 60 spans (half accepted with a
    verdict); the first span of each, at version 1."""
    text = " ".join(f"Sentence {i} says 1{i},000 troops left." for i in range(60))
    picked = {}
    for n in (3, 60):
        document = DocumentFactory(project=project, text=f"{text} Copy {n}.")
        spans = []
        for i in range(n):
            start = text.index(f"Sentence {i} says")
            end = text.index("left.", start) + len("left.")
            span = SpanFactory(
                document=document, start=start, end=end, model_start=start, model_end=end
            )
            spans.append(span)
            if i % 2:
                span_accept(span=span, expected_version=1, user=member)
                verdict_set(span=span, expected_version=2, label="mixed", user=member)
        picked[n] = spans[0]
    return picked


def _queries(request: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = request()
    assert response.status_code == 200, response.content.decode()[:500]
    return len(ctx.captured_queries)


class TestQueryCounts:
    @pytest.fixture
    def picked(self, member_client, project, member):
        picked = _documents_with_spans(project, member)
        member_client.get(reverse("project_list"))  # warm up the session
        return picked

    def test_htmx_accept(self, member_client, picked):
        counts = {
            n: _queries(
                lambda s=s: member_client.post(action_url(s, "accept"), {"version": 1}, **HX)
            )
            for n, s in picked.items()
        }
        assert counts[3] == counts[60]

    def test_htmx_panel(self, member_client, picked):
        counts = {
            n: _queries(lambda s=s: member_client.get(panel_url(s), **HX))
            for n, s in picked.items()
        }
        assert counts[3] == counts[60]

    def test_htmx_boundary_move(self, member_client, picked):
        counts = {
            n: _queries(
                lambda s=s: member_client.post(action_url(s, "widen-end"), {"version": 1}, **HX)
            )
            for n, s in picked.items()
        }
        assert counts[3] == counts[60]

    def test_htmx_undo(self, member_client, picked):
        counts = {}
        for n, span in picked.items():
            member_client.post(action_url(span, "widen-end"), {"version": 1}, **HX)
            counts[n] = _queries(lambda s=span: undo(member_client, s.document, **HX))
        assert counts[3] == counts[60]


# -- Access: CSRF and other projects ----------------------------------------------------


@pytest.fixture
def scene(project, document, user):
    """A claim, a human span, a source span in another document, a suggested evidence."""
    claim = SpanFactory(document=document)
    human = human_span(document, 0, 9, kind="quote")
    other = DocumentFactory(project=project)
    source = SpanFactory(document=other)
    evidence = Evidence.objects.create(
        claim=claim,
        source_span=source,
        stance=Evidence.Stance.SUPPORTS,
        origin=Evidence.Origin.MATCHER,
        status=Evidence.Status.SUGGESTED,
    )
    return {"claim": claim, "human": human, "source": source, "evidence": evidence}


def _args(scene: dict[str, Any], span_key: str = "claim") -> list[Any]:
    span = scene[span_key]
    return [span.document.project.slug, span.document_id, span.pk]


def _doc_args(scene: dict[str, Any]) -> list[Any]:
    doc = scene["claim"].document
    return [doc.project.slug, doc.pk]


# (id, url, data) builders for every POST endpoint of the review page.
POSTS: list[tuple[str, Callable[[dict], str], Callable[[dict], dict]]] = [
    (
        "accept",
        lambda s: reverse("span_action", args=[*_args(s), "accept"]),
        lambda s: {"version": 1},
    ),
    (
        "reject",
        lambda s: reverse("span_action", args=[*_args(s), "reject"]),
        lambda s: {"version": 1},
    ),
    (
        "kind",
        lambda s: reverse("span_action", args=[*_args(s), "kind"]),
        lambda s: {"version": 1, "kind": "quote"},
    ),
    (
        "widen-end",
        lambda s: reverse("span_action", args=[*_args(s), "widen-end"]),
        lambda s: {"version": 1},
    ),
    (
        "bounds",
        lambda s: reverse("span_action", args=[*_args(s), "bounds"]),
        lambda s: {"version": 1, "start": 10, "end": 31},
    ),
    (
        "delete",
        lambda s: reverse("span_action", args=[*_args(s, "human"), "delete"]),
        lambda s: {"version": 1},
    ),
    (
        "verdict",
        lambda s: reverse("span_verdict", args=_args(s)),
        lambda s: {"version": 1, "label": "mixed", "rationale": "r"},
    ),
    (
        "span_new",
        lambda s: reverse("span_new", args=_doc_args(s)),
        lambda s: {"start": 10, "end": 18, "kind": "quote"},
    ),
    ("undo", lambda s: reverse("review_undo", args=_doc_args(s)), lambda s: {}),
    (
        "reviewed",
        lambda s: reverse("document_reviewed", args=_doc_args(s)),
        lambda s: {"force": "1"},
    ),
    (
        "evidence_link",
        lambda s: reverse("evidence_link", args=_args(s)),
        lambda s: {"source_span": s["source"].pk, "stance": "refutes"},
    ),
    (
        "evidence_external",
        lambda s: reverse("evidence_external", args=_args(s)),
        lambda s: {"url": "https://example.org/a", "stance": "context"},
    ),
    *[
        (
            f"evidence_{action}",
            lambda s, action=action: reverse(
                "evidence_action", args=[*_args(s), s["evidence"].pk, action]
            ),
            lambda s: {},
        )
        for action in ("accept", "reject", "remove")
    ],
]
GETS: list[tuple[str, Callable[[dict], str]]] = [
    ("document", lambda s: reverse("document_detail", args=_doc_args(s))),
    ("panel", lambda s: reverse("span_panel", args=_args(s))),
    ("evidence_search", lambda s: reverse("evidence_search", args=_args(s)) + "?q=Korean"),
    ("next", lambda s: reverse("review_next", args=[s["claim"].document.project.slug])),
]


def _snapshot() -> tuple[Any, ...]:
    """Everything the endpoints could write."""
    return (
        list(Span.objects.order_by("id").values()),
        list(Evidence.objects.order_by("id").values()),
        list(Verdict.objects.order_by("id").values()),
        list(Document.objects.order_by("id").values("id", "status")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("name,url,data", POSTS, ids=[p[0] for p in POSTS])
def test_post_without_csrf_token_is_403_and_writes_nothing(project, scene, name, url, data):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(MembershipFactory(project=project).user)
    before = _snapshot()
    for extra in ({}, HX):
        response = strict.post(url(scene), data(scene), **extra)
        assert response.status_code == 403, name
    assert _snapshot() == before


@pytest.mark.parametrize("name,url,data", POSTS, ids=[p[0] for p in POSTS])
def test_post_with_the_pages_csrf_token_is_accepted(project, scene, name, url, data):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(MembershipFactory(project=project).user)
    page = strict.get(doc_url(scene["claim"].document)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    header = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page).group(1)
    response = strict.post(url(scene), {**data(scene), "csrfmiddlewaretoken": token})
    assert response.status_code != 403, name
    # htmx sends it as a header instead.
    response = strict.post(url(scene), data(scene), HTTP_X_CSRFTOKEN=header, **HX)
    assert response.status_code != 403, name


@pytest.mark.parametrize("name,url,data", POSTS, ids=[p[0] for p in POSTS])
def test_member_of_another_project_gets_404_on_posts_and_writes_nothing(
    client, outsider, scene, name, url, data
):
    client.force_login(outsider)
    before = _snapshot()
    for extra in ({}, HX):
        response = client.post(url(scene), data(scene), **extra)
        assert response.status_code == 404, name
        assert scene["claim"].text not in response.content.decode()
    assert _snapshot() == before


@pytest.mark.parametrize("name,url", GETS, ids=[g[0] for g in GETS])
def test_member_of_another_project_gets_404_on_gets(client, outsider, scene, name, url):
    client.force_login(outsider)
    before = _snapshot()
    for extra in ({}, HX):
        assert client.get(url(scene), **extra).status_code == 404, name
    assert _snapshot() == before


@pytest.mark.parametrize("name,url,data", POSTS, ids=[p[0] for p in POSTS])
def test_anonymous_post_is_sent_to_login(client, scene, name, url, data):
    before = _snapshot()
    response = client.post(url(scene), data(scene))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert _snapshot() == before


def test_span_of_another_document_in_the_url_is_404(member_client, project, scene):
    other = DocumentFactory(project=project)
    claim = scene["claim"]
    before = _snapshot()
    for url in (
        reverse("span_action", args=[project.slug, other.pk, claim.pk, "accept"]),
        reverse("span_verdict", args=[project.slug, other.pk, claim.pk]),
        reverse("evidence_link", args=[project.slug, other.pk, claim.pk]),
        reverse("evidence_external", args=[project.slug, other.pk, claim.pk]),
        reverse(
            "evidence_action",
            args=[project.slug, other.pk, claim.pk, scene["evidence"].pk, "accept"],
        ),
    ):
        response = member_client.post(
            url, {"version": 1, "source_span": scene["source"].pk, "stance": "supports"}, **HX
        )
        assert response.status_code == 404, url
    assert _snapshot() == before


def test_document_of_another_project_under_my_slug_is_404(member_client, project):
    foreign = DocumentFactory()
    span = SpanFactory(document=foreign)
    for url in (
        reverse("span_action", args=[project.slug, foreign.pk, span.pk, "accept"]),
        reverse("span_new", args=[project.slug, foreign.pk]),
        reverse("review_undo", args=[project.slug, foreign.pk]),
        reverse("document_reviewed", args=[project.slug, foreign.pk]),
    ):
        response = member_client.post(url, {"version": 1, "start": 0, "end": 9, "kind": "quote"})
        assert response.status_code == 404, url
    assert fresh(span).version == 1
    assert Document.objects.get(pk=foreign.pk).status == "new"
    assert not AuditEvent.objects.exists()

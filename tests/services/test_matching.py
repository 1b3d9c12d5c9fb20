"""Matching after pre-annotation: suggested evidence links between a project's claims."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from annotations.claims.matching import ClaimIndex
from annotations.models import AuditEvent, Evidence, Span
from annotations.services import DocumentInput, import_documents, span_reject
from annotations.services.evidence import evidence_decide
from annotations.services.matching import RELATION, forget_indexes, match_documents
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

KURSK_8000 = (
    "The revelation that 8,000 North Korean troops are stationed in Russia’s Kursk region is "
    "nothing short of astonishing, officials in Seoul said on Monday.\n"
)
KURSK_12000 = (
    "Over 12,000 North Korean troops are estimated to be fighting against Ukrainian forces "
    "in Russia’s Kursk region, the United Nations Security Council learned last week.\n"
)
KURSK_ABOUT_8000 = (
    "An estimated 8,000 North Korean forces have arrived in Russia’s Kursk Oblast to take "
    "part in the war, according to US officials.\n"
)
WEATHER = "Heavy snow closed three airports in Norway on Tuesday, the aviation authority said.\n"


def load(project, *texts: str, prefix: str = "doc") -> list[int]:
    """Import and pre-annotate (tasks in process); matching runs on commit."""
    items = [DocumentInput(name=f"{prefix}{i}.txt", text=t) for i, t in enumerate(texts)]
    result = import_documents(project=project, items=items)
    return [d.pk for d in result.created]


def links(project) -> list[Evidence]:
    return list(
        Evidence.objects.filter(claim__document__project=project, origin="matcher")
        .select_related("claim", "source_span")
        .order_by("claim__document_id", "source_span__document_id")
    )


def test_pre_annotation_suggests_links_both_ways_with_stance_and_reason(
    django_capture_on_commit_callbacks,
):
    project = ProjectFactory()
    with django_capture_on_commit_callbacks(execute=True):
        load(project, KURSK_8000, KURSK_12000)
    found = links(project)
    assert len(found) == 2
    forward, backward = found
    assert (forward.claim_id, forward.source_span_id) == (
        backward.source_span_id,
        backward.claim_id,
    )
    for evidence in found:
        assert evidence.status == Evidence.Status.SUGGESTED
        assert evidence.stance == Evidence.Stance.REFUTES
        assert RELATION[evidence.stance] == "conflict"
        assert "8,000" in evidence.reason and "12,000" in evidence.reason
        assert "intervals do not overlap" in evidence.reason
        assert 0 < evidence.score <= 1
    events = AuditEvent.objects.filter(action="evidence.suggest", project_id=project.pk)
    assert events.count() == 2  # one per matched document
    assert sum(e.after["links"] for e in events) == 2


def test_agreeing_figures_give_supporting_links(django_capture_on_commit_callbacks):
    project = ProjectFactory()
    with django_capture_on_commit_callbacks(execute=True):
        load(project, KURSK_8000, KURSK_ABOUT_8000)
    assert {e.stance for e in links(project)} == {Evidence.Stance.SUPPORTS}


def test_unrelated_claims_are_not_linked(django_capture_on_commit_callbacks):
    project = ProjectFactory()
    with django_capture_on_commit_callbacks(execute=True):
        load(project, KURSK_8000, WEATHER)
    assert links(project) == []


def test_matching_again_creates_nothing_new(django_capture_on_commit_callbacks):
    project = ProjectFactory()
    with django_capture_on_commit_callbacks(execute=True):
        ids = load(project, KURSK_8000, KURSK_12000)
    before = Evidence.objects.count()
    outcome = match_documents(ids)
    assert outcome.links == 0
    assert Evidence.objects.count() == before
    forget_indexes()  # a cold process gives the same answer
    assert match_documents(ids).links == 0


def test_a_rejected_suggestion_is_never_made_again(django_capture_on_commit_callbacks):
    project = ProjectFactory()
    reviewer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        ids = load(project, KURSK_8000, KURSK_12000)
    first = links(project)[0]
    evidence_decide(evidence=first, status="rejected", user=reviewer)
    match_documents(ids)
    first.refresh_from_db()
    assert first.status == Evidence.Status.REJECTED
    assert Evidence.objects.filter(claim=first.claim, source_span=first.source_span).count() == 1


def test_rejecting_a_suggestion_rejects_its_mirror_and_accepting_does_not(
    django_capture_on_commit_callbacks,
):
    project = ProjectFactory()
    reviewer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        load(project, KURSK_8000, KURSK_12000, KURSK_ABOUT_8000)
    by_pair = {(e.claim_id, e.source_span_id): e for e in links(project)}
    (a, b), rejected = next(iter(by_pair.items()))
    evidence_decide(evidence=rejected, status="rejected", user=reviewer)
    mirror = by_pair[(b, a)]
    mirror.refresh_from_db()
    assert mirror.status == Evidence.Status.REJECTED
    events = AuditEvent.objects.filter(action="evidence.reject", project_id=project.pk)
    assert events.count() == 2  # each change in the trail
    (c, d), accepted = next(
        (pair, e) for pair, e in by_pair.items() if pair not in ((a, b), (b, a))
    )
    evidence_decide(evidence=accepted, status="accepted", user=reviewer)
    other = by_pair[(d, c)]
    other.refresh_from_db()
    assert other.status == Evidence.Status.SUGGESTED


def test_a_new_document_is_matched_without_rematching_the_project(
    django_capture_on_commit_callbacks, monkeypatch
):
    project = ProjectFactory()
    with django_capture_on_commit_callbacks(execute=True):
        load(project, KURSK_8000, WEATHER, prefix="old")
    queried: list[object] = []
    original = ClaimIndex.match

    def counting(self, facts, key=None, limit=40):
        queried.append(key)
        return original(self, facts, key, limit)

    monkeypatch.setattr(ClaimIndex, "match", counting)
    with django_capture_on_commit_callbacks(execute=True):
        (new_id,) = load(project, KURSK_12000, prefix="new")
    new_claims = set(Span.objects.filter(document_id=new_id).values_list("pk", flat=True))
    assert set(queried) == new_claims  # only the new document's claims were queried
    assert len(links(project)) == 2


def test_rejected_claims_are_not_matched(django_capture_on_commit_callbacks):
    project = ProjectFactory()
    reviewer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        (old_id,) = load(project, KURSK_8000, prefix="old")
    for span in Span.objects.filter(document_id=old_id):
        span_reject(span=span, user=reviewer, expected_version=span.version)
    with django_capture_on_commit_callbacks(execute=True):
        load(project, KURSK_12000, prefix="new")
    assert links(project) == []


def test_a_deleted_claim_leaves_the_cached_index(django_capture_on_commit_callbacks):
    project = ProjectFactory()
    with django_capture_on_commit_callbacks(execute=True):
        (old_id,) = load(project, KURSK_8000, prefix="old")
    Span.objects.filter(document_id=old_id).delete()  # as a cascade from a deletion would
    with django_capture_on_commit_callbacks(execute=True):
        load(project, KURSK_12000, prefix="new")
    assert links(project) == []


def test_projects_never_share_links(django_capture_on_commit_callbacks):
    one, other = ProjectFactory(), ProjectFactory()
    with django_capture_on_commit_callbacks(execute=True):
        load(one, KURSK_8000)
        load(other, KURSK_12000)
    assert links(one) == [] and links(other) == []


def test_within_one_document(django_capture_on_commit_callbacks):
    project = ProjectFactory()
    with django_capture_on_commit_callbacks(execute=True):
        load(project, KURSK_8000 + KURSK_12000)
    found = links(project)
    assert len(found) == 2
    assert all(e.claim.document_id == e.source_span.document_id for e in found)


TOLL_TUESDAY = "The national death toll in Turkey rose to 1,247 on Tuesday, the ministry said.\n"
TOLL_NOW = "The national death toll in Turkey has now risen to 1,650, the disaster agency said.\n"


def test_publication_dates_tell_a_moving_count_from_a_contradiction(
    django_capture_on_commit_callbacks,
):
    wednesday = datetime(2025, 3, 5, 12, tzinfo=UTC)
    project = ProjectFactory()
    items = [
        DocumentInput(name="a.txt", text=TOLL_TUESDAY, published_at=wednesday),
        DocumentInput(name="b.txt", text=TOLL_NOW, published_at=wednesday),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        import_documents(project=project, items=items)
    # published on Wednesday, "on Tuesday" is the day before: two readings of the toll
    found = links(project)
    assert found and {e.stance for e in found} == {Evidence.Stance.CONTEXT}
    assert "reported on different days" in found[0].reason

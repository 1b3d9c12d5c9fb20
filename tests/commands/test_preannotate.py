"""`manage.py preannotate`: queue again what a lost message left behind, or everything."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from kombu.exceptions import OperationalError as BrokerOperationalError

from annotations.claims import Proposal
from annotations.models import Document, Job, Span
from annotations.services import preannotation as service
from annotations.services import span_accept
from annotations.tasks import preannotate_documents
from tests.factories import DocumentFactory, ProjectFactory
from tests.helpers import FakeEngine, install_engine

# As in the embedded mode: each write commits at once, so the tasks run on commit,
# inside the command, and it can print their outcome.
pytestmark = pytest.mark.django_db(transaction=True)

PROPOSALS = [
    Proposal(start=0, end=10, kind="statistic", score=0.9),
    Proposal(start=20, end=30, kind="quote", score=0.8),
]


@pytest.fixture(autouse=True)
def engine(monkeypatch) -> FakeEngine:
    return install_engine(monkeypatch, PROPOSALS)


def run(*args: str) -> str:
    out = StringIO()
    call_command("preannotate", *args, stdout=out)
    return out.getvalue()


def statuses(project) -> dict[str, int]:
    rows = Document.objects.filter(project=project).values_list("title", "status")
    return dict(rows)


@pytest.fixture
def mixed(project):
    """One document in each status."""
    return {
        status: DocumentFactory(project=project, status=status, title=status)
        for status in Document.Status.values
    }


def test_default_runs_new_and_queued_documents(project, mixed):
    out = run("--project", project.slug)
    job = Job.objects.get()
    assert job.total == 2
    assert f"{project.slug}: job #{job.pk}, 2 document(s) queued" in out
    assert f"/p/{project.slug}/jobs/{job.pk}/" in out
    assert "done: 2 done, 0 failed" in out  # embedded mode: the tasks ran on commit
    assert statuses(project) == {
        "new": "preannotated",
        "queued": "preannotated",
        "preannotated": "preannotated",
        "in_review": "in_review",
        "reviewed": "reviewed",
    }
    assert not mixed["preannotated"].spans.exists()


def test_all_reruns_everything_not_in_review(project, mixed):
    run("--project", project.slug, "--all")
    job = Job.objects.get()
    assert (job.total, job.done) == (3, 3)
    assert mixed["preannotated"].spans.count() == 2
    assert not mixed["in_review"].spans.exists()
    assert not mixed["reviewed"].spans.exists()


def test_all_after_an_engine_upgrade_keeps_what_people_reviewed(project, member, monkeypatch):
    document = DocumentFactory(project=project)
    run("--project", project.slug)
    kept = span_accept(span=document.spans.order_by("start")[0], expected_version=1, user=member)
    v2 = FakeEngine(proposals=[*PROPOSALS, Proposal(40, 50, "event", 0.5)], version="2")
    monkeypatch.setattr(service, "default_engine", lambda: v2)
    run("--project", project.slug, "--all")
    spans = sorted(Span.objects.filter(document=document).values_list("start", "engine"))
    assert spans == [(0, "fake/1"), (20, "fake/2"), (40, "fake/2")]
    assert Span.objects.get(pk=kept.pk).status == "accepted"


def test_without_project_runs_every_project():
    first, second = ProjectFactory(slug="alpha"), ProjectFactory(slug="beta")
    DocumentFactory(project=first)
    DocumentFactory(project=second, status=Document.Status.PREANNOTATED)
    out = run()
    assert "alpha: job #" in out
    assert "beta: nothing to pre-annotate" in out
    assert Job.objects.count() == 1


def test_nothing_to_do_makes_no_job(project):
    DocumentFactory(project=project, status=Document.Status.REVIEWED)
    out = run("--project", project.slug)
    assert out == f"{project.slug}: nothing to pre-annotate\n"
    assert not Job.objects.exists()


def test_unknown_project_is_a_clear_error(project):
    with pytest.raises(
        CommandError, match=rf"project 'nope' does not exist; known.*{project.slug}"
    ):
        call_command("preannotate", "--project", "nope", stdout=StringIO())


def test_errors_are_printed_and_a_job_with_no_success_fails_the_command(project, monkeypatch):
    class Broken(FakeEngine):
        def propose(self, text: str) -> list[Proposal]:
            raise ValueError("model missing")

    monkeypatch.setattr(service, "default_engine", lambda: Broken())
    document = DocumentFactory(project=project)
    out = StringIO()
    with pytest.raises(CommandError, match="no document could be pre-annotated"):
        call_command("preannotate", "--project", project.slug, stdout=out)
    assert f"document {document.pk}: ValueError: model missing" in out.getvalue()
    assert "failed: 0 done, 1 failed" in out.getvalue()


def test_broker_down_says_the_documents_stay_queued(project, monkeypatch):
    def down(*args, **kwargs):
        raise BrokerOperationalError("Connection refused")

    monkeypatch.setattr(preannotate_documents, "apply_async", down)
    DocumentFactory(project=project)
    with pytest.raises(CommandError, match="could not be reached; the documents stay queued"):
        call_command("preannotate", "--project", project.slug, stdout=StringIO())
    assert set(Document.objects.values_list("status", flat=True)) == {"queued"}

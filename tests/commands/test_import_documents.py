from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from annotations.models import AuditEvent, Document, Project


def run(*args: str, **options) -> str:
    out = StringIO()
    call_command("import_documents", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(
        "A headline line\nOfficials said that 12,000 soldiers arrived in the region.\n",
        encoding="utf-8",
    )
    other = tmp_path / "other.txt"
    other.write_bytes(b"Second article\r\nwith CRLF ends\rand a lone CR.\r\n")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\xe9 au lait".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    return {"good": good, "other": other, "latin1": latin1, "empty": empty}


def test_imports_files_with_title_from_first_line(project, files):
    output = run(str(files["good"]), str(files["other"]), project=project.slug, no_preannotate=True)
    assert "Imported 2 document(s)" in output
    titles = set(Document.objects.values_list("title", flat=True))
    assert titles == {"A headline line", "Second article"}


def test_line_ends_become_lf(project, files):
    run(str(files["other"]), project=project.slug, no_preannotate=True)
    text = Document.objects.get().text
    assert text == "Second article\nwith CRLF ends\nand a lone CR.\n"


def test_invalid_file_imports_nothing_and_names_each_problem(project, files):
    paths = [str(files[k]) for k in ("good", "latin1", "empty")]
    with pytest.raises(CommandError) as excinfo:
        run(*paths, project=project.slug)
    message = str(excinfo.value)
    assert "latin1.txt: is not UTF-8" in message
    assert "empty.txt: is empty" in message
    assert Document.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_skip_invalid_imports_the_rest_and_lists_what_it_skipped(project, files):
    paths = [str(files[k]) for k in ("good", "latin1", "empty")]
    output = run(*paths, project=project.slug, skip_invalid=True, no_preannotate=True)
    assert Document.objects.count() == 1
    assert "invalid, skipped:" in output
    assert "latin1.txt" in output
    assert "empty.txt" in output


def test_file_over_size_limit_is_refused(project, files):
    with pytest.raises(CommandError, match=r"good.txt: is \d+ bytes, larger than the 10-byte"):
        run(str(files["good"]), project=project.slug, max_bytes=10)


def test_max_bytes_can_raise_the_limit(project, files, settings):
    settings.IMPORT_MAX_BYTES = 10
    output = run(str(files["good"]), project=project.slug, max_bytes=10_000, no_preannotate=True)
    assert "Imported 1 document(s)" in output


def test_max_bytes_below_one_is_refused(project, files):
    with pytest.raises(CommandError, match="--max-bytes must be at least 1"):
        run(str(files["good"]), project=project.slug, max_bytes=-5)
    assert not Document.objects.exists()


def test_missing_file_is_named(project, tmp_path):
    with pytest.raises(CommandError, match=r"nope\.txt: cannot be read"):
        run(str(tmp_path / "nope.txt"), project=project.slug)


def test_duplicate_is_reported_and_skipped(project, files):
    run(str(files["good"]), project=project.slug, no_preannotate=True)
    output = run(str(files["good"]), project=project.slug, no_preannotate=True)
    assert "Imported 0 document(s)" in output
    assert "duplicate, skipped:" in output
    assert Document.objects.count() == 1


def test_folder_means_its_txt_files(project, files):
    output = run(
        str(files["good"].parent), project=project.slug, skip_invalid=True, no_preannotate=True
    )
    assert "Imported 2 document(s)" in output


def test_unknown_project_is_an_error_unless_created(db, files):
    with pytest.raises(CommandError, match="project 'newsdesk' does not exist"):
        run(str(files["good"]), project="newsdesk")
    run(str(files["good"]), project="newsdesk", create_project="News desk", no_preannotate=True)
    assert Project.objects.get(slug="newsdesk").documents.count() == 1


def test_import_queues_and_runs_preannotation(project, files, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = run(str(files["good"]), project=project.slug)
    document = Document.objects.get()
    assert document.status == Document.Status.PREANNOTATED
    assert document.spans.exists()
    assert "Pre-annotation job" in output

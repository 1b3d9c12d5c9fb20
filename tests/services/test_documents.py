"""Importing documents: decoding files, dedup, all-or-nothing, pre-annotation on commit."""

from __future__ import annotations

import pytest

from annotations.claims import default_engine
from annotations.models import AuditEvent, Document, Job
from annotations.services import (
    DocumentInput,
    ValidationError,
    decode_document,
    import_documents,
    read_document_file,
)
from annotations.services.documents import text_sha256
from tests.factories import SAMPLE_TEXT, DocumentFactory, ProjectFactory
from tests.helpers import new_audit_events

pytestmark = pytest.mark.django_db


def item(name: str, text: str | None = None, **fields) -> DocumentInput:
    return DocumentInput(name=name, text=f"Text of {name}." if text is None else text, **fields)


def messages(exc: ValidationError) -> list[str]:
    return list(exc.messages)


class TestDecodeDocument:
    def test_crlf_and_lone_cr_become_lf(self):
        assert decode_document("a.txt", b"one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"

    def test_byte_order_mark_is_dropped(self):
        assert decode_document("a.txt", "\ufeffHello".encode()) == "Hello"

    def test_non_ascii_utf8_is_kept(self):
        text = "Café e\u0301 👍🏽 東京"
        assert decode_document("a.txt", text.encode()) == text

    def test_non_utf8_bytes_are_refused_naming_the_file(self):
        with pytest.raises(ValidationError, match=r"latin1\.txt: is not UTF-8 \(byte 0xe9"):
            decode_document("latin1.txt", "café".encode("latin-1"))

    def test_empty_file_is_refused_naming_the_file(self):
        with pytest.raises(ValidationError, match=r"empty\.txt: is empty"):
            decode_document("empty.txt", b"")

    def test_white_space_only_is_refused_naming_the_file(self):
        with pytest.raises(ValidationError, match=r"blank\.txt: is empty"):
            decode_document("blank.txt", b" \r\n\t\n ")

    def test_bom_only_is_empty(self):
        with pytest.raises(ValidationError, match="is empty"):
            decode_document("bom.txt", "\ufeff".encode())

    def test_file_over_the_size_limit_is_refused_naming_the_file(self, settings):
        settings.IMPORT_MAX_BYTES = 10
        assert decode_document("ok.txt", b"0123456789") == "0123456789"
        with pytest.raises(ValidationError, match=r"big\.txt: is 11 bytes.*10-byte limit"):
            decode_document("big.txt", b"0123456789a")

    def test_explicit_limit_wins_over_the_setting(self, settings):
        settings.IMPORT_MAX_BYTES = 1000
        with pytest.raises(ValidationError, match="larger than"):
            decode_document("a.txt", b"0123456789", max_bytes=5)


class TestReadDocumentFile:
    def test_reads_text_and_takes_title_from_first_non_blank_line(self, tmp_path):
        path = tmp_path / "kursk.txt"
        path.write_bytes(b"\r\n  North Korean troops in Kursk  \r\nBody text.\r\n")
        doc = read_document_file(path)
        assert doc.name == str(path)
        assert doc.text == "\n  North Korean troops in Kursk  \nBody text.\n"
        assert doc.title == "North Korean troops in Kursk"

    def test_long_first_line_is_cut_at_a_word(self, tmp_path):
        path = tmp_path / "long.txt"
        path.write_text("word " * 100, encoding="utf-8")
        title = read_document_file(path).title
        assert len(title) <= 201
        assert title.endswith("word…")

    def test_missing_file_is_refused_naming_it(self, tmp_path):
        path = tmp_path / "nowhere.txt"
        with pytest.raises(ValidationError, match=r"nowhere\.txt: cannot be read"):
            read_document_file(path)

    def test_directory_is_refused_naming_it(self, tmp_path):
        with pytest.raises(ValidationError, match="cannot be read"):
            read_document_file(tmp_path)

    def test_non_utf8_file_is_refused_naming_it(self, tmp_path):
        path = tmp_path / "cp1252.txt"
        path.write_bytes("“quoted”".encode("cp1252"))
        with pytest.raises(ValidationError, match=r"cp1252\.txt: is not UTF-8"):
            read_document_file(path)

    def test_empty_file_is_refused_naming_it(self, tmp_path):
        path = tmp_path / "empty.txt"
        path.write_bytes(b"\n\n")
        with pytest.raises(ValidationError, match=r"empty\.txt: is empty"):
            read_document_file(str(path))

    def test_file_over_the_size_limit_is_refused_before_reading(self, tmp_path, settings):
        settings.IMPORT_MAX_BYTES = 16
        path = tmp_path / "big.txt"
        path.write_bytes(b"x" * 17)
        with pytest.raises(ValidationError, match=r"big\.txt: is 17 bytes"):
            read_document_file(path)


class TestImport:
    def test_creates_documents_with_hash_and_title(self, project):
        result = import_documents(
            project=project,
            items=[
                item("a.txt", "First line\nrest", source_url="https://example.org/a"),
                item("b.txt", title="Given title"),
            ],
            preannotate=False,
        )
        a, b = Document.objects.filter(project=project).order_by("id")
        assert [d.pk for d in result.created] == [a.pk, b.pk]
        assert (a.title, a.text, a.source_url) == (
            "First line",
            "First line\nrest",
            "https://example.org/a",
        )
        assert a.text_sha256 == text_sha256("First line\nrest")
        assert b.title == "Given title"
        assert a.status == b.status == Document.Status.NEW
        assert result.duplicates == []
        assert result.job is None

    def test_writes_one_audit_event_per_document(self, project, member):
        with new_audit_events() as events:
            result = import_documents(
                project=project,
                items=[item("a.txt"), item("b.txt")],
                actor=member,
                preannotate=False,
            )
        assert len(events) == 2
        for event, document, name in zip(events, result.created, ["a.txt", "b.txt"], strict=True):
            assert event.action == "document.import"
            assert (event.object_type, event.object_id) == ("document", str(document.pk))
            assert event.project_id == project.pk
            assert event.actor == member
            assert event.before is None
            assert event.after == {
                "title": document.title,
                "text_sha256": document.text_sha256,
                "source": name,
            }

    def test_import_without_a_person_is_recorded_as_system(self, project):
        with new_audit_events() as events:
            import_documents(project=project, items=[item("a.txt")], preannotate=False)
        assert (events[0].actor, events[0].actor_name) == (None, "system")

    def test_text_already_in_the_project_is_reported_and_skipped(self, project):
        existing = DocumentFactory(project=project, text="Known text.")
        with new_audit_events() as events:
            result = import_documents(
                project=project,
                items=[item("again.txt", "Known text."), item("new.txt")],
                preannotate=False,
            )
        assert result.duplicates == ["again.txt"]
        assert [d.text for d in result.created] == ["Text of new.txt."]
        assert Document.objects.filter(text="Known text.").get() == existing
        assert [e.object_id for e in events] == [str(result.created[0].pk)]

    def test_same_text_twice_in_one_batch_is_imported_once(self, project):
        result = import_documents(
            project=project,
            items=[item("one.txt", "Twice."), item("two.txt", "Twice.")],
            preannotate=False,
        )
        assert len(result.created) == 1
        assert result.duplicates == ["two.txt"]
        assert Document.objects.filter(project=project).count() == 1

    def test_same_text_in_another_project_is_not_a_duplicate(self, project):
        DocumentFactory(project=ProjectFactory(), text="Shared text.")
        result = import_documents(
            project=project, items=[item("a.txt", "Shared text.")], preannotate=False
        )
        assert len(result.created) == 1
        assert result.duplicates == []

    def test_only_duplicates_creates_no_job(self, project):
        DocumentFactory(project=project, text="Known text.")
        result = import_documents(project=project, items=[item("a.txt", "Known text.")])
        assert result.created == []
        assert result.job is None
        assert not Job.objects.exists()

    @pytest.mark.parametrize(
        ("text", "problem"),
        [
            ("", "is empty"),
            ("  \n\t ", "is empty"),
            ("NUL \x00 inside", "NUL"),
        ],
    )
    def test_one_invalid_item_rejects_the_batch_naming_it(self, project, text, problem):
        with new_audit_events() as events, pytest.raises(ValidationError) as caught:
            import_documents(
                project=project,
                items=[item("good.txt"), item("bad.txt", text), item("fine.txt")],
            )
        assert len(messages(caught.value)) == 1
        assert messages(caught.value)[0].startswith("bad.txt: ")
        assert problem in messages(caught.value)[0]
        assert events == []
        assert not Document.objects.exists()
        assert not Job.objects.exists()

    def test_every_problem_is_listed(self, project):
        with pytest.raises(ValidationError) as caught:
            import_documents(project=project, items=[item("a.txt", ""), item("b.txt", "x\x00y")])
        assert messages(caught.value) == ["a.txt: is empty", "b.txt: contains a NUL character"]

    def test_crlf_and_cr_from_any_caller_become_lf(self, project):
        result = import_documents(
            project=project,
            items=[item("form.txt", "Typed in a form\r\nline two\rline three")],
            preannotate=False,
        )
        stored = Document.objects.get(pk=result.created[0].pk)
        assert stored.text == "Typed in a form\nline two\nline three"
        assert stored.text_sha256 == text_sha256(stored.text)

    def test_item_over_the_size_limit_rejects_the_batch(self, project, settings):
        settings.IMPORT_MAX_BYTES = 8
        # Eight characters, but 13 bytes of UTF-8: the limit is in bytes.
        with pytest.raises(ValidationError, match=r"big\.txt: is 13 bytes"):
            import_documents(
                project=project, items=[item("ok.txt", "8 bytes."), item("big.txt", "ééééé123")]
            )
        assert not Document.objects.exists()

    def test_skip_invalid_imports_the_rest_and_says_what_it_left_out(self, project):
        with new_audit_events() as events:
            result = import_documents(
                project=project,
                items=[item("good.txt"), item("bad.txt", ""), item("fine.txt")],
                preannotate=False,
                skip_invalid=True,
            )
        assert [d.title for d in result.created] == ["Text of good.txt.", "Text of fine.txt."]
        assert Document.objects.filter(project=project).count() == 2
        assert result.invalid == ["bad.txt: is empty"]
        assert len(events) == 2

    def test_skip_invalid_leaves_out_only_the_bad_item_of_two_with_one_name(self, project):
        result = import_documents(
            project=project,
            items=[item("paste", "A valid text."), item("paste", "")],
            preannotate=False,
            skip_invalid=True,
        )
        assert [d.text for d in result.created] == ["A valid text."]
        assert result.invalid == ["paste: is empty"]

    @pytest.mark.parametrize(
        ("fields", "problem"),
        [
            ({"source_url": "javascript:alert(1)"}, "source_url"),
            ({"source_url": "data:text/html,<script>alert(1)</script>"}, "source_url"),
            ({"source_url": "ftp://example.org/a"}, "source_url"),
            ({"source_url": "https://example.org/" + "a" * 2000}, "source_url"),
            ({"publisher": "p" * 201}, "publisher"),
            ({"external_id": "x" * 201}, "external_id"),
            ({"text": "lone \ud800 surrogate"}, "not valid Unicode"),
        ],
    )
    def test_bad_fields_reject_the_batch_naming_the_item(self, project, fields, problem):
        bad = item("bad.json", **fields)
        with new_audit_events() as events, pytest.raises(ValidationError) as caught:
            import_documents(project=project, items=[item("good.json"), bad])
        (message,) = messages(caught.value)
        assert message.startswith("bad.json: ")
        assert problem in message
        assert events == []
        assert not Document.objects.exists()

    def test_web_source_urls_and_long_fields_within_limits_are_kept(self, project):
        fields = {"publisher": "p" * 200, "external_id": "x" * 200}
        result = import_documents(
            project=project,
            items=[
                item("a", source_url="https://example.org/a", **fields),
                item("b", source_url="HTTP://EXAMPLE.ORG/b"),
                item("c", source_url=""),
            ],
            preannotate=False,
        )
        assert [d.source_url for d in result.created] == [
            "https://example.org/a",
            "HTTP://EXAMPLE.ORG/b",
            "",
        ]

    def test_crlf_file_is_stored_with_lf_line_ends(self, project, tmp_path):
        path = tmp_path / "windows.txt"
        path.write_bytes(b"Title\r\nSecond line\rThird line\r\n")
        result = import_documents(
            project=project, items=[read_document_file(path)], preannotate=False
        )
        document = Document.objects.get(pk=result.created[0].pk)
        assert document.text == "Title\nSecond line\nThird line\n"
        assert document.title == "Title"

    def test_crlf_and_lf_copies_of_a_file_are_duplicates(self, project, tmp_path):
        (tmp_path / "unix.txt").write_bytes(b"Same\nwords\n")
        (tmp_path / "dos.txt").write_bytes(b"Same\r\nwords\r\n")
        items = [read_document_file(tmp_path / name) for name in ("unix.txt", "dos.txt")]
        result = import_documents(project=project, items=items, preannotate=False)
        assert len(result.created) == 1
        assert result.duplicates == [str(tmp_path / "dos.txt")]

    def test_unicode_text_round_trips(self, project):
        text = "Fans 👍🏽 and e\u0301 and 東京都 and 🇺🇦."
        result = import_documents(project=project, items=[item("u.txt", text)], preannotate=False)
        document = Document.objects.get(pk=result.created[0].pk)
        assert document.text == text
        assert document.text_sha256 == text_sha256(text)


class TestImportWithPreannotation:
    def test_queues_documents_and_waits_for_commit(
        self, project, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            result = import_documents(project=project, items=[item("a.txt", SAMPLE_TEXT)])
        assert len(callbacks) == 1
        document = Document.objects.get()
        assert document.status == Document.Status.QUEUED
        assert not document.spans.exists()
        job = result.job
        assert (job.kind, job.state, job.total) == (Job.Kind.PREANNOTATE, Job.State.PENDING, 1)

    def test_task_runs_after_commit_and_leaves_documents_preannotated(
        self, project, member, django_capture_on_commit_callbacks
    ):
        items = [item("a.txt", SAMPLE_TEXT), item("b.txt", SAMPLE_TEXT + "\nAnother line.")]
        with django_capture_on_commit_callbacks(execute=True):
            result = import_documents(project=project, items=items, actor=member)
        for document in Document.objects.filter(project=project):
            assert document.status == Document.Status.PREANNOTATED
            spans = list(document.spans.all())
            assert spans
            assert all(s.text == document.text[s.start : s.end] for s in spans)
        job = Job.objects.get(pk=result.job.pk)
        assert (job.state, job.total, job.done, job.failed) == (Job.State.DONE, 2, 2, 0)
        assert job.created_by == member
        assert job.code_version == default_engine().label
        assert AuditEvent.objects.filter(action="document.preannotate").count() == 2

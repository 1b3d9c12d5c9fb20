"""Importing documents: validate everything first, then write all of it in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from annotations.models import AuditEvent, Document, Job, Project
from annotations.services.audit import NO_CONTEXT, RequestContext, audit_event
from annotations.services.errors import ValidationError
from annotations.services.validators import is_web_url

TITLE_MAX = 200
_DB_CHUNK = 500


@dataclass(frozen=True)
class DocumentInput:
    """One document to import. `name` says where it came from, for error messages."""

    name: str
    text: str
    title: str = ""
    source_url: str = ""
    publisher: str = ""
    published_at: datetime | None = None
    external_id: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportProblem:
    name: str
    problem: str

    def __str__(self) -> str:
        return f"{self.name}: {self.problem}"


@dataclass
class ImportResult:
    created: list[Document]
    duplicates: list[str]
    job: Job | None
    # With skip_invalid: the problems of the items that were left out.
    invalid: list[str] = field(default_factory=list)


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, as Python's universal newlines read them."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(name: str, data: bytes) -> str:
    """UTF-8 bytes to text as it is stored: no byte-order mark, LF line ends. Every
    reader of files (import, detect_claims) goes through here, so offsets agree."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"{name}: is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    return normalize_newlines(text.removeprefix("\ufeff"))


def decode_document(name: str, data: bytes, *, max_bytes: int | None = None) -> str:
    """Bytes of a text file to the text we store; ValidationError names the file and problem."""
    limit = settings.IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    if len(data) > limit:
        raise ValidationError(
            f"{name}: is {len(data):,} bytes, larger than the {limit:,}-byte limit"
        )
    text = decode_text(name, data)
    if not text.strip():
        raise ValidationError(f"{name}: is empty")
    return text


def read_document_file(path: Path | str, *, max_bytes: int | None = None) -> DocumentInput:
    """Read one UTF-8 text file as a document; the title is its first non-blank line."""
    path = Path(path)
    limit = settings.IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise ValidationError(
                f"{path}: is {size:,} bytes, larger than the {limit:,}-byte limit"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    text = decode_document(str(path), data, max_bytes=limit)
    return DocumentInput(name=str(path), text=text, title=title_from_text(text))


def title_from_text(text: str) -> str:
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if len(first) <= TITLE_MAX:
        return first
    cut = first[:TITLE_MAX].rsplit(" ", 1)[0] or first[:TITLE_MAX]
    return cut + "…"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _problems(item: DocumentInput, limit: int) -> list[ImportProblem]:
    problems = []
    if not item.text.strip():
        problems.append(ImportProblem(item.name, "is empty"))
    try:
        size = len(item.text.encode("utf-8"))
    except UnicodeEncodeError:
        # A lone surrogate (JSON can carry "\ud800") can be neither hashed nor stored.
        return [*problems, ImportProblem(item.name, "is not valid Unicode (lone surrogate)")]
    if size > limit:
        problems.append(
            ImportProblem(item.name, f"is {size:,} bytes, larger than the {limit:,}-byte limit")
        )
    if "\x00" in item.text:
        problems.append(ImportProblem(item.name, "contains a NUL character"))
    if item.source_url and not is_web_url(item.source_url):
        problems.append(
            ImportProblem(item.name, "source_url must be an http:// or https:// address")
        )
    # PostgreSQL refuses longer values (SQLite would silently keep them).
    for name in ("source_url", "publisher", "external_id"):
        max_length = Document._meta.get_field(name).max_length or 0
        if len(getattr(item, name)) > max_length:
            problems.append(
                ImportProblem(item.name, f"{name} is longer than {max_length:,} characters")
            )
    return problems


def _existing_hashes(project: Project, hashes: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(hashes), _DB_CHUNK):
        chunk = hashes[i : i + _DB_CHUNK]
        found.update(
            Document.objects.filter(project=project, text_sha256__in=chunk).values_list(
                "text_sha256", flat=True
            )
        )
    return found


def import_documents(
    *,
    project: Project,
    items: Iterable[DocumentInput],
    actor: AbstractBaseUser | None = None,
    ctx: RequestContext = NO_CONTEXT,
    preannotate: bool = True,
    skip_invalid: bool = False,
    max_bytes: int | None = None,
) -> ImportResult:
    """Import documents into a project, all or nothing.

    Invalid items raise one ValidationError listing every problem, and nothing is
    written, unless skip_invalid, which leaves them out (their problems are in
    ImportResult.invalid). Texts already in the project (or repeated in this batch)
    are reported as duplicates and skipped.
    With preannotate, a Job is created and its tasks are enqueued after commit.
    """
    limit = settings.IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    # Offsets index the stored text, so line ends are settled before anything else.
    items = [replace(item, text=normalize_newlines(item.text)) for item in items]
    checked = [(item, _problems(item, limit)) for item in items]
    problems = [str(p) for _, item_problems in checked for p in item_problems]
    if problems and not skip_invalid:
        raise ValidationError(problems)
    valid = [item for item, item_problems in checked if not item_problems]

    hashed = [(item, text_sha256(item.text)) for item in valid]
    with transaction.atomic():
        existing = _existing_hashes(project, [h for _, h in hashed])
        seen: set[str] = set()
        duplicates: list[str] = []
        documents: list[Document] = []
        names: list[str] = []
        for item, digest in hashed:
            if digest in existing or digest in seen:
                duplicates.append(item.name)
                continue
            seen.add(digest)
            names.append(item.name)
            documents.append(
                Document(
                    project=project,
                    title=(item.title or title_from_text(item.text))[:500],
                    text=item.text,
                    text_sha256=digest,
                    source_url=item.source_url,
                    publisher=item.publisher,
                    published_at=item.published_at,
                    external_id=item.external_id,
                    metadata=item.metadata,
                    status=Document.Status.QUEUED if preannotate else Document.Status.NEW,
                )
            )
        try:
            # A savepoint, so that on PostgreSQL the transaction stays usable for our error.
            with transaction.atomic():
                Document.objects.bulk_create(documents, batch_size=_DB_CHUNK)
        except IntegrityError:
            raise ValidationError(
                "another import added some of these texts at the same moment; nothing was "
                "imported, run the import again"
            ) from None
        AuditEvent.objects.bulk_create(
            [
                audit_event(
                    actor=actor,
                    action="document.import",
                    obj=doc,
                    project_id=project.pk,
                    after={"title": doc.title, "text_sha256": doc.text_sha256, "source": name},
                    ctx=ctx,
                )
                for doc, name in zip(documents, names, strict=True)
            ],
            batch_size=_DB_CHUNK,
        )
        job = None
        if preannotate and documents:
            from annotations.services.preannotation import start_preannotation

            job = start_preannotation(
                project=project, document_ids=[d.pk for d in documents], actor=actor
            )
    return ImportResult(created=documents, duplicates=duplicates, job=job, invalid=problems)

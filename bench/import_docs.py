"""Document import: 10,000 news articles of ~5 KB through the real import service.

Measures `import_documents` as an importer calls it, 1,000 documents per call (one
transaction each), without pre-annotation. Generating the texts is not timed. The
import runs ROUNDS times, each into a new project of the same database (so later
rounds meet a table that already holds documents), and the median round is reported.
"""

from __future__ import annotations

import gc
import statistics
import time

from django.db import connection

from annotations.models import AuditEvent, Document, Project
from annotations.services.documents import DocumentInput, import_documents
from bench.corpus import articles

DOCS = 10_000
BATCH = 1_000  # what the import command and the API hand the service per call
ROUNDS = 3  # the median of three shrugs off one round slowed by a checkpoint or a neighbour


def _import_round(round_no: int, items: list[DocumentInput]) -> float:
    project = Project.objects.create(
        name=f"Import benchmark {round_no}", slug=f"bench-import-{round_no}"
    )
    # Garbage from earlier work must not be collected on the import's clock.
    gc.collect()
    started = time.perf_counter()
    for offset in range(0, len(items), BATCH):
        batch = items[offset : offset + BATCH]
        result = import_documents(project=project, items=batch, preannotate=False)
        if len(result.created) != len(batch):
            raise RuntimeError(f"batch at {offset}: {len(result.duplicates)} texts skipped")
    seconds = time.perf_counter() - started

    # A benchmark that silently imported less would report a flattering figure.
    stored = Document.objects.filter(project=project).count()
    audited = AuditEvent.objects.filter(project_id=project.pk, action="document.import").count()
    if stored != len(items) or audited != len(items):
        raise RuntimeError(
            f"expected {len(items)} documents and audit events, got {stored}/{audited}"
        )
    return seconds


def run() -> dict[str, float]:
    items = [DocumentInput(name=a.name, text=a.text, title=a.title) for a in articles(DOCS)]
    megabytes = sum(len(item.text.encode()) for item in items) / 1e6
    # Connecting is a one-off cost of the process, not of importing.
    connection.ensure_connection()
    print(f"  {DOCS:,} documents, {megabytes:.1f} MB, {DOCS // BATCH} calls of {BATCH:,}")

    rounds = []
    for round_no in range(1, ROUNDS + 1):
        seconds = _import_round(round_no, items)
        rounds.append(seconds)
        print(f"  round {round_no}: {seconds:.3f} s, {DOCS / seconds:,.0f} docs/s")
    seconds = statistics.median(rounds)
    return {
        "import_docs_per_s": round(DOCS / seconds, 1),
        "import_seconds_10k": round(seconds * 10_000 / DOCS, 3),
        "import_mb_per_s": round(megabytes / seconds, 2),
    }

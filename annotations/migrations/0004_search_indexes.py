"""GIN indexes for full-text search (annotations/search.py), on PostgreSQL only.

Expression indexes: each expression is exactly the SQL that search.py's SearchVector
compiles to, COALESCE included, or the planner would not use it. SQLite has no
full-text index here; its fallback search scans.
"""

from django.db import migrations

INDEXES = {
    "span_text_search": (
        "annotations_span",
        "to_tsvector('english'::regconfig, COALESCE(text, ''))",
    ),
    "document_search": (
        "annotations_document",
        "to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || COALESCE(text, ''))",
    ),
    # Spans are also found through their document's title.
    "document_title_search": (
        "annotations_document",
        "to_tsvector('english'::regconfig, COALESCE(title, ''))",
    ),
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, (table, expression) in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}))"
            )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("annotations", "0003_preannotation_queue")]
    operations = [migrations.RunPython(forwards, backwards)]

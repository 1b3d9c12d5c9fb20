"""On PostgreSQL, the audit table refuses UPDATE and DELETE: history is append-only
even for code that bypasses the services. (TRUNCATE, used by test teardown, is allowed.)"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION annotations_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'annotations_auditevent is append-only: ' || TG_OP || ' refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER annotations_audit_append_only
    BEFORE UPDATE OR DELETE ON annotations_auditevent
    FOR EACH ROW EXECUTE FUNCTION annotations_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS annotations_audit_append_only ON annotations_auditevent;
DROP FUNCTION IF EXISTS annotations_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("annotations", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

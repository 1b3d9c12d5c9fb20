from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from annotations.models import Document, Membership, Span


@pytest.mark.django_db
def test_load_seeds_imports_and_preannotates_the_five_articles(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", stdout=StringIO())
    assert Document.objects.filter(project__slug="demo").count() == 5
    assert set(Document.objects.values_list("status", flat=True)) == {"preannotated"}
    assert Span.objects.filter(status="suggested").count() >= 5


@pytest.mark.django_db
def test_load_seeds_twice_imports_nothing_new(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", stdout=StringIO())
    spans = Span.objects.count()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", stdout=out)
    assert Document.objects.count() == 5
    assert Span.objects.count() == spans
    assert out.getvalue().count("duplicate, skipped") == 5


@pytest.mark.django_db
def test_demo_user_prints_a_working_login():
    out = StringIO()
    call_command("demo_user", force=True, stdout=out)
    assert "username 'demo'" in out.getvalue()
    user = authenticate(username="demo", password="factcheck-demo")
    assert user is not None
    assert Membership.objects.get(user=user).role == "manager"


@pytest.mark.django_db
def test_demo_user_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo_user", stdout=StringIO())

from __future__ import annotations

import pytest

from tests.factories import DocumentFactory, MembershipFactory, ProjectFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Unit tests run tasks in process even when REDIS_URL is set; tests marked
    `integration` send them through the real broker to a real worker."""
    from factcheck.celery import app

    eager = not request.node.get_closest_marker("integration")
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager or previous
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fresh_claim_indexes():
    """The matcher caches project indexes per process; ids are reused between tests
    (rolled back), so each test starts with none."""
    from annotations.services.matching import forget_indexes

    forget_indexes()
    yield
    forget_indexes()


@pytest.fixture
def project(db):
    return ProjectFactory()


@pytest.fixture
def member(project):
    """A user with annotator rights on `project`."""
    return MembershipFactory(project=project).user


@pytest.fixture
def outsider(db):
    """A user with a project of their own, but no rights on `project`."""
    return MembershipFactory().user


@pytest.fixture
def document(project):
    return DocumentFactory(project=project)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def suggested_span(document):
    """A machine-suggested span over the document's first sentence, at version 1."""
    from tests.factories import SpanFactory

    return SpanFactory(document=document)

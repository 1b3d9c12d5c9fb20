from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from annotations.models import Document, Membership, Project, Span
from annotations.services.documents import text_sha256

SAMPLE_TEXT = (
    "Ukraine's military intelligence said nearly 12,000 North Korean soldiers were sent "
    "to Russia. The weather was pleasant that day.\nAbout 8,000 of them are in Kursk, "
    "according to US officials."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pw-for-tests")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    project = factory.SubFactory(ProjectFactory)
    role = Membership.Role.ANNOTATOR


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Document {n}")
    text = factory.Sequence(lambda n: f"{SAMPLE_TEXT}\nDocument number {n}.")
    text_sha256 = factory.LazyAttribute(lambda d: text_sha256(d.text))


class SpanFactory(factory.django.DjangoModelFactory):
    """A machine-suggested span over the first sentence of the document."""

    class Meta:
        model = Span

    document = factory.SubFactory(DocumentFactory)
    start = 0
    end = factory.LazyAttribute(lambda s: s.document.text.index(".") + 1)
    text = factory.LazyAttribute(lambda s: s.document.text[s.start : s.end])
    kind = "statistic"
    origin = Span.Origin.MODEL
    engine = "test/1"
    status = Span.Status.SUGGESTED
    score = 0.9
    model_start = factory.LazyAttribute(lambda s: s.start)
    model_end = factory.LazyAttribute(lambda s: s.end)

"""The domain model. Writes go through annotations.services; models hold no side effects."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact

DEFAULT_CLAIM_KINDS = ["statistic", "quote", "attribution", "event", "comparison"]
DEFAULT_VERDICT_SCALE = ["supported", "refuted", "mixed", "unproven"]


def default_claim_kinds() -> list[str]:
    return list(DEFAULT_CLAIM_KINDS)


def default_verdict_scale() -> list[str]:
    return list(DEFAULT_VERDICT_SCALE)


class Project(models.Model):
    class Mode(models.TextChoices):
        SHARED = "shared", "Shared (one working set per document)"
        INDEPENDENT = "independent", "Independent (one set per annotator)"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    guidelines = models.TextField(blank=True, help_text="Markdown")
    claim_kinds = models.JSONField(default=default_claim_kinds)
    verdict_scale = models.JSONField(default=default_verdict_scale)
    annotation_mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.SHARED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        ANNOTATOR = "annotator"
        REVIEWER = "reviewer"
        MANAGER = "manager"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ANNOTATOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "project"], name="membership_unique_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.project} as {self.role}"


class Document(models.Model):
    class Status(models.TextChoices):
        NEW = "new"
        QUEUED = "queued"
        PREANNOTATED = "preannotated"
        IN_REVIEW = "in_review"
        REVIEWED = "reviewed"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=500)
    # Immutable once imported: every span offset points into it.
    text = models.TextField()
    text_sha256 = models.CharField(max_length=64)
    source_url = models.URLField(max_length=2000, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(max_length=200, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    # When it was last queued for pre-annotation; empty once it leaves the queue. The
    # sweep re-sends documents queued for too long (their task message was lost).
    queued_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "text_sha256"], name="document_unique_text_per_project"
            ),
        ]
        indexes = [
            models.Index(fields=["project", "status"], name="document_project_status"),
            models.Index(
                fields=["queued_at"], condition=Q(status="queued"), name="document_queued_since"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Span(models.Model):
    class Origin(models.TextChoices):
        MODEL = "model"
        HUMAN = "human"

    class Status(models.TextChoices):
        SUGGESTED = "suggested"
        ACCEPTED = "accepted"
        REJECTED = "rejected"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="spans")
    # Unicode code points into Document.text, end exclusive.
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=50)
    origin = models.CharField(max_length=10, choices=Origin.choices)
    engine = models.CharField(max_length=100, blank=True, help_text="name/version for model spans")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUGGESTED)
    score = models.FloatField(null=True, blank=True)
    attrs = models.JSONField(default=dict, blank=True)
    # The boundaries as first proposed, so boundary corrections can be measured.
    model_start = models.PositiveIntegerField(null=True, blank=True)
    model_end = models.PositiveIntegerField(null=True, blank=True)
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_spans",
        help_text="Owner in independent mode; empty in shared mode.",
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Last person to change it; empty while only the engine has touched it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["document_id", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(start__gte=0), name="span_start_nonnegative"),
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="span_start_before_end"),
            models.CheckConstraint(
                condition=Exact(Length("text"), F("end") - F("start")),
                name="span_text_length_matches_offsets",
            ),
            models.CheckConstraint(
                condition=Q(model_start__isnull=True, model_end__isnull=True)
                | Q(
                    model_start__isnull=False,
                    model_end__isnull=False,
                    model_start__lt=F("model_end"),
                ),
                name="span_model_offsets_ordered",
            ),
            models.CheckConstraint(
                condition=Q(origin="human") | ~Q(engine=""), name="span_model_names_engine"
            ),
            # The natural key of machine output: re-running an engine never duplicates.
            models.UniqueConstraint(
                fields=["document", "model_start", "model_end", "kind", "engine"],
                condition=Q(origin="model"),
                name="span_unique_model_proposal",
            ),
        ]
        indexes = [
            models.Index(fields=["document", "status"], name="span_document_status"),
            # The matcher's per-process index reads only the spans changed since it
            # last looked (services/matching.py).
            models.Index(fields=["updated_at"], name="span_updated_at"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} [{self.start}:{self.end}] {self.text[:40]}"


class Verdict(models.Model):
    """The current verdict on a claim span; earlier ones live in the audit trail."""

    span = models.OneToOneField(Span, on_delete=models.CASCADE, related_name="verdict")
    label = models.CharField(max_length=50)
    rationale = models.TextField(blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.label} on span {self.span_id}"


class Evidence(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports"
        REFUTES = "refutes"
        CONTEXT = "context"

    class Origin(models.TextChoices):
        MATCHER = "matcher"
        HUMAN = "human"

    class Status(models.TextChoices):
        SUGGESTED = "suggested"
        ACCEPTED = "accepted"
        REJECTED = "rejected"

    claim = models.ForeignKey(Span, on_delete=models.CASCADE, related_name="evidence")
    # Either a span elsewhere in the corpus, or an external source.
    source_span = models.ForeignKey(
        Span, null=True, blank=True, on_delete=models.CASCADE, related_name="cited_by"
    )
    url = models.URLField(max_length=2000, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    excerpt = models.TextField(blank=True)
    source_date = models.DateField(null=True, blank=True)
    stance = models.CharField(max_length=10, choices=Stance.choices)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.HUMAN)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACCEPTED)
    score = models.FloatField(null=True, blank=True)
    reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(source_span__isnull=False) & Q(url=""))
                | (Q(source_span__isnull=True) & ~Q(url="")),
                name="evidence_internal_xor_external",
            ),
            models.CheckConstraint(condition=~Q(source_span=F("claim")), name="evidence_not_self"),
            models.UniqueConstraint(
                fields=["claim", "source_span"],
                condition=Q(source_span__isnull=False),
                name="evidence_unique_internal_link",
            ),
        ]

    def __str__(self) -> str:
        target = f"span {self.source_span_id}" if self.source_span_id else self.url
        return f"{self.stance}: {target}"


class AuditEvent(models.Model):
    """Append-only record of a change, written in the same transaction as the change.

    Foreign keys are not enforced so that deleting a user, project or span never
    rewrites or removes history. On PostgreSQL a trigger rejects UPDATE and DELETE.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=60)
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["project", "-id"], name="audit_project"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id} by {self.actor_name or 'system'}"


class Job(models.Model):
    class Kind(models.TextChoices):
        IMPORT = "import"
        PREANNOTATE = "preannotate"
        EXPORT = "export"

    class State(models.TextChoices):
        PENDING = "pending"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    code_version = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Last sign of life: a task started on it or counted a document. The sweep leaves
    # the documents of a job that is making progress alone (they wait in a busy queue).
    progressed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.state} {self.done}/{self.total}"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.state == self.State.DONE else 0
        return min(100, round(100 * (self.done + self.failed) / self.total))


class JobItem(models.Model):
    """One document of a job. Settling an item (pending -> done/skipped/failed) is what
    counts it, once, however often its task runs: a redelivered batch finds its items
    settled and adds nothing."""

    class State(models.TextChoices):
        PENDING = "pending"
        DONE = "done"
        # Left the queue before this job reached it (taken into review, or already
        # pre-annotated by another job's task): nothing left to do, counted as done.
        SKIPPED = "skipped"
        FAILED = "failed"

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="items")
    # Not a foreign key: a document deleted while queued is still counted, as failed.
    document_id = models.BigIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    # How many times the sweep re-sent it; past a limit it is failed, not sent again.
    resent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "document_id"], name="jobitem_unique_document"),
        ]
        indexes = [
            models.Index(
                fields=["document_id"], condition=Q(state="pending"), name="jobitem_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"job {self.job_id} document {self.document_id}: {self.state}"

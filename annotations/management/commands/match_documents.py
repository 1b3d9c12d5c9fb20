from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations.models import Document, Project
from annotations.services.matching import match_documents

BATCH = 200


class Command(BaseCommand):
    help = (
        "Match the claims of a project's pre-annotated documents against the project and "
        "store the suggested evidence links that are missing (after a broker outage or a "
        "matcher upgrade). Pairs already linked, suggested or rejected are left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--project", metavar="SLUG", required=True, help="the project")

    def handle(self, *args: Any, **options: Any) -> None:
        project = Project.objects.filter(slug=options["project"]).first()
        if project is None:
            raise CommandError(f"project {options['project']!r} does not exist")
        ids = list(
            Document.objects.filter(project=project)
            .exclude(status__in=[Document.Status.NEW, Document.Status.QUEUED])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        claims = links = 0
        for start in range(0, len(ids), BATCH):
            outcome = match_documents(ids[start : start + BATCH])
            claims += outcome.claims
            links += outcome.links
        self.stdout.write(
            f"{project.slug}: {len(ids)} document(s), {claims} claim(s) matched, "
            f"{links} new suggested link(s)"
        )

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from annotations.models import Job, Project
from annotations.services.preannotation import rerun_preannotation


class Command(BaseCommand):
    help = (
        "Queue pre-annotation again: by default the documents still new or queued (a lost "
        "task message, a broker that was down); with --all every document not in review "
        "(after an engine upgrade; spans a person touched are kept). One job per project."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--project", metavar="SLUG", help="one project (default: all)")
        parser.add_argument(
            "--all",
            action="store_true",
            dest="everything",
            help="also documents already pre-annotated (not those in review or reviewed)",
        )

    def handle(self, *args, **options) -> None:
        projects = self._projects(options["project"])
        broker_errors: list[Job] = []
        failed: list[Job] = []
        for project in projects:
            job = rerun_preannotation(project=project, everything=options["everything"])
            if job is None:
                self.stdout.write(f"{project.slug}: nothing to pre-annotate")
                continue
            job.refresh_from_db()  # in the embedded mode the tasks ran on commit
            self.stdout.write(
                f"{project.slug}: job #{job.pk}, {job.total} document(s) queued "
                f"({reverse('job_detail', args=[project.slug, job.pk])})"
            )
            if job.is_finished:
                self._outcome(job)
                if job.state == Job.State.FAILED:
                    failed.append(job)
            elif any("could not reach the task broker" in e for e in job.errors):
                broker_errors.append(job)
            else:
                self.stdout.write("  sent to the workers; the job page shows its progress")
        if broker_errors:
            raise CommandError(
                "the task broker could not be reached; the documents stay queued, and the "
                "sweep or the next `preannotate` sends them: "
                + "; ".join(f"job #{job.pk}: {job.errors[-1]}" for job in broker_errors)
            )
        if failed:
            raise CommandError(
                "no document could be pre-annotated in job "
                + ", ".join(f"#{job.pk}" for job in failed)
            )

    def _projects(self, slug: str | None) -> list[Project]:
        if slug is None:
            return list(Project.objects.order_by("slug"))
        project = Project.objects.filter(slug=slug).first()
        if project is None:
            known = ", ".join(Project.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                f"project {slug!r} does not exist; known projects: {known or '(none)'}"
            )
        return [project]

    def _outcome(self, job: Job) -> None:
        style = self.style.SUCCESS if job.state == Job.State.DONE else self.style.ERROR
        self.stdout.write(style(f"  {job.state}: {job.done} done, {job.failed} failed"))
        for error in job.errors:
            self.stdout.write(self.style.WARNING(f"  {error}"))

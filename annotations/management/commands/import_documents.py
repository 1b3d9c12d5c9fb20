from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations.models import Project
from annotations.services import (
    DocumentInput,
    ValidationError,
    import_documents,
    read_document_file,
)


def expand(paths: list[str]) -> list[Path]:
    """Files as given; a folder stands for the .txt files in it, in name order."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        out.extend(sorted(path.glob("*.txt")) if path.is_dir() else [path])
    return out


class Command(BaseCommand):
    help = (
        "Import UTF-8 text files (one document each; title from the first line) into a "
        "project. All or nothing unless --skip-invalid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="text files or folders")
        parser.add_argument("--project", required=True, help="slug of the project")
        parser.add_argument(
            "--create-project",
            metavar="NAME",
            help="create the project with this name if the slug does not exist",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid files and list the invalid ones, instead of importing none",
        )
        parser.add_argument(
            "--max-bytes", type=int, help="largest file accepted (default: IMPORT_MAX_BYTES)"
        )
        parser.add_argument(
            "--no-preannotate", action="store_true", help="do not queue pre-annotation"
        )

    def handle(self, *args, **options) -> None:
        if options["max_bytes"] is not None and options["max_bytes"] < 1:
            raise CommandError(f"--max-bytes must be at least 1; got {options['max_bytes']}")
        project = self._project(options["project"], options["create_project"])
        paths = expand(options["paths"])
        if not paths:
            raise CommandError("no .txt files found in the paths given")
        items: list[DocumentInput] = []
        problems: list[str] = []
        for path in paths:
            try:
                items.append(read_document_file(path, max_bytes=options["max_bytes"]))
            except ValidationError as exc:
                problems.extend(exc.messages)
        if problems and not options["skip_invalid"]:
            raise CommandError(
                "nothing imported; fix these files or pass --skip-invalid:\n  "
                + "\n  ".join(problems)
            )
        try:
            result = import_documents(
                project=project,
                items=items,
                preannotate=not options["no_preannotate"],
                skip_invalid=options["skip_invalid"],
                max_bytes=options["max_bytes"],
            )
        except ValidationError as exc:
            raise CommandError("nothing imported:\n  " + "\n  ".join(exc.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Imported {len(result.created)} document(s) into {project.slug}.")
        )
        for name in result.duplicates:
            self.stdout.write(f"  duplicate, skipped: {name}")
        for problem in [*problems, *result.invalid]:
            self.stdout.write(self.style.WARNING(f"  invalid, skipped: {problem}"))
        if result.job is not None:
            result.job.refresh_from_db()
            self.stdout.write(
                f"Pre-annotation job #{result.job.pk}: {result.job.state}, "
                f"{result.job.done}/{result.job.total} done"
            )

    def _project(self, slug: str, create_name: str | None) -> Project:
        project = Project.objects.filter(slug=slug).first()
        if project is not None:
            return project
        if not create_name:
            raise CommandError(
                f"project {slug!r} does not exist; pass --create-project NAME to create it"
            )
        return Project.objects.create(slug=slug, name=create_name)

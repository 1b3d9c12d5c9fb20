from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

DEMO_SLUG = "demo"
DEMO_NAME = "Demo: North Korean troops in Russia"


class Command(BaseCommand):
    help = "Import the seed articles (seeds/*.txt) into the demo project and pre-annotate them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--project", default=DEMO_SLUG, help="slug (default: demo)")
        parser.add_argument("--path", default=str(settings.BASE_DIR / "seeds"))

    def handle(self, *args, **options) -> None:
        # Already-imported seeds are reported as duplicates, so this can run on every demo start.
        call_command(
            "import_documents",
            options["path"],
            project=options["project"],
            create_project=DEMO_NAME,
            stdout=self.stdout,
        )

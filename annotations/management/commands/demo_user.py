from __future__ import annotations

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations.models import Membership, Project

from .load_seeds import DEMO_NAME, DEMO_SLUG

DEFAULT_PASSWORD = "factcheck-demo"  # noqa: S105 - demo only; set DEMO_PASSWORD to change


class Command(BaseCommand):
    help = "Create (or reset) the demo login, a manager of the demo project, and print it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="demo")
        parser.add_argument("--project", default=DEMO_SLUG)
        parser.add_argument(
            "--force",
            action="store_true",
            help="create it even with DEBUG off (it is a superuser with a known password)",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "refusing to create a superuser with a known password while DEBUG is off; "
                "pass --force if this really is a demo"
            )
        password = os.environ.get("DEMO_PASSWORD", DEFAULT_PASSWORD)
        if not password:
            raise CommandError("DEMO_PASSWORD is set but empty")
        project, _ = Project.objects.get_or_create(
            slug=options["project"], defaults={"name": DEMO_NAME}
        )
        user, _ = get_user_model().objects.get_or_create(username=options["username"])
        user.set_password(password)
        # Staff, so the demo can show the audit trail in the admin.
        user.is_staff = user.is_superuser = True
        user.save()
        Membership.objects.update_or_create(
            user=user, project=project, defaults={"role": Membership.Role.MANAGER}
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo login: username {user.get_username()!r}, password {password!r} "
                f"(project {project.slug!r})"
            )
        )

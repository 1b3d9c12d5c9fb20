"""The Celery app. Configuration comes from Django settings (CELERY_* names).

The beat schedule runs the pre-annotation sweep. Run beat once per deployment: `make
worker` embeds it (`celery worker -B`); workers on other hosts run without `-B`.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

SWEEP = "sweep-preannotation"


@app.on_after_configure.connect
def schedule_sweep(sender: Celery, **kwargs: Any) -> None:
    # Here rather than at import: the interval is a Django setting, read once the
    # configuration (which comes from Django settings) is loaded.
    from django.conf import settings

    every = float(settings.PREANNOTATE_SWEEP_EVERY)
    sender.conf.beat_schedule = {
        **sender.conf.beat_schedule,
        SWEEP: {
            "task": "annotations.tasks.sweep_preannotation",
            "schedule": every,
            # With the workers down, sweeps must not pile up in the queue.
            "options": {"expires": every},
        },
    }

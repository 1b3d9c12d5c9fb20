"""The claims board of a project: two queries whatever its size (the live links, then
the claims they join with their documents' titles and dates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone

from annotations.board import clusters as cl
from annotations.board.chart import Chart, chart
from annotations.board.table import Row, rows
from annotations.claims.facts import describe
from annotations.models import Evidence, Project, Span

SHOWN = 30  # clusters on the page, the largest first


@dataclass(slots=True)
class ClusterView:
    number: int
    cluster: cl.Cluster
    rows: list[Row]
    chart: Chart | None

    @property
    def anchor(self) -> str:
        return f"cluster-{self.number}"


@dataclass(slots=True)
class Board:
    clusters: list[ClusterView]
    total: int  # clusters found, shown or not
    claims: int  # claims in any cluster

    @property
    def more(self) -> int:
        return self.total - len(self.clusters)


def claims_board(project: Project, shown: int = SHOWN) -> Board:
    # Both ends in the project: a link to another project's span never shows here.
    live = Evidence.objects.filter(
        claim__document__project=project,
        source_span__document__project=project,
    ).exclude(status=Evidence.Status.REJECTED)
    links = [
        cl.Link(*row)
        for row in live.values_list(
            "claim_id", "source_span_id", "stance", "status", "origin", "reason"
        )
    ]
    # A subquery rather than a list of ids: no limit on how many claims are linked.
    spans = (
        Span.objects.filter(document__project=project)
        .exclude(status=Span.Status.REJECTED)
        .filter(Q(pk__in=live.values("claim_id")) | Q(pk__in=live.values("source_span_id")))
        .select_related("document")
        .only("text", "start", "attrs", "document__title", "document__published_at")
        .order_by("document_id", "start", "id")
    )
    claims = [
        cl.Claim(
            pk=span.pk,
            text=span.text,
            start=span.start,
            document_id=span.document_id,
            document_title=span.document.title,
            published=_day(span.document.published_at),
            facts=describe(span.text, span.attrs or None, span.start),
        )
        for span in spans
    ]
    found = cl.build(claims, links)
    views = []
    for number, cluster in enumerate(found[:shown], start=1):
        table = rows(cluster)
        views.append(ClusterView(number, cluster, table, chart(cluster.title, table)))
    return Board(views, len(found), sum(len(c.claims) for c in found))


def _day(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment else None

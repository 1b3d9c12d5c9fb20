"""A cluster's rows: numbers, documents, and links to the other rows."""

from __future__ import annotations

from annotations.board.clusters import build
from annotations.board.table import rows
from tests.board.claims import TROOPS_KURSK, TROOPS_RUSSIA, TROOPS_TOTAL, both, claim, link


def table():
    claims = [
        claim(1, TROOPS_RUSSIA, document=7, speaker="the ministry"),
        claim(2, TROOPS_KURSK, document=7),
        claim(3, TROOPS_TOTAL, document=9),
    ]
    links = (
        both(1, 2)
        + both(1, 3, "refutes", reason="about 8,000 vs 12,000: intervals do not overlap")
        + [link(2, 3, "context", status="accepted", origin="human")]
    )
    (cluster,) = build(claims, links)
    return rows(cluster)


def test_rows_are_numbered_with_their_documents_in_order():
    found = table()
    assert [(r.number, r.claim.pk, r.document_number) for r in found] == [
        (1, 1, 1),
        (2, 2, 1),
        (3, 3, 2),
    ]


def test_a_conflict_names_the_other_row_and_the_reason():
    first, second, third = table()
    assert [(c.number, c.reason) for c in first.conflicts] == [
        (3, "about 8,000 vs 12,000: intervals do not overlap")
    ]
    assert [c.number for c in third.conflicts] == [1]
    assert second.conflicts == []


def test_other_links_are_grouped_by_kind_and_status():
    first, second, third = table()
    assert [(g.verb, g.status, [x.number for x in g.links]) for g in first.link_groups] == [
        ("agrees with", "suggested", [2])
    ]
    assert [(g.verb, g.status, g.origin) for g in second.link_groups] == [
        ("agrees with", "suggested", "matcher"),
        ("related to", "accepted", "human"),
    ]
    assert [(g.verb, [x.number for x in g.links]) for g in third.link_groups] == [
        ("related to", [2])
    ]


def test_row_reads_who_where_and_interval():
    first, second, _ = table()
    assert (first.who, first.where, first.interval) == ("the ministry", "Russia", "7,200–8,800")
    assert (second.who, second.where) == ("", "Kursk, Russia")

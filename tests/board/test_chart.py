"""The geometry of a cluster's chart: axes, intervals, open ends, conflicts."""

from __future__ import annotations

from datetime import date

from annotations.board.chart import BOTTOM, TOP, chart
from annotations.board.clusters import build
from annotations.board.table import rows
from tests.board.claims import NO_FIGURE, both, claim


def drawn(claims, links):
    (cluster,) = build(claims, links)
    table = rows(cluster)
    return chart(cluster.title, table), table


def test_no_chart_without_figures():
    claims = [claim(1, NO_FIGURE), claim(2, NO_FIGURE.replace("Seoul", "Tokyo"))]
    (cluster,) = build(claims, both(1, 2))
    assert chart(cluster.title, rows(cluster)) is None


def test_points_bars_and_open_ends():
    claims = [
        claim(1, "About 8,000 North Korean troops are in Russia.", document=1),
        claim(2, "Over 12,000 North Korean troops are in Russia.", document=2),
        claim(3, "Up to 6,000 North Korean troops are in Russia.", document=3),
    ]
    figure, _ = drawn(claims, both(1, 2, "refutes") + both(1, 3))
    about, over, up_to = figure.points
    # About 8,000: a closed bar around the point.
    assert about.top < about.y < about.bottom and not (about.open_top or about.open_bottom)
    # Over 12,000: open upwards, to the top of the plot, with an arrow.
    assert over.open_top and over.top == TOP and over.bottom == over.y
    # Up to 6,000: open downwards to the axis.
    assert up_to.open_bottom and up_to.bottom == BOTTOM and up_to.top == up_to.y
    assert [p.conflict for p in figure.points] == [True, True, False]
    assert over.y < about.y < up_to.y  # larger values higher up


def test_y_ticks_are_round_and_cover_every_figure():
    claims = [
        claim(1, "About 8,000 North Korean troops are in Russia."),
        claim(2, "Nearly 12,000 North Korean troops are in Russia."),
    ]
    figure, _ = drawn(claims, both(1, 2))
    labels = [t.label for t in figure.y_ticks]
    assert labels == ["0", "5,000", "10,000", "15,000"]
    assert figure.y_ticks[0].at == BOTTOM and figure.y_ticks[-1].at == TOP


def test_x_is_time_when_two_claims_have_dates():
    claims = [
        claim(1, "About 8,000 North Korean troops are in Russia.", published=date(2024, 10, 31)),
        claim(2, "Nearly 12,000 North Korean troops are in Russia.", published=date(2025, 1, 10)),
        claim(3, "Some 10,000 North Korean troops are in Russia."),
    ]
    figure, _ = drawn(claims, both(1, 2) + both(2, 3))
    assert figure.x_label == "date"
    assert [p.number for p in figure.points] == [1, 2]  # the undated one left out
    assert figure.points[0].x < figure.points[1].x
    assert [t.label for t in figure.x_ticks] == ["31 Oct 2024", "5 Dec 2024", "10 Jan 2025"]
    assert "1 undated not drawn" in figure.label


def test_x_is_document_order_when_fewer_than_two_are_dated():
    claims = [
        claim(1, "About 8,000 North Korean troops are in Russia.", document=5),
        claim(2, "Around 8,000 North Korean troops are in Russia.", document=5),
        claim(
            3,
            "Nearly 12,000 North Korean troops are in Russia.",
            document=2,
            published=date(2024, 12, 1),
        ),
    ]
    figure, _ = drawn(claims, both(1, 2) + both(2, 3))
    assert figure.x_label.startswith("documents")
    assert [t.label for t in figure.x_ticks] == ["D1", "D2"]
    xs = {p.number: p.x for p in figure.points}
    # The dated claim is first in the table, its document D1; the two of D2 side by side.
    assert xs[1] < xs[2] < xs[3]
    assert abs(xs[3] - xs[2]) < abs(xs[2] - xs[1])


def test_rates_and_totals_do_not_share_an_axis():
    claims = [
        claim(1, "About 92 North Korean soldiers were killed every day in Kursk."),
        claim(2, "About 100 North Korean soldiers were killed every day in Kursk."),
        claim(3, "About 3,800 North Korean soldiers were killed in Kursk."),
    ]
    figure, _ = drawn(claims, both(1, 2) + both(2, 3, "context"))
    assert [p.number for p in figure.points] == [1, 2]
    assert figure.y_label.endswith("a day")
    assert "1 total not drawn" in figure.label


def test_label_summarises_the_chart_and_titles_name_each_claim():
    claims = [
        claim(
            1,
            "Reports said about 8,000 North Korean troops are in Russia.",
            title="Daily A",
            speaker="Reports",
        ),
        claim(2, "Over 12,000 North Korean troops are in Russia.", title="Weekly B"),
    ]
    figure, _ = drawn(claims, both(1, 2, "refutes"))
    assert figure.label == (
        "North Korean troops in Russia: 2 figures from about 8,000 to over 12,000, "
        "2 in conflict; x axis: documents in table order (no dates)"
    )
    first = figure.points[0].title
    assert first.startswith("#1: about 8,000 troops (7,200–8,800) — Reports")
    assert "D1 Daily A" in first and first.endswith("conflicts with #2")


def test_rates_on_a_time_axis_keep_their_unit():
    claims = [
        claim(
            1,
            "About 92 North Korean soldiers were killed every day in Kursk.",
            published=date(2024, 12, 1),
        ),
        claim(
            2,
            "About 100 North Korean soldiers were killed every day in Kursk.",
            published=date(2025, 1, 5),
        ),
    ]
    figure, _ = drawn(claims, both(1, 2))
    assert figure.x_label == "date"
    assert figure.y_label == "killed a day"
    assert figure.label.startswith(
        "North Korean killed in Kursk: 2 figures from 92 a day to 100 a day"
    )

"""Clusters of matched claims: components of live links, split by the topic of each
claim's main figure, titled in words, largest first."""

from __future__ import annotations

from annotations.board.clusters import build, pairs
from tests.board.claims import (
    CASUALTIES,
    CASUALTIES_2,
    NO_FIGURE,
    TROOPS_KURSK,
    TROOPS_RUSSIA,
    TROOPS_TOTAL,
    both,
    claim,
    link,
)


def members(cluster) -> list[int]:
    return sorted(c.pk for c in cluster.claims)


def test_linked_claims_form_one_cluster_through_a_chain():
    claims = [claim(1, TROOPS_RUSSIA), claim(2, TROOPS_KURSK), claim(3, TROOPS_TOTAL)]
    found = build(claims, both(1, 2) + both(2, 3))
    assert [members(c) for c in found] == [[1, 2, 3]]


def test_unlinked_claims_are_in_no_cluster():
    claims = [claim(1, TROOPS_RUSSIA), claim(2, TROOPS_KURSK), claim(3, TROOPS_TOTAL)]
    assert [members(c) for c in build(claims, both(1, 2))] == [[1, 2]]


def test_rejected_links_do_not_join_claims():
    claims = [claim(1, TROOPS_RUSSIA), claim(2, TROOPS_KURSK), claim(3, TROOPS_TOTAL)]
    links = both(1, 2) + both(2, 3, status="rejected")
    assert [members(c) for c in build(claims, links)] == [[1, 2]]


def test_one_live_direction_is_enough_to_join():
    claims = [claim(1, TROOPS_RUSSIA), claim(2, TROOPS_KURSK)]
    links = [link(1, 2, status="rejected"), link(2, 1, origin="human", status="accepted")]
    (cluster,) = build(claims, links)
    assert members(cluster) == [1, 2]
    assert cluster.pairs[0].status == "accepted"


def test_links_to_claims_not_given_are_left_out():
    # A rejected span or another project's span is not passed in.
    claims = [claim(1, TROOPS_RUSSIA), claim(2, TROOPS_KURSK)]
    assert build(claims, both(1, 2) + both(1, 99)) and len(build(claims, both(1, 99))) == 0


def test_a_component_is_split_by_the_topic_of_its_figures():
    claims = [
        claim(1, TROOPS_RUSSIA),
        claim(2, TROOPS_TOTAL),
        claim(3, CASUALTIES),
        claim(4, CASUALTIES_2),
    ]
    # A `related` link joins troops and casualties into one component.
    links = both(1, 2) + both(3, 4) + both(2, 3, "context")
    found = build(claims, links)
    # Of equal size and conflicts, by title.
    assert [members(c) for c in found] == [[3, 4], [1, 2]]
    titles = [c.title for c in found]
    assert titles == ["North Korean killed or wounded in Kursk", "North Korean troops in Russia"]
    # The link across topics belongs to neither cluster.
    assert [(p.a, p.b) for c in found for p in c.pairs] == [(3, 4), (1, 2)]


def test_a_claim_without_figure_joins_the_largest_topic():
    claims = [
        claim(1, TROOPS_RUSSIA),
        claim(2, TROOPS_TOTAL),
        claim(3, CASUALTIES),
        claim(4, NO_FIGURE),
    ]
    links = both(1, 2) + both(2, 3, "context") + both(3, 4, "context")
    found = build(claims, links)
    assert [members(c) for c in found] == [[1, 2, 4], [3]]


def test_title_names_the_place_that_holds_most_figures():
    # Kursk lies in Russia: all three figures are in Russia.
    claims = [claim(1, TROOPS_RUSSIA), claim(2, TROOPS_KURSK), claim(3, TROOPS_TOTAL)]
    (cluster,) = build(claims, both(1, 2) + both(2, 3))
    assert cluster.title == "North Korean troops in Russia"


def test_title_names_the_most_specific_shared_place():
    claims = [claim(1, TROOPS_KURSK), claim(2, TROOPS_KURSK.replace("11,000", "10,500"))]
    (cluster,) = build(claims, both(1, 2))
    assert cluster.title == "North Korean troops in Kursk"


def test_title_leaves_out_a_place_most_figures_do_not_share():
    claims = [
        claim(1, "About 300 Russian tanks were destroyed in Donetsk."),
        claim(2, "Some 250 Russian tanks were destroyed near Kharkiv."),
        claim(3, "Over 200 Russian tanks were destroyed in the war."),
    ]
    (cluster,) = build(claims, both(1, 2) + both(2, 3))
    assert cluster.title == "Russian tanks"


def test_title_without_figures_is_the_most_shared_words():
    claims = [
        claim(1, "Sergei Shoigu met Vladimir Putin in Vladivostok on a rainy day."),
        claim(2, "Putin and Sergei Shoigu talked in Vladivostok for hours."),
    ]
    (cluster,) = build(claims, both(1, 2))
    assert cluster.topic is None
    # "Vladimir" is in one claim only: "Putin" alone is shared.
    assert cluster.title == "Sergei Shoigu, Putin, Vladivostok"


def test_largest_clusters_first_then_the_most_conflicted():
    troops = [claim(k, TROOPS_RUSSIA.replace("8,000", f"{k},000"), document=k) for k in (1, 2)]
    more_troops = [claim(k, f"About {k}00 Chinese workers are in Laos.") for k in (3, 4)]
    casualties = [claim(5, CASUALTIES), claim(6, CASUALTIES_2), claim(7, CASUALTIES)]
    links = both(1, 2, "refutes") + both(3, 4) + both(5, 6) + both(6, 7)
    found = build(troops + more_troops + casualties, links)
    assert [members(c) for c in found] == [[5, 6, 7], [1, 2], [3, 4]]
    assert [len(c.conflicts) for c in found] == [0, 1, 0]


def test_claims_are_ordered_by_date_then_document():
    from datetime import date

    claims = [
        claim(1, TROOPS_RUSSIA, document=1),
        claim(2, TROOPS_TOTAL, document=2, published=date(2024, 11, 5)),
        claim(3, TROOPS_KURSK, document=3, published=date(2024, 10, 23)),
    ]
    (cluster,) = build(claims, both(1, 2) + both(2, 3))
    assert [c.pk for c in cluster.claims] == [3, 2, 1]


def test_pairs_take_both_directions_as_one_and_prefer_decisions_and_people():
    links = [
        link(1, 2, "supports"),
        link(2, 1, "refutes", status="accepted"),
        link(3, 4, "context"),
        link(4, 3, "supports", origin="human"),
    ]
    found = pairs(links)
    assert [(p.a, p.b, p.stance, p.status, p.origin) for p in found] == [
        (1, 2, "refutes", "accepted", "matcher"),
        (3, 4, "supports", "suggested", "human"),
    ]
    assert [p.conflict for p in found] == [True, False]


def test_self_links_are_ignored():
    claims = [claim(1, TROOPS_RUSSIA)]
    assert build(claims, [link(1, 1)]) == []

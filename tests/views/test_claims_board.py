"""The claims board page: clusters of linked claims with their table and chart,
conflicts, dates, escaping, access, and a fixed number of queries."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from annotations.models import Document, Evidence, Project, Span
from tests.factories import DocumentFactory, SpanFactory

# Session, user, project, live links, linked claims with their documents.
PAGE_QUERIES = 5

XSS = '<script>alert("x")</script>'
XSS_ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def board_url(project: Project) -> str:
    return reverse("claims_board", args=[project.slug])


def page(client, project: Project) -> str:
    response = client.get(board_url(project))
    assert response.status_code == 200
    return response.content.decode()


def claim(
    project: Project,
    sentence: str,
    *,
    title: str | None = None,
    published: datetime | None = None,
    speaker: str = "",
    document: Document | None = None,
    **fields,
) -> Span:
    """A claim span over `sentence`, in a new document (or appended to `document`).
    `speaker` must occur in the sentence: the engine's attribution points at it."""
    if document is None:
        document = DocumentFactory(
            project=project,
            text=f"Intro line.\n{sentence}\nClosing line.",
            **({"title": title} if title else {}),
            published_at=published,
        )
    start = document.text.index(sentence)
    attrs = {}
    if speaker:
        at = start + sentence.index(speaker)
        attrs["attribution"] = {
            "speaker": speaker,
            "cue": "said",
            "start": at,
            "end": at + len(speaker),
        }
    return SpanFactory(
        document=document,
        start=start,
        end=start + len(sentence),
        text=sentence,
        attrs=attrs,
        **fields,
    )


def link(a: Span, b: Span, stance: str = "supports", **fields) -> list[Evidence]:
    """Evidence both ways, as the matcher stores it."""
    fields.setdefault("origin", Evidence.Origin.MATCHER)
    fields.setdefault("status", Evidence.Status.SUGGESTED)
    fields.setdefault("reason", f"{a.text[:20]} vs {b.text[:20]}")
    return [
        Evidence.objects.create(claim=a, source_span=b, stance=stance, **fields),
        Evidence.objects.create(claim=b, source_span=a, stance=stance, **fields),
    ]


def sections(html: str) -> list[str]:
    return re.findall(r'<section class="card cluster".*?</section>', html, flags=re.S)


def heading(section: str) -> str:
    return re.search(r"<h2[^>]*>(.*?)</h2>", section, flags=re.S).group(1)


def rows(section: str) -> list[str]:
    return re.findall(r"<tr id=.*?</tr>", section, flags=re.S)


@pytest.fixture
def troops(project):
    """Three troop figures (one refuting another), linked to two casualty figures by
    a `related` link, and a pair of figure-less claims."""
    a = claim(project, "About 8,000 North Korean troops are in Russia's Kursk region.")
    b = claim(project, "Nearly 12,000 North Korean troops were sent to Russia, officials said.")
    c = claim(project, "Officials said 11,000 North Korean troops are in Russia.")
    d = claim(project, "At least 3,000 North Korean soldiers were killed or wounded in Kursk.")
    e = claim(
        project, "Officials said 1,200 North Korean soldiers were killed or wounded in Kursk."
    )
    f = claim(project, "Sergei Shoigu met Hanna Lee in Pyongyang again.")
    g = claim(project, "Sergei Shoigu and Hanna Lee spoke in Pyongyang.")
    link(a, b, "refutes", reason="about 8,000 vs nearly 12,000: intervals do not overlap")
    link(b, c)
    link(c, d, "context")
    link(d, e)
    link(f, g, "supports", origin=Evidence.Origin.HUMAN, status=Evidence.Status.ACCEPTED)
    return [a, b, c, d, e, f, g]


def test_clusters_are_split_by_topic_and_titled(member_client, project, troops):
    html = page(member_client, project)
    found = sections(html)
    assert [heading(s) for s in found] == [
        "North Korean troops in Russia",
        "North Korean killed or wounded in Kursk",
        "Sergei Shoigu, Hanna Lee, Pyongyang",
    ]
    assert [len(rows(s)) for s in found] == [3, 2, 2]
    assert "7 claims in 3 clusters" in html


def test_each_row_shows_figure_interval_who_where_and_document(member_client, project):
    one = claim(
        project,
        "General Kim said nearly 12,000 North Korean troops are in Russia's Kursk region.",
        title="The daily report",
        speaker="General Kim",
    )
    two = claim(project, "Over 12,000 North Korean troops are in Russia's Kursk region.")
    link(one, two)
    (section,) = sections(page(member_client, project))
    first, second = rows(section)
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", first, flags=re.S)
    assert "nearly 12,000 North Korean troops" not in cells[1]  # the figure, not the claim
    assert "nearly 12,000 troops" in cells[1] and "10,800–12,000" in cells[1]
    assert cells[2] == "General Kim"
    assert cells[3] == "Kursk, Russia"
    assert "The daily report" in cells[5]
    assert "≥ 12,000" in second


def test_claim_text_links_to_its_document_with_the_claim_selected(member_client, project, troops):
    html = page(member_client, project)
    a = troops[0]
    url = reverse("document_detail", args=[project.slug, a.document_id])
    assert (
        f'<a href="{url}?span={a.pk}#span-{a.pk}">{a.text.replace(chr(39), "&#x27;")}</a>' in html
    )


def test_rows_in_conflict_are_highlighted_with_reason_and_other_row(member_client, project, troops):
    (section, *_) = sections(page(member_client, project))
    first, second, third = rows(section)
    assert 'class="in-conflict"' in first and 'class="in-conflict"' in second
    assert "in-conflict" not in third
    assert (
        '<span class="badge conflict">conflict</span> with <a href="#cluster-1-row-2">#2</a>'
        in first
    )
    assert "about 8,000 vs nearly 12,000: intervals do not overlap" in first
    assert '<span class="badge conflict">1 conflict</span>' in section
    # The chart marks the two as conflicts too.
    assert section.count('<g class="point conflict"') == 2


def test_link_status_and_origin_are_visible(member_client, project, troops):
    found = sections(page(member_client, project))
    assert '<span class="badge link-suggested">suggested</span>' in found[0]
    assert (
        '<span class="badge link-accepted">accepted</span> <span class="muted">by a person'
        in found[2]
    )


def test_rejected_links_and_claims_are_left_out(member_client, project, troops):
    _, _, _, _, e, f, g = troops
    Evidence.objects.filter(claim__in=[f, g]).update(status=Evidence.Status.REJECTED)
    Span.objects.filter(pk=e.pk).update(status=Span.Status.REJECTED)
    html = page(member_client, project)
    assert [heading(s) for s in sections(html)] == [
        "North Korean troops in Russia",
        "North Korean killed or wounded in Kursk",
    ]
    assert f.text not in html and e.text not in html


def test_links_to_another_projects_claims_are_left_out(member_client, project):
    mine = claim(project, "About 8,000 North Korean troops are in Russia.")
    elsewhere = claim(DocumentFactory().project, "Nearly 12,000 North Korean troops are in Russia.")
    link(mine, elsewhere)
    html = page(member_client, project)
    assert sections(html) == [] and elsewhere.text not in html
    assert "No matched claims yet" in html


def test_dates_published_else_from_the_text_else_a_dash(member_client, project):
    published = claim(
        project,
        "About 8,000 North Korean troops are in Russia.",
        published=datetime(2024, 10, 31, 12, tzinfo=UTC),
    )
    from_text = claim(
        project, "On November 4, 2024 nearly 12,000 North Korean troops were in Russia."
    )
    from_text.attrs = {"dates": [{"text": "On November 4, 2024", "value": "2024-11-04"}]}
    from_text.save()
    undated = claim(project, "Some 11,000 North Korean troops are in Russia.")
    link(published, from_text)
    link(from_text, undated)
    (section,) = sections(page(member_client, project))
    first, second, third = rows(section)
    assert '<time datetime="2024-10-31">2024-10-31</time>' in first
    assert (
        '<time datetime="2024-11-04">On November 4, 2024</time> <span class="muted">(in the text)'
        in second
    )
    assert '<td class="cell-when">—</td>' in third
    # Two dated claims: the chart's x is time, the undated one left out.
    assert "x axis: date; 1 undated not drawn" in section
    assert '<span class="chart-notes">1 undated not drawn.</span>' in section
    assert ">31 Oct 2024<" in section


def test_chart_is_an_accessible_svg_without_script(member_client, project, troops):
    (section, *_) = sections(page(member_client, project))
    svg = re.search(r"<svg.*?</svg>", section, flags=re.S).group(0)
    assert 'role="img"' in svg
    assert (
        'aria-label="North Korean troops in Russia: 3 figures from about 8,000 to nearly 12,000, '
        "2 in conflict; x axis: documents in table order (no dates)"
    ) in svg
    # A hover title on each of the 3 points and each of the 3 documents' ticks.
    assert svg.count('<g class="point') == 3
    assert svg.count("<title>") == 6
    assert "<script" not in svg
    assert ">10,000</text>" in svg  # a labelled tick


def test_hostile_titles_text_and_speakers_are_escaped(member_client, project):
    one = claim(
        project,
        f"{XSS} said about 8,000 North Korean troops are in Russia.",
        title=f"{XSS} title",
        speaker=XSS,
    )
    two = claim(
        project, "Nearly 12,000 North Korean troops are in Russia <img src=x onerror=alert(1)>."
    )
    link(one, two, "refutes", reason=f"{XSS} reason")
    html = page(member_client, project)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    svg = re.search(r"<svg.*?</svg>", html, flags=re.S).group(0)
    # In the table: title, speaker, claim text, reason; in the chart's hover titles.
    assert html.count(f"{XSS_ESCAPED} title") >= 2
    assert f"{XSS_ESCAPED} said about 8,000" in html
    assert f"{XSS_ESCAPED} reason" in html
    assert f"— {XSS_ESCAPED} —" in svg
    assert f"D1 {XSS_ESCAPED} title" in svg
    assert f"<title>{XSS_ESCAPED} title</title>D1" in svg  # the tick's hover title
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_only_the_largest_30_clusters_are_shown(member_client, project):
    for k in range(32):
        a = claim(project, f"About {k + 1},000 workers of firm F{k} are in Laos.")
        b = claim(project, f"Nearly {k + 2},000 workers of firm F{k} are in Laos.")
        link(a, b)
    big = [claim(project, f"Some {k},500 North Korean troops are in Russia.") for k in (1, 2, 3)]
    link(big[0], big[1])
    link(big[1], big[2])
    html = page(member_client, project)
    assert len(sections(html)) == 30
    assert heading(sections(html)[0]) == "North Korean troops in Russia"
    assert "And 3 more clusters, smaller, not shown." in html
    assert "67 claims in 33 clusters; the largest 30 are shown." in html


def _clusters(project: Project, n: int, start: int = 0) -> None:
    """`n` clusters of two claims each, in documents of their own."""
    for k in range(start, start + n):
        a = claim(project, f"About {k + 1},000 North Korean troops are in region R{k}.")
        b = claim(project, f"Over {k + 3},000 North Korean troops are in region R{k}.")
        link(a, b, "refutes" if k % 2 else "supports")


def test_page_costs_the_same_queries_for_2_and_20_clusters(
    member_client, project, django_assert_num_queries
):
    member_client.get(board_url(project))  # warm the session
    _clusters(project, 2)
    with django_assert_num_queries(PAGE_QUERIES):
        html = page(member_client, project)
    assert len(sections(html)) == 2
    _clusters(project, 18, start=2)
    with django_assert_num_queries(PAGE_QUERIES):
        html = page(member_client, project)
    assert len(sections(html)) == 20


def test_login_required(client, project):
    response = client.get(board_url(project))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_another_projects_board_is_404_for_a_non_member(member_client, outsider):
    other = outsider.memberships.get().project
    assert member_client.get(board_url(other)).status_code == 404


def test_superuser_sees_any_board(client, project, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "pw"))
    assert client.get(board_url(project)).status_code == 200


def test_dashboard_links_to_the_board(member_client, project):
    html = member_client.get(reverse("project_detail", args=[project.slug])).content.decode()
    assert f'<a href="{board_url(project)}">Claims board</a>' in html


def test_board_only_answers_get(member_client, project):
    assert member_client.post(board_url(project)).status_code == 405

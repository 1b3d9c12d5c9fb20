"""A reviewer's day in the real browser: keyboard review of a seed document, a span
made by mouse selection, a verdict, evidence from another document and from the web,
then on to the next document. Screenshots go to docs/screenshots/ for the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from annotations.models import AuditEvent, Document, Evidence, Project, Span

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def open_first_document(page: Page, project: Project) -> Document:
    document = Document.objects.filter(project=project).order_by("id").first()
    page.goto(f"/p/{project.slug}/d/{document.pk}/")
    page.wait_for_selector("#doc-text mark.span")
    return document


def test_keyboard_review_of_a_document(page, login, demo):
    login("demo", "factcheck-demo")
    document = open_first_document(page, demo)
    spans = list(document.spans.order_by("start", "-end", "id"))
    assert len(spans) >= 4

    # j selects the first claim; a accepts it.
    page.keyboard.press("j")
    expect(page.locator("#span-panel")).to_have_attribute("data-selected", str(spans[0].pk))
    expect(page.locator(f'#doc-text mark[data-span="{spans[0].pk}"]').first).to_have_class(
        re.compile(r"\bselected\b")
    )
    page.keyboard.press("a")
    expect(page.locator(f"#span-{spans[0].pk}")).to_have_class(re.compile("status-accepted"))
    expect(page.locator(f'#doc-text mark[data-span="{spans[0].pk}"]').first).to_have_class(
        re.compile("status-accepted")
    )
    spans[0].refresh_from_db()
    assert spans[0].status == Span.Status.ACCEPTED

    # j, x rejects the second.
    page.keyboard.press("j")
    expect(page.locator("#span-panel")).to_have_attribute("data-selected", str(spans[1].pk))
    page.keyboard.press("x")
    expect(page.locator(f"#span-{spans[1].pk}")).to_have_class(re.compile("status-rejected"))
    spans[1].refresh_from_db()
    assert spans[1].status == Span.Status.REJECTED

    # j, ] widens the third claim's end by one word.
    page.keyboard.press("j")
    expect(page.locator("#span-panel")).to_have_attribute("data-selected", str(spans[2].pk))
    old_end = spans[2].end
    page.keyboard.press("]")
    expect(page.locator("#span-panel .facts")).to_contain_text("version 2")
    spans[2].refresh_from_db()
    assert spans[2].end > old_end
    assert spans[2].text == document.text[spans[2].start : spans[2].end]

    # u undoes it.
    page.keyboard.press("u")
    expect(page.locator("#span-panel .notice")).to_contain_text("Undone")
    spans[2].refresh_from_db()
    assert spans[2].end == old_end

    # Verdict with a rationale: e to write, Esc to leave the field, 1 to give it.
    page.keyboard.press("k")
    page.keyboard.press("k")
    expect(page.locator("#span-panel")).to_have_attribute("data-selected", str(spans[0].pk))
    page.keyboard.press("e")
    page.keyboard.type("The ministry's own figures agree.")
    page.keyboard.press("Escape")
    page.keyboard.press("1")
    expect(page.locator("#span-panel .verdict-form legend")).to_contain_text("supported")
    verdict = Span.objects.get(pk=spans[0].pk).verdict
    assert (verdict.label, verdict.rationale) == ("supported", "The ministry's own figures agree.")

    # ? shows the cheat sheet; Escape closes it.
    page.keyboard.press("?")
    expect(page.locator("dialog#shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("dialog#shortcuts")).to_be_hidden()


def drag_select(page: Page, needle: str) -> None:
    """Select `needle` in the unhighlighted text with a real mouse drag."""
    box = page.evaluate(
        """(needle) => {
          const root = document.getElementById('doc-text');
          for (const node of root.childNodes) {
            if (node.nodeType !== Node.TEXT_NODE) continue;
            const at = node.data.indexOf(needle);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at); range.setEnd(node, at + 1);
            const first = range.getBoundingClientRect();
            range.setStart(node, at + needle.length - 1); range.setEnd(node, at + needle.length);
            const last = range.getBoundingClientRect();
            return {x1: first.left + 1, y1: first.top + first.height / 2,
                             x2: last.right - 1, y2: last.top + last.height / 2};
          }
          return null;
        }""",
        needle,
    )
    assert box, f"{needle!r} is not in the unhighlighted text"
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move((box["x1"] + box["x2"]) / 2, box["y2"], steps=5)
    page.mouse.move(box["x2"], box["y2"], steps=5)
    page.mouse.up()


def plain_words(page: Page, document: Document) -> str:
    """Three whole words of text no span covers, cut mid-word to test snapping."""
    covered = [False] * len(document.text)
    for span in document.spans.all():
        for i in range(span.start, span.end):
            covered[i] = True
    for match in re.finditer(r"\b[A-Za-z]{4,} [A-Za-z]{3,} [A-Za-z]{4,}\b", document.text):
        if not any(covered[match.start() : match.end()]):
            return match.group()
    raise AssertionError("no plain text to select")


def test_mouse_selection_verdict_evidence_and_next_document(page, login, demo):
    login("demo", "factcheck-demo")
    document = open_first_document(page, demo)

    # A new claim from a mouse selection that starts and ends mid-word.
    words = plain_words(page, document)
    drag_select(page, words[1:-1])
    expect(page.locator("#new-span")).to_have_attribute("open", "")
    page.locator("#new-span select[name=kind]").select_option("event")
    page.locator("#new-span button[type=submit]").click()
    created = page.wait_for_function(
        "document.getElementById('span-panel').dataset.selected"
    ).json_value()
    span = Span.objects.get(pk=int(created))
    assert span.origin == Span.Origin.HUMAN and span.kind == "event"
    assert span.text == words  # snapped to whole words
    expect(page.locator(f'#doc-text mark[data-span="{span.pk}"]')).to_have_count(1)

    # Link a claim from another document as supporting evidence.
    other = Span.objects.exclude(document=document).filter(document__project=demo).first()
    query = " ".join(re.findall(r"[A-Za-z]{5,}", other.text)[:2])
    page.keyboard.press("/")
    page.keyboard.type(query)
    hit = page.locator("#evidence-results li", has_text=other.document.title).first
    expect(hit).to_be_visible()
    hit.get_by_role("button", name=re.compile("^Link as supports")).click()
    expect(page.locator("#span-panel .evidence-list")).to_contain_text(other.document.title)
    linked = Evidence.objects.get(claim=span)
    assert linked.source_span.document_id != document.pk
    assert linked.stance == Evidence.Stance.SUPPORTS

    # An external source.
    page.locator("#span-panel details.external-source summary").click()
    form = page.locator("#span-panel details.external-source form")
    form.get_by_label("URL").fill("https://www.reuters.com/world/example-report")
    form.get_by_label("Publisher").fill("Reuters")
    form.get_by_label("Quoted excerpt").fill("Officials confirmed the figure.")
    form.get_by_label("Date").fill("2024-10-23")
    form.get_by_label("refutes").check()
    form.get_by_role("button", name="Add source").click()
    expect(page.locator("#span-panel .evidence-list")).to_contain_text("Reuters")
    external = Evidence.objects.get(claim=span, source_span=None)
    assert (external.publisher, external.stance) == ("Reuters", "refutes")
    assert str(external.source_date) == "2024-10-23"

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / "review.png"))

    # m: suggestions are still open, so the page asks; "anyway" marks it and moves on.
    page.keyboard.press("m")
    expect(page.get_by_role("alert")).to_contain_text("still undecided")
    page.get_by_role("button", name=re.compile("Mark reviewed anyway")).click()
    page.wait_for_url(re.compile(r"/d/\d+/$"))
    document.refresh_from_db()
    assert document.status == Document.Status.REVIEWED
    assert f"/d/{document.pk}/" not in page.url
    expect(page.locator("#doc-title")).to_be_visible()
    assert AuditEvent.objects.filter(action="document.reviewed", object_id=str(document.pk))

    page.goto(f"/p/{demo.slug}/")
    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)
    page.keyboard.press("n")  # the dashboard's next-document key
    page.wait_for_url(re.compile(r"/d/\d+/$"))
    assert f"/d/{document.pk}/" not in page.url


def test_same_edit_from_two_browsers_gives_the_second_a_409(browser, live_server, demo):
    pages = []
    for _ in range(2):
        context = browser.new_context(base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto("/login/")
        page.get_by_label("Username").fill("demo")
        page.get_by_label("Password").fill("factcheck-demo")
        page.get_by_role("button", name="Log in").click()
        pages.append(page)
    first, second = pages
    document = Document.objects.filter(project=demo).order_by("id").first()
    span = document.spans.order_by("start", "-end", "id").first()
    for page in pages:
        page.goto(f"/p/{demo.slug}/d/{document.pk}/?span={span.pk}")
        expect(page.locator("#span-panel")).to_have_attribute("data-selected", str(span.pk))

    first.keyboard.press("a")
    expect(first.locator(f"#span-{span.pk}")).to_have_class(re.compile("status-accepted"))
    second.keyboard.press("x")  # saw version 1; it is at 2 now
    alert = second.locator("#span-panel .alert.conflict")
    expect(alert).to_contain_text("Someone else changed this claim first")
    expect(alert).to_contain_text("accepted")
    span.refresh_from_db()
    assert (span.status, span.version) == (Span.Status.ACCEPTED, 2)  # nothing lost

    second.keyboard.press("r")  # re-apply the rejection on top, knowingly
    expect(second.locator(f"#span-{span.pk}")).to_have_class(re.compile("status-rejected"))
    span.refresh_from_db()
    assert (span.status, span.version) == (Span.Status.REJECTED, 3)
    actions = list(
        AuditEvent.objects.filter(object_type="span", object_id=str(span.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["span.accept", "span.reject"]
    for page in pages:
        page.context.close()


def test_review_without_javascript(browser, live_server, demo):
    """Links and forms carry href/action: with scripts off, review still works
    through full page loads."""
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/login/")
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill("factcheck-demo")
    page.get_by_role("button", name="Log in").click()
    document = Document.objects.filter(project=demo).order_by("id").first()
    span = document.spans.order_by("start", "-end", "id").first()
    page.goto(f"/p/{demo.slug}/d/{document.pk}/")

    page.locator(f"#span-{span.pk} a").click()  # a plain link: the page reloads
    expect(page.locator("#span-panel")).to_have_attribute("data-selected", str(span.pk))
    page.locator("#span-panel").get_by_role("button", name=re.compile("^Accept")).click()
    expect(page.locator(f"#span-{span.pk}")).to_have_class(re.compile("status-accepted"))
    page.locator("#span-panel").get_by_label("refuted").check()
    page.locator("#span-panel").get_by_label("Rationale").fill("No source gives this number.")
    page.locator("#span-panel").get_by_role("button", name="Save verdict").click()
    expect(page.locator("#span-panel .verdict-form legend")).to_contain_text("refuted")
    page.locator("#span-panel").get_by_role("button", name=re.compile("Widen: end")).click()
    span.refresh_from_db()
    assert (span.status, span.verdict.label, span.version) == ("accepted", "refuted", 4)
    context.close()


def test_focus_stays_on_the_button_pressed(page, login, demo):
    login("demo", "factcheck-demo")
    document = open_first_document(page, demo)
    span = document.spans.order_by("start", "-end", "id").first()
    page.keyboard.press("j")
    expect(page.locator("#span-panel")).to_have_attribute("data-selected", str(span.pk))
    reject = page.locator('#span-panel button[data-action="reject"]')
    reject.focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#span-{span.pk}")).to_have_class(re.compile("status-rejected"))
    # The panel was replaced; focus is on the new panel's Reject button, visibly.
    expect(page.locator('#span-panel button[data-action="reject"]')).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"

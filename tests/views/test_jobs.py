"""The job page and its progress fragment, polled by htmx until the job ends."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotations.models import Job
from tests.factories import MembershipFactory, ProjectFactory

HX = {"HTTP_HX_REQUEST": "true"}


def make_job(project, **fields) -> Job:
    defaults = {"kind": Job.Kind.PREANNOTATE, "total": 10, "state": Job.State.RUNNING}
    return Job.objects.create(project=project, **{**defaults, **fields})


def url(job: Job) -> str:
    return reverse("job_detail", args=[job.project.slug, job.pk])


@pytest.fixture
def running(project) -> Job:
    return make_job(project, done=3, failed=1, errors=["document 7: ValueError: bad"])


@pytest.fixture
def finished(project) -> Job:
    return make_job(project, state=Job.State.DONE, done=9, failed=1, errors=["document 7: x"])


class TestJobPage:
    def test_shows_progress_counts_and_errors(self, member_client, running):
        response = member_client.get(url(running))
        assert response.status_code == 200
        html = response.content.decode()
        assert "<html" in html
        assert 'value="40"' in html  # (3 done + 1 failed) of 10
        assert "3 done" in html
        assert "1 failed" in html
        assert "of 10" in html
        assert "document 7: ValueError: bad" in html

    def test_a_running_job_polls_its_own_fragment(self, member_client, running):
        html = member_client.get(url(running)).content.decode()
        assert f'hx-get="{url(running)}"' in html
        assert 'hx-trigger="every 1s"' in html
        assert 'hx-swap="outerHTML"' in html

    def test_a_finished_job_does_not_poll(self, member_client, finished):
        html = member_client.get(url(finished)).content.decode()
        assert "hx-trigger" not in html
        assert 'value="100"' in html

    def test_links_carry_an_href(self, member_client, running):
        html = member_client.get(url(running)).content.decode()
        assert f'<a href="{url(running)}">preannotate #{running.pk}</a>' in html

    def test_costs_a_fixed_number_of_queries(
        self, member_client, running, django_assert_num_queries
    ):
        # session, user, project (membership), job with its creator
        with django_assert_num_queries(4):
            assert member_client.get(url(running)).status_code == 200

    def test_errors_are_escaped(self, member_client, project):
        job = make_job(project, errors=["document 1: <script>alert(1)</script>"])
        html = member_client.get(url(job)).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;" in html


class TestProgressFragment:
    def test_htmx_request_gets_only_the_fragment(self, member_client, running):
        response = member_client.get(url(running), **HX)
        assert response.status_code == 200
        html = response.content.decode()
        assert html.lstrip().startswith(
            f'<div class="job-progress state-running" id="job-{running.pk}"'
        )
        assert "<html" not in html
        assert "<h1" not in html
        assert "3 done" in html
        assert 'hx-trigger="every 1s"' in html
        assert response["Vary"] == "HX-Request, Cookie"

    def test_a_finished_job_stops_the_polling(self, member_client, finished):
        response = member_client.get(url(finished), **HX)
        assert response.status_code == 286  # htmx: swap, then stop polling
        html = response.content.decode()
        assert "hx-trigger" not in html
        assert "hx-get" not in html
        assert "9 done" in html

    def test_a_failed_job_stops_the_polling_too(self, member_client, project):
        job = make_job(project, state=Job.State.FAILED, failed=10)
        assert member_client.get(url(job), **HX).status_code == 286

    def test_shows_the_latest_five_errors(self, member_client, project):
        job = make_job(project, failed=7, errors=[f"error {i}" for i in range(7)])
        html = member_client.get(url(job), **HX).content.decode()
        assert "7 errors, latest 5" in html
        assert "error 1<" not in html
        assert all(f"error {i}<" in html for i in range(2, 7))

    def test_costs_a_fixed_number_of_queries(
        self, member_client, running, django_assert_num_queries
    ):
        with django_assert_num_queries(4):
            member_client.get(url(running), **HX)


class TestPermissions:
    @pytest.mark.parametrize("headers", [{}, HX], ids=["page", "fragment"])
    def test_anonymous_user_is_sent_to_login(self, client, running, headers):
        response = client.get(url(running), **headers)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    @pytest.mark.parametrize("headers", [{}, HX], ids=["page", "fragment"])
    def test_non_member_gets_404(self, client, outsider, running, headers):
        client.force_login(outsider)
        assert client.get(url(running), **headers).status_code == 404

    def test_a_job_of_another_project_is_404_under_this_one(self, member_client, project):
        other = make_job(ProjectFactory())
        response = member_client.get(reverse("job_detail", args=[project.slug, other.pk]))
        assert response.status_code == 404

    def test_any_member_role_may_watch(self, client, project, running):
        reviewer = MembershipFactory(project=project, role="reviewer").user
        client.force_login(reviewer)
        assert client.get(url(running), **HX).status_code == 200


class TestProjectPage:
    def test_running_jobs_poll_and_finished_ones_do_not(
        self, member_client, project, running, finished
    ):
        html = member_client.get(reverse("project_detail", args=[project.slug])).content.decode()
        assert f'hx-get="{url(running)}"' in html
        assert f'hx-get="{url(finished)}"' not in html
        assert html.count('hx-trigger="every 1s"') == 1
        assert f'<a href="{url(finished)}">preannotate #{finished.pk}</a>' in html
        assert "3 done" in html
        assert "document 7: ValueError: bad" in html

    def test_query_count_does_not_grow_with_jobs(
        self, member_client, project, django_assert_num_queries
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        page = reverse("project_detail", args=[project.slug])
        make_job(project)
        member_client.get(page)
        with CaptureQueriesContext(connection) as few:
            member_client.get(page)
        for _ in range(4):
            make_job(project, errors=["e"])
        with django_assert_num_queries(len(few)):
            member_client.get(page)

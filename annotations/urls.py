from django.contrib.auth import views as auth_views
from django.urls import include, path

from annotations import views, views_board, views_evidence, views_jobs, views_review

# Everything under one document: /p/<slug>/d/<document_id>/...
document_urls = [
    path("", views.document_detail, name="document_detail"),
    path("spans/", views_review.span_new, name="span_new"),
    path("undo/", views_review.review_undo, name="review_undo"),
    path("reviewed/", views_review.document_reviewed, name="document_reviewed"),
    path("s/<int:span_id>/", views_review.span_panel, name="span_panel"),
    path("s/<int:span_id>/verdict/", views_review.span_verdict, name="span_verdict"),
    path(
        "s/<int:span_id>/evidence/search/",
        views_evidence.evidence_search,
        name="evidence_search",
    ),
    path("s/<int:span_id>/evidence/link/", views_evidence.evidence_link, name="evidence_link"),
    path(
        "s/<int:span_id>/evidence/external/",
        views_evidence.evidence_external,
        name="evidence_external",
    ),
    path(
        "s/<int:span_id>/evidence/<int:evidence_id>/<slug:action>/",
        views_evidence.evidence_action,
        name="evidence_action",
    ),
    path("s/<int:span_id>/<slug:action>/", views_review.span_action, name="span_action"),
]

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("", views.project_list, name="project_list"),
    path("p/<slug:slug>/", views.project_detail, name="project_detail"),
    path("p/<slug:slug>/next/", views_review.review_next, name="review_next"),
    path("p/<slug:slug>/claims/", views_board.claims_board, name="claims_board"),
    path("p/<slug:slug>/d/<int:document_id>/", include(document_urls)),
    path("p/<slug:slug>/jobs/<int:job_id>/", views_jobs.job_detail, name="job_detail"),
]

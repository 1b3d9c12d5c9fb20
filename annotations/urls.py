from django.contrib.auth import views as auth_views
from django.urls import path

from annotations import views, views_jobs, views_review

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("", views.project_list, name="project_list"),
    path("p/<slug:slug>/", views.project_detail, name="project_detail"),
    path("p/<slug:slug>/next/", views_review.review_next, name="review_next"),
    path(
        "p/<slug:slug>/d/<int:document_id>/",
        views.document_detail,
        name="document_detail",
    ),
    path(
        "p/<slug:slug>/d/<int:document_id>/s/<int:span_id>/",
        views_review.span_panel,
        name="span_panel",
    ),
    path(
        "p/<slug:slug>/d/<int:document_id>/s/<int:span_id>/verdict/",
        views_review.span_verdict,
        name="span_verdict",
    ),
    path(
        "p/<slug:slug>/d/<int:document_id>/s/<int:span_id>/<slug:action>/",
        views_review.span_status,
        name="span_status",
    ),
    path("p/<slug:slug>/jobs/<int:job_id>/", views_jobs.job_detail, name="job_detail"),
]

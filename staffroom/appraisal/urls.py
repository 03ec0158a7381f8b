from django.urls import path

from . import views

app_name = "appraisal"

urlpatterns = [
    # Where I stand, and the appraisals I read.
    path("", views.overview, name="overview"),
    path("<int:pk>/", views.appraisal_detail, name="detail"),
    path("<int:pk>/objectives/new/", views.objective_create, name="objective_create"),
    path("<int:pk>/self-review/", views.self_review, name="self_review"),
    path("<int:pk>/access/", views.access_log, name="access_log"),
    path("<int:pk>/record.pdf", views.record_pdf, name="record_pdf"),
    path("<int:pk>/files/<int:file_pk>/", views.evidence_file, name="evidence_file"),
    path("objectives/<int:pk>/", views.objective_detail, name="objective_detail"),
    path("objectives/<int:pk>/edit/", views.objective_edit, name="objective_edit"),
    path("objectives/<int:pk>/check-ins/", views.objective_check_in, name="objective_check_in"),
    path("objectives/<int:pk>/status/", views.objective_status, name="objective_status"),
    path("objectives/<int:pk>/carry-over/", views.objective_carry_over, name="objective_carry_over"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("reviews/<int:pk>/notes/", views.review_notes, name="review_notes"),
    path("reviews/<int:pk>/record/", views.review_record, name="review_record"),
    path("reviews/<int:pk>/sign/", views.review_sign, name="review_sign"),
    path("reviews/<int:pk>/approve/", views.review_approve, name="review_approve"),
    path("reviews/<int:pk>/outcome/", views.review_outcome, name="review_outcome"),
    # Support needs for the CPD plan: counts only.
    path("needs/", views.needs, name="needs"),
    path("needs.csv", views.needs_csv, name="needs_csv"),
    # Running the cycle (headteacher and senior leaders).
    path("cycle/", views.cycle, name="cycle"),
    path("cycle/new/", views.cycle_create, name="cycle_create"),
    path("cycle/<int:pk>/settings/", views.cycle_settings, name="cycle_settings"),
    path("cycle/<int:pk>/stages/new/", views.stage_add, name="stage_add"),
    path("cycle/<int:pk>/appraisals/new/", views.appraisals_create, name="appraisals_create"),
    path("cycle/<int:pk>/appraisers/", views.appraisers_save, name="appraisers_save"),
    path("cycle/<int:pk>/appraisers/line-managers/", views.appraisers_line_managers, name="appraisers_line_managers"),
    path("cycle/stages/<int:pk>/", views.stage_edit, name="stage_edit"),
    path("cycle/stages/<int:pk>/remove/", views.stage_remove, name="stage_remove"),
    path("cycle/outcomes/new/", views.outcome_add, name="outcome_add"),
    path("cycle/outcomes/<int:pk>/remove/", views.outcome_remove, name="outcome_remove"),
    path("cycle/appraisals/<int:pk>/reviewers/", views.reviewers, name="reviewers"),
    path("cycle/reviewers/<int:pk>/remove/", views.reviewer_remove, name="reviewer_remove"),
]

from django.urls import path
from rest_framework.routers import SimpleRouter

from confirmations import api, api_figures, api_penalties, request_urls
from confirmations.views import bonds, cases, detention, evidence, figures, items, penalties, photos, stats

app_name = "confirmations"

router = SimpleRouter()
router.register("api/cases", api.CaseViewSet, basename="api-case")
router.register("api/items", api.ItemViewSet, basename="api-item")
router.register("api/applications", api.ApplicationViewSet, basename="api-application")
router.register("api/bonds", api.GeneralBondViewSet, basename="api-bond")
router.register("api/webhooks", api.WebhookViewSet, basename="api-webhook")
router.register("api/penalties", api_penalties.PublicPenaltyViewSet, basename="api-penalty")
router.register("api/penalty-decisions", api_penalties.PenaltyDecisionViewSet, basename="api-penalty-decision")

urlpatterns = [
    path("cases/", cases.case_list, name="case-list"),
    path("cases/new/", cases.case_new, name="case-new"),
    path("cases/<int:pk>/", cases.case_detail, name="case-detail"),
    path("cases/<int:pk>/status.json", cases.case_status, name="case-status"),
    path("cases/<int:pk>/export.zip", evidence.case_export, name="case-export"),
    path("evidence/seal.json", evidence.seal_download, name="evidence-seal"),
    path("evidence/seal-<str:day>.json", evidence.seal_download, name="evidence-seal-day"),
    path("items/<int:pk>/act/<str:action>/", cases.item_act, name="item-act"),
    path("items/<int:pk>/notice/", cases.item_notice, name="item-notice"),
    path("items/<int:pk>/step/<str:action>/", detention.item_step, name="item-step"),
    path("applications/<int:pk>/receipt/", detention.application_receipt, name="application-receipt"),
    path("applications/<int:pk>/<str:action>/", detention.application_act, name="application-act"),
    path("inbox/", items.inbox, name="inbox"),
    path("inbox/decide/", items.bulk_decide, name="bulk-decide"),
    path("items/<int:pk>/", items.item_detail, name="item-detail"),
    path("items/<int:pk>/decide/", items.item_decide_view, name="item-decide"),
    path("items/photos/<int:pk>/", photos.photo, name="photo"),
    path("items/photos/<int:pk>/thumb/", photos.photo, {"thumb": True}, name="photo-thumb"),
    path("items/photos/<int:pk>/display/", photos.photo, {"display": True}, name="photo-display"),
    path("recordal-images/<int:pk>/", photos.recordal_image, name="recordal-image"),
    path("bonds/", bonds.bond_list, name="bonds"),
    path("bonds/<int:pk>/<str:verdict>/", bonds.bond_decide, name="bond-decide"),
    path("webhooks/", bonds.webhooks, name="webhooks"),
    path("statistics/", stats.stats_page, name="stats"),
    path("api/stats/", api.StatsView.as_view(), name="api-stats"),
    path("statistics/risk/", figures.risk_figures_page, name="risk-figures"),
    path("statistics/holders/", figures.service_figures_page, name="service-figures"),
    path("api/stats/risk/", api_figures.RiskFiguresView.as_view(), name="api-risk-figures"),
    path("api/stats/holders/", api_figures.ServiceFiguresView.as_view(), name="api-service-figures"),
    path("penalties/", penalties.penalty_public_list, name="penalty-public-list"),
    path("penalties/<int:pk>/", penalties.penalty_public_detail, name="penalty-public-detail"),
    path("penalties/manage/", penalties.penalty_manage, name="penalty-manage"),
    path("penalties/manage/new/<int:case_pk>/", penalties.penalty_new, name="penalty-new"),
    path("penalties/manage/<int:pk>/", penalties.penalty_manage_detail, name="penalty-manage-detail"),
    path("penalties/manage/<int:pk>/edit/", penalties.penalty_edit, name="penalty-edit"),
    path("penalties/manage/<int:pk>/withdraw/", penalties.penalty_withdraw, name="penalty-withdraw"),
    path("penalties/manage/<int:pk>/<str:action>/", penalties.penalty_act, name="penalty-act"),
    *router.urls,
    *request_urls.urlpatterns,
]

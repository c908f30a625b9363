from django.urls import path
from rest_framework.routers import SimpleRouter

from confirmations import api, api_figures, api_penalties, api_watchlist, consignee_api, request_urls
from confirmations.views import (
    bonds,
    cases,
    consignee,
    consignee_office,
    detention,
    evidence,
    figures,
    items,
    live,
    penalties,
    photos,
    stats,
    watchlist,
)

app_name = "confirmations"

router = SimpleRouter()
router.register("api/cases", api.CaseViewSet, basename="api-case")
router.register("api/items", api.ItemViewSet, basename="api-item")
router.register("api/applications", api.ApplicationViewSet, basename="api-application")
router.register("api/bonds", api.GeneralBondViewSet, basename="api-bond")
router.register("api/webhooks", api.WebhookViewSet, basename="api-webhook")
router.register("api/penalties", api_penalties.PublicPenaltyViewSet, basename="api-penalty")
router.register("api/penalty-decisions", api_penalties.PenaltyDecisionViewSet, basename="api-penalty-decision")
router.register("api/watchlist", api_watchlist.WatchlistViewSet, basename="api-watchlist")
router.register("api/watchlist-proposals", api_watchlist.ProposalViewSet, basename="api-watchlist-proposal")

urlpatterns = [
    path("cases/", cases.case_list, name="case-list"),
    path("cases/new/", cases.case_new, name="case-new"),
    path("cases/<int:pk>/", cases.case_detail, name="case-detail"),
    path("cases/<int:pk>/status.json", cases.case_status, name="case-status"),
    path("cases/<int:pk>/events.json", live.case_events, name="case-events"),
    path("items/<int:pk>/events.json", live.item_events, name="item-events"),
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
    path("recordal-images/<int:pk>/thumb/", photos.recordal_image, {"thumb": True}, name="recordal-image-thumb"),
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
    path("watchlist/", watchlist.watchlist_list, name="watchlist"),
    path("watchlist/new/", watchlist.watchlist_new, name="watchlist-new"),
    path("watchlist/proposals/", watchlist.proposal_list, name="watchlist-proposals"),
    path("watchlist/proposals/<int:pk>/<str:verdict>/", watchlist.proposal_decide, name="watchlist-proposal-decide"),
    path("watchlist/<int:pk>/", watchlist.watchlist_detail, name="watchlist-detail"),
    path("watchlist/<int:pk>/edit/", watchlist.watchlist_edit, name="watchlist-edit"),
    path("watchlist/<int:pk>/deactivate/", watchlist.watchlist_deactivate, name="watchlist-deactivate"),
    path("watchlist/<int:pk>/reactivate/", watchlist.watchlist_reactivate, name="watchlist-reactivate"),
    path("cases/<int:pk>/consignee/", consignee_office.consignee_record, name="consignee-record"),
    path("consignee-links/<int:pk>/revoke/", consignee_office.consignee_revoke, name="consignee-revoke"),
    path("consignee-documents/<int:pk>/", consignee_office.consignee_document, name="consignee-document"),
    path("consignee/<uuid:public_id>/<str:token>/", consignee.facts, name="consignee-facts"),
    path("consignee/<uuid:public_id>/<str:token>/explain/", consignee.explain, name="consignee-explain"),
    path(
        "consignee/<uuid:public_id>/<str:token>/counter-guarantee/<int:item>/",
        consignee.counter_guarantee,
        name="consignee-counter-guarantee",
    ),
    path("consignee/<uuid:public_id>/<str:token>/sent/<int:submission>/", consignee.sent, name="consignee-sent"),
    path(
        "api/consignee/<uuid:public_id>/<str:token>/", consignee_api.ConsigneeFactsView.as_view(), name="api-consignee"
    ),
    *router.urls,
    *request_urls.urlpatterns,
]

"""Penalty decisions: four-eyes review, publication, withdrawal, and a public list that shows only what is published."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from confirmations.penalty_access import published_penalties
from confirmations.penalty_models import PenaltyDecision, PenaltyDecisionEvent
from confirmations.services import penalties as services
from confirmations.tests.figures_factories import S, file_at, settle
from portal.errors import Conflict, FieldErrors, Refused
from portal.tests.factories import member_of

# These tests build data on fixed calendar dates (windows, deadlines, validity) and assert them.
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]

INSIDE = "2026-03-02 10:00:00 +08:00"
P = PenaltyDecision.Status


@pytest.fixture
def admin2(cast):
    return member_of(cast.admin_dept, username="t-admin2")


@pytest.fixture
def confirmed(cast, recordals):
    """A case of office 1 (consignee Jean Dupont) whose LUMIÈRE item is confirmed and NORDIK item released."""
    case, (lumiere, nordik) = file_at(
        INSIDE, cast.officer1, [recordals.lumiere, recordals.nordik], waybill_number="SECRET-WAYBILL-77"
    )
    settle(lumiere, S.CONFIRMED)
    settle(nordik, S.RELEASED)
    return case


def text(number="HGZF-2026-001", **fields):
    values = {
        "trader_en": "Shady Exports Ltd",
        "trader_zh": "阴影出口有限公司",
        "goods_en": "Counterfeit watches × 10",
        "goods_zh": "假冒手表 10 只",
        "penalty_en": "Goods confiscated; fine of 20,000 CNY.",
        "penalty_zh": "没收侵权货物，罚款人民币 20,000 元。",
        **fields,
    }
    return services.PenaltyText(number=number, decided_on=date(2026, 3, 9), **values)


def draft(cast, case, recordals, **fields):
    return services.penalty_draft(
        admin=cast.admin, case_id=case.pk, recordal_id=recordals.lumiere.pk, text=text(**fields)
    )


def published(cast, admin2, case, recordals, **fields):
    decision = draft(cast, case, recordals, **fields)
    services.penalty_review(admin=admin2, decision_id=decision.pk)
    return services.penalty_publish(admin=cast.admin, decision_id=decision.pk)


def test_publish_withdraw_cycle_keeps_the_record_and_its_history(cast, admin2, confirmed, recordals):
    decision = draft(cast, confirmed, recordals)
    assert (decision.status, decision.recordal_number, decision.mark) == (P.DRAFT, recordals.lumiere.number, "LUMIÈRE")
    assert list(published_penalties()) == []
    services.penalty_review(admin=admin2, decision_id=decision.pk)
    assert list(published_penalties()) == []
    services.penalty_publish(admin=admin2, decision_id=decision.pk)
    assert list(published_penalties()) == [decision]
    services.penalty_withdraw(admin=cast.admin, decision_id=decision.pk, reason="Annulled on appeal.")
    assert list(published_penalties()) == []
    decision.refresh_from_db()
    assert (decision.status, decision.withdrawal_reason) == (P.WITHDRAWN, "Annulled on appeal.")
    history = [
        (e.action, e.from_status, e.to_status, e.actor.username, e.reason)
        for e in PenaltyDecisionEvent.objects.filter(decision=decision)
    ]
    assert history == [
        ("drafted", "", "draft", "t-admin", ""),
        ("reviewed", "draft", "reviewed", "t-admin2", ""),
        ("published", "reviewed", "published", "t-admin2", ""),
        ("withdrawn", "published", "withdrawn", "t-admin", "Annulled on appeal."),
    ]


def test_drafter_cannot_review_own_draft(cast, confirmed, recordals):
    decision = draft(cast, confirmed, recordals)
    with pytest.raises(Refused, match="Another administrator"):
        services.penalty_review(admin=cast.admin, decision_id=decision.pk)
    assert PenaltyDecision.objects.get(pk=decision.pk).status == P.DRAFT


def test_a_draft_cannot_be_published_before_review(cast, confirmed, recordals):
    decision = draft(cast, confirmed, recordals)
    with pytest.raises(Conflict):
        services.penalty_publish(admin=cast.admin, decision_id=decision.pk)


def test_a_withdrawn_decision_is_not_published_again(cast, admin2, confirmed, recordals):
    decision = published(cast, admin2, confirmed, recordals)
    services.penalty_withdraw(admin=cast.admin, decision_id=decision.pk, reason="Error in the trader's name.")
    for service in (services.penalty_publish, services.penalty_review):
        with pytest.raises(Conflict):
            service(admin=admin2, decision_id=decision.pk)
    with pytest.raises(Conflict):
        services.penalty_withdraw(admin=cast.admin, decision_id=decision.pk, reason="Again.")


def test_withdrawal_needs_a_reason(cast, admin2, confirmed, recordals):
    decision = published(cast, admin2, confirmed, recordals)
    with pytest.raises(FieldErrors) as refused:
        services.penalty_withdraw(admin=cast.admin, decision_id=decision.pk, reason="  ")
    assert "reason" in refused.value.errors


@pytest.mark.parametrize("who", ["officer1", "holder1_user", "agent_user", "outsider"])
def test_only_administrators_draft_review_publish_and_withdraw(cast, admin2, confirmed, recordals, who):
    user = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        services.penalty_draft(admin=user, case_id=confirmed.pk, recordal_id=recordals.lumiere.pk, text=text())
    decision = draft(cast, confirmed, recordals)
    for service in (services.penalty_review, services.penalty_publish):
        with pytest.raises(PermissionDenied):
            service(admin=user, decision_id=decision.pk)
    services.penalty_review(admin=admin2, decision_id=decision.pk)
    services.penalty_publish(admin=admin2, decision_id=decision.pk)
    with pytest.raises(PermissionDenied):
        services.penalty_withdraw(admin=user, decision_id=decision.pk, reason="No.")


def test_only_a_confirmed_case_and_a_confirmed_items_right_carry_a_decision(cast, confirmed, recordals):
    _, (pending,) = file_at(INSIDE, cast.officer1, [recordals.lumiere], waybill_number="OTHER")
    with pytest.raises(Refused) as refused:
        services.penalty_draft(admin=cast.admin, case_id=pending.case_id, recordal_id=recordals.lumiere.pk, text=text())
    assert refused.value.field == "case"
    with pytest.raises(Refused) as refused:
        services.penalty_draft(admin=cast.admin, case_id=confirmed.pk, recordal_id=recordals.nordik.pk, text=text())
    assert refused.value.field == "recordal"


def test_number_is_unique_and_each_text_needs_one_language(cast, confirmed, recordals):
    draft(cast, confirmed, recordals)
    with pytest.raises(FieldErrors) as refused:
        draft(cast, confirmed, recordals, penalty_en="", penalty_zh="")
    assert set(refused.value.errors) == {"number", "penalty_en"}
    tomorrow = services.PenaltyText(
        number="HGZF-2026-002", decided_on=date(2026, 3, 11), trader_en="X", goods_en="Y", penalty_en="Z"
    )
    with pytest.raises(FieldErrors) as refused:
        services.penalty_draft(admin=cast.admin, case_id=confirmed.pk, recordal_id=recordals.lumiere.pk, text=tomorrow)
    assert set(refused.value.errors) == {"decided_on"}


def test_only_a_draft_is_revised(cast, admin2, confirmed, recordals):
    decision = draft(cast, confirmed, recordals)
    revised = services.penalty_revise(admin=admin2, decision_id=decision.pk, text=text(goods_en="Fake watches × 10"))
    assert revised.goods_en == "Fake watches × 10"
    event = PenaltyDecisionEvent.objects.get(decision=decision, action="revised")
    assert event.data == {"before": {"goods_en": "Counterfeit watches × 10"}}
    services.penalty_review(admin=admin2, decision_id=decision.pk)
    with pytest.raises(Conflict):
        services.penalty_revise(admin=cast.admin, decision_id=decision.pk, text=text())


def test_reader_sees_its_language_or_the_other(cast, confirmed, recordals):
    decision = draft(cast, confirmed, recordals, goods_zh="")
    with translation.override("zh-hans"):
        assert (decision.trader, decision.goods) == ("阴影出口有限公司", "Counterfeit watches × 10")
    with translation.override("en"):
        assert decision.trader == "Shady Exports Ltd"


def test_public_search_reads_both_languages_and_every_published_field(cast, admin2, confirmed, recordals):
    decision = published(cast, admin2, confirmed, recordals)
    for query in ("HGZF-2026", "阴影", "shady", "watches", "假冒", "lumière", recordals.lumiere.number):
        assert list(published_penalties(query)) == [decision], query
    assert list(published_penalties("nordik")) == []


# ---- Pages and API ------------------------------------------------------------------------------

FORBIDDEN = ("SECRET-WAYBILL-77", "Jean Dupont", "t-officer1", "t-admin", "@example.com", "Port Office One")


def test_public_pages_and_api_show_only_the_published_fields(cast, admin2, confirmed, recordals, client, api_client):
    decision = published(cast, admin2, confirmed, recordals)
    answers = [
        client.get("/penalties/").content.decode(),
        client.get(f"/penalties/{decision.pk}/").content.decode(),
        api_client.get("/api/penalties/").content.decode(),
        api_client.get(f"/api/penalties/{decision.pk}/").content.decode(),
    ]
    for answer in answers:
        assert "HGZF-2026-001" in answer and "Shady Exports Ltd" in answer
        for secret in FORBIDDEN:
            assert secret not in answer, secret
    body = api_client.get(f"/api/penalties/{decision.pk}/").json()
    assert "case" not in body and "drafted_by" not in body and "status" not in body


def test_anonymous_cannot_see_drafts_reviewed_or_withdrawn(cast, admin2, confirmed, recordals, client, api_client):
    drafted = draft(cast, confirmed, recordals, number="D-1")
    reviewed = draft(cast, confirmed, recordals, number="R-1")
    services.penalty_review(admin=admin2, decision_id=reviewed.pk)
    withdrawn = published(cast, admin2, confirmed, recordals, number="W-1")
    services.penalty_withdraw(admin=cast.admin, decision_id=withdrawn.pk, reason="Annulled.")
    for decision in (drafted, reviewed, withdrawn):
        assert client.get(f"/penalties/{decision.pk}/").status_code == 404
        assert api_client.get(f"/api/penalties/{decision.pk}/").status_code == 404
    assert api_client.get("/api/penalties/").json()["count"] == 0
    assert client.get("/penalties/manage/").status_code == 302
    assert api_client.get("/api/penalty-decisions/").status_code in (401, 403)


def test_public_list_searches_and_takes_a_fixed_number_of_queries(
    cast, admin2, confirmed, recordals, client, django_assert_num_queries
):
    for n in range(3):
        published(cast, admin2, confirmed, recordals, number=f"HGZF-2026-{n:03d}", trader_en=f"Trader {n}")
    with django_assert_num_queries(2):
        page = client.get("/penalties/?q=hgzf-2026-001").content.decode()
    assert "HGZF-2026-001" in page and "HGZF-2026-002" not in page
    with django_assert_num_queries(2):
        assert client.get("/api/penalties/").json()["count"] == 3


def test_chinese_reader_sees_the_chinese_texts(cast, admin2, confirmed, recordals, client):
    decision = published(cast, admin2, confirmed, recordals)
    page = client.get(f"/penalties/{decision.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "阴影出口有限公司" in page and "没收侵权货物" in page


@pytest.mark.parametrize("who", ["officer1", "holder1_user"])
def test_non_administrators_cannot_open_the_desk(cast, confirmed, client, api_client, who):
    client.force_login(getattr(cast, who))
    assert client.get("/penalties/manage/").status_code == 403
    assert client.get(f"/penalties/manage/new/{confirmed.pk}/").status_code == 403
    api_client.force_authenticate(getattr(cast, who))
    assert api_client.get("/api/penalty-decisions/").status_code == 403
    assert api_client.post("/api/penalty-decisions/", {}, format="json").status_code == 403


def test_administrators_draft_review_publish_and_withdraw_through_the_pages(cast, admin2, confirmed, recordals, client):
    client.force_login(cast.admin)
    desk = client.get("/penalties/manage/").content.decode()
    assert f"/penalties/manage/new/{confirmed.pk}/" in desk
    form = client.get(f"/penalties/manage/new/{confirmed.pk}/").content.decode()
    assert "Jean Dupont" in form and "Goods 0 × 10" in form and "Goods 1" not in form
    answer = client.post(
        f"/penalties/manage/new/{confirmed.pk}/",
        {
            "number": "HGZF-2026-009",
            "decided_on": "2026-03-09",
            "recordal": recordals.lumiere.pk,
            "trader_en": "Shady Exports Ltd",
            "goods_en": "Watches",
            "penalty_zh": "没收",
        },
    )
    decision = PenaltyDecision.objects.get(number="HGZF-2026-009")
    assert answer.status_code == 302 and decision.status == P.DRAFT
    assert "Another administrator must review" in client.get(f"/penalties/manage/{decision.pk}/").content.decode()
    client.post(f"/penalties/manage/{decision.pk}/review/", {"confirmed": "yes"})
    assert PenaltyDecision.objects.get(pk=decision.pk).status == P.DRAFT
    client.force_login(admin2)
    confirm = client.get(f"/penalties/manage/{decision.pk}/review/").content.decode()
    assert "What happens when you confirm" in confirm
    client.post(f"/penalties/manage/{decision.pk}/review/", {"confirmed": "yes"})
    assert "Anyone, without signing in" in client.get(f"/penalties/manage/{decision.pk}/publish/").content.decode()
    client.post(f"/penalties/manage/{decision.pk}/publish/", {"confirmed": "yes"})
    assert PenaltyDecision.objects.get(pk=decision.pk).status == P.PUBLISHED
    again = client.get(f"/penalties/manage/{decision.pk}/publish/")
    assert again.status_code == 302 and again.url == f"/penalties/manage/{decision.pk}/"
    refused = client.post(f"/penalties/manage/{decision.pk}/withdraw/", {"reason": ""})
    assert refused.status_code == 200 and PenaltyDecision.objects.get(pk=decision.pk).status == P.PUBLISHED
    client.post(f"/penalties/manage/{decision.pk}/withdraw/", {"reason": "Annulled on appeal."})
    assert PenaltyDecision.objects.get(pk=decision.pk).status == P.WITHDRAWN


def test_draft_form_shows_field_errors_not_a_crash(cast, confirmed, recordals, client):
    client.force_login(cast.admin)
    answer = client.post(f"/penalties/manage/new/{confirmed.pk}/", {"number": "", "decided_on": "soon"})
    assert answer.status_code == 200 and PenaltyDecision.objects.count() == 0


def test_api_desk_runs_the_cycle(cast, admin2, confirmed, recordals, api_client):
    api_client.force_authenticate(cast.admin)
    body = {
        "case": confirmed.pk,
        "recordal": recordals.lumiere.pk,
        "number": "API-1",
        "decided_on": "2026-03-09",
        "trader_en": "Shady Exports Ltd",
        "goods_en": "Watches",
        "penalty_en": "Fine",
    }
    created = api_client.post("/api/penalty-decisions/", body, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert api_client.post(f"/api/penalty-decisions/{pk}/review/").status_code == 400
    assert api_client.post("/api/penalty-decisions/", body, format="json").status_code == 400
    api_client.force_authenticate(admin2)
    assert api_client.post(f"/api/penalty-decisions/{pk}/review/").json()["status"] == "reviewed"
    assert api_client.post(f"/api/penalty-decisions/{pk}/publish/").json()["status"] == "published"
    assert api_client.post(f"/api/penalty-decisions/{pk}/withdraw/", {}, format="json").status_code == 400
    withdrawn = api_client.post(f"/api/penalty-decisions/{pk}/withdraw/", {"reason": "Annulled."}, format="json")
    assert withdrawn.json()["status"] == "withdrawn"
    assert api_client.post(f"/api/penalty-decisions/{pk}/publish/").status_code == 409

"""Notices migration 0006: old notices whose stored title is recognised are rendered in the reader's language."""

from django.utils import translation

from portal.notices.models import Notice

BEFORE = [("notices", "0005_webhook_language_texts_at_send_time")]


def test_recognised_old_titles_get_their_template_and_parameters_and_others_stay_as_written(migrator, cast, recordals):
    lumiere = recordals.lumiere
    migrator.migrate(BEFORE)
    old = migrator.loader.project_state(BEFORE).apps.get_model("notices", "Notice")
    titles = {
        "item_notice": f"Suspect goods under recordal {lumiere.number}: answer by March 13, 2026, 24:00"
        " (Asia/Shanghai)",
        "item_update": f"涉嫌侵权货物 EX-1（{lumiere.number}）：货物已扣留",
        "item_decided": "Case 5: Maison Lumière answered “Infringing”",
        "deadline_reminder": f"提醒：距涉嫌侵权货物答复期限仅剩 6 小时（{lumiere.number}）",
        "recordal_approved": f"备案 {lumiere.number} 已核准：{lumiere.title}",
        "recordal_cancelled": "Recordal T1999-000001 cancelled",
        "tip": "Suspect goods EX-1: something no template of the time said",
    }
    for kind, title in titles.items():
        old.objects.create(
            recipient_id=cast.holder1_user.pk, kind=kind, title=title, body="as sent", link=lumiere.get_absolute_url()
        )
    old.objects.create(recipient_id=cast.holder1_user.pk, kind="item_update", title="Suspect goods EX-1 (X): gone")

    migrator.loader.build_graph()
    migrator.migrate(migrator.loader.graph.leaf_nodes())

    notices = {n.kind + ("-odd" if n.title.endswith("gone") else ""): n for n in Notice.objects.all()}
    with translation.override("zh-hans"):
        zh = {kind: notice.title_now() for kind, notice in notices.items()}
    with translation.override("en"):
        en = {kind: notice.title_now() for kind, notice in notices.items()}
    assert zh["item_notice"] == f"涉及备案 {lumiere.number} 的涉嫌侵权货物：请在 2026年3月13日 24:00（北京时间） 前答复"
    assert zh["item_update"] == titles["item_update"]
    assert en["item_update"].startswith(f"Suspect goods EX-1 ({lumiere.number}): ") and "detained" in en["item_update"]
    assert zh["item_decided"] == "案件 5：Maison Lumière 答复“侵权”"
    assert en["deadline_reminder"] == f"Reminder: 6 hours left to answer on suspect goods ({lumiere.number})"
    assert en["recordal_approved"] == f"Recordal {lumiere.number} approved: {lumiere.title}"
    for kind in ("recordal_cancelled", "tip", "item_update-odd"):
        assert notices[kind].template == "" and zh[kind] == en[kind] == notices[kind].title


def test_old_titles_stored_escaped_are_rendered_again_with_the_typed_text(migrator, cast, recordals):
    lumiere = recordals.lumiere
    migrator.migrate(BEFORE)
    old = migrator.loader.project_state(BEFORE).apps.get_model("notices", "Notice")
    old.objects.create(
        recipient_id=cast.holder1_user.pk,
        kind="item_decided",
        title="Case 5: Tom &amp; Jerry&#x27;s answered “Infringing”",
    )
    old.objects.create(
        recipient_id=cast.holder1_user.pk,
        kind="item_update",
        title=f"Suspect goods A&amp;B-1 ({lumiere.number}): The goods were detained",
    )

    migrator.loader.build_graph()
    migrator.migrate(migrator.loader.graph.leaf_nodes())

    with translation.override("en"):
        titles = {n.kind: n.title_now() for n in Notice.objects.all()}
    assert titles["item_decided"] == "Case 5: Tom & Jerry's answered “Infringing”"
    assert titles["item_update"].startswith(f"Suspect goods A&B-1 ({lumiere.number}): ")

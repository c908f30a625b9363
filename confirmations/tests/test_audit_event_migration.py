"""Migration 0013 puts case events on the audit record: rows are kept, reasons move to their field, chains hold."""

import io

from django.core.management import call_command

from confirmations import services
from confirmations.models import CaseEvent
from confirmations.tests.factories import file_case, item_input

BEFORE = [("confirmations", "0012_consignee_links")]


def test_events_written_before_keep_their_rows_and_their_reasons_move_to_the_field(migrator, cast, recordals):
    case = file_case(cast.officer1, [item_input(recordals.lumiere), item_input(recordals.nordik)])
    lumiere, nordik = case.items.order_by("pk")
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    services.item_release(officer=cast.officer1, item_id=lumiere.pk, reason="Cleared")
    services.item_decide(user=cast.holder2_user, item_id=nordik.pk, decision="not_infringing")
    services.item_release(officer=cast.officer1, item_id=nordik.pk)
    count = CaseEvent.objects.count()

    migrator.migrate(BEFORE)
    old = migrator.loader.project_state(BEFORE).apps.get_model("confirmations", "CaseEvent")
    released = dict(old.objects.filter(action="released").values_list("item_id", "data"))
    assert released == {lumiere.pk: {"reason": "Cleared"}, nordik.pk: {}}
    assert old.objects.count() == count

    migrator.loader.build_graph()
    migrator.migrate(migrator.loader.graph.leaf_nodes())

    assert CaseEvent.objects.count() == count
    moved = CaseEvent.objects.get(item_id=lumiere.pk, action="released")
    assert (moved.reason, moved.data) == ("Cleared", {})
    out = io.StringIO()
    call_command("verify_evidence", stdout=out)
    assert out.getvalue().startswith(f"OK: 1 case chains, {count} events verified")

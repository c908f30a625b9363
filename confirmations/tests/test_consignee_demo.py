"""The demo's consignee link: printed with the demo logins, working, and the same on a re-run until opened."""

import io
import re
from types import SimpleNamespace

import pytest
from django.test import Client

from confirmations import demo_consignee
from confirmations.models import ConsigneeLink
from portal.demo import logins_table
from recordals.tests.factories import recordal_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def namespace(cast):
    return SimpleNamespace(
        officer1=cast.officer1,
        holder2_user=cast.holder2_user,
        admin_dept=cast.admin_dept,
        office1=cast.office1,
        office2=cast.office2,
        holder1=cast.holder1,
        holder2=cast.holder2,
        agent_firm=cast.agent_firm,
        recordals={"nordik_case": recordal_in_force(cast.holder2, title="NORDIK case", right_type="design_patent")},
    )


def _printed_link(namespace) -> str:
    namespace.login_notes = []
    demo_consignee.seed(namespace, stdout=io.StringIO())
    return re.search(r"http\S+/consignee/\S+/", logins_table(namespace)).group(0)


def test_the_demo_prints_a_working_consignee_link_and_reruns_print_a_working_one(namespace, settings):
    first = _printed_link(namespace)
    assert _printed_link(namespace) == first
    assert ConsigneeLink.objects.count() == 1
    path = first.removeprefix(settings.SITE_URL)
    assert Client().get(path).status_code == 200
    again = _printed_link(namespace)
    assert again != first and Client().get(again.removeprefix(settings.SITE_URL)).status_code == 200


def test_the_demo_skips_without_a_design_patent():
    out = io.StringIO()
    demo_consignee.seed(SimpleNamespace(), stdout=out)
    assert "skipped" in out.getvalue()

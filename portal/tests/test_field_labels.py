import pytest
from django.apps import apps
from django.utils import translation

from confirmations.tests.factories import file_case, item_input
from portal.tests.factories import UserFactory
from recordals.tests.factories import recordal_in_force

APPS = ("confirmations", "recordals", "accounts", "notices", "workdays", "portal")


def relation_fields():
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        for field in model._meta.get_fields():
            if getattr(field, "concrete", False) and field.is_relation and not field.auto_created:
                yield model, field


def test_every_relation_field_label_is_translated_into_chinese():
    with translation.override("zh-hans"):
        untranslated = [
            f"{model._meta.label}.{field.name}"
            for model, field in relation_fields()
            if str(field.verbose_name) == field.name.replace("_", " ")
        ]
    assert untranslated == []


@pytest.mark.django_db
def test_chinese_admin_case_page_shows_translated_filed_by_label(client, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = file_case(cast.officer1, [item_input(recordal_in_force(cast.holder1, title="LUMIÈRE"))])
    client.force_login(UserFactory(username="t-super", is_superuser=True, is_staff=True, language="zh-hans"))
    client.cookies["django_language"] = "zh-hans"

    body = client.get(f"/admin/confirmations/case/{case.pk}/change/").content.decode()

    assert "立案人" in body and "Filed by" not in body

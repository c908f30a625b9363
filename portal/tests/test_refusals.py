"""The pages' one translator of service refusals: on the form's field, at its top, per item, or as page messages."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from portal.errors import Conflict, FieldErrors, Refused
from portal.refusals import refusal_show, service_run


class ShipmentForm(forms.Form):
    currency = forms.CharField(required=False)


class ItemForm(forms.Form):
    quantity = forms.IntegerField(required=False)


ItemFormSet = forms.formset_factory(ItemForm, extra=0)


@pytest.fixture
def request_():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def page_messages(request) -> list[str]:
    return [str(m) for m in get_messages(request)]


def bound(form_class=ShipmentForm, data=None):
    form = form_class(data or {})
    form.is_valid()
    return form


def test_a_refusal_naming_a_field_of_the_form_goes_beside_that_field(request_):
    form = bound()
    refusal_show(request_, Refused("Not a currency.", field="currency"), form=form)
    assert form.errors == {"currency": ["Not a currency."]}


def test_a_refusal_or_conflict_without_a_known_field_goes_to_the_top_of_the_form(request_):
    form = bound()
    refusal_show(request_, Refused("Too late.", field="elsewhere"), form=form)
    refusal_show(request_, Conflict("Someone else decided first."), form=form)
    assert form.non_field_errors() == ["Too late.", "Someone else decided first."]
    assert page_messages(request_) == []


def test_field_errors_go_beside_their_fields_and_per_item_on_the_item_forms(request_):
    form = bound()
    formset = ItemFormSet({"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0"})
    formset.is_valid()
    error = FieldErrors({"currency": ["Unknown."], "items": [{}, {"quantity": ["Too many."], "other": ["Odd."]}]})

    refusal_show(request_, error, form=form, formset=formset)

    assert form.errors == {"currency": ["Unknown."]}
    assert formset.forms[0].errors == {}
    assert formset.forms[1].errors == {"quantity": ["Too many."], "__all__": ["Odd."]}


def test_without_a_form_every_refusal_is_a_page_message(request_):
    refusal_show(request_, FieldErrors({"amount_cny": ["Too small."], "detail": ["Refused."]}))
    refusal_show(request_, Refused("Closed."))
    refusal_show(request_, ValidationError(["One.", "Two."]))
    assert page_messages(request_) == ["amount_cny: Too small.", "Refused.", "Closed.", "One.", "Two."]


def test_service_run_returns_the_result_or_none_once_the_refusal_is_shown(request_):
    def refusing(**kwargs):
        raise Refused(f"No {kwargs['what']}.")

    assert service_run(request_, lambda **kwargs: kwargs["what"], what="bond") == "bond"
    assert service_run(request_, refusing, what="bond") is None
    assert page_messages(request_) == ["No bond."]


def test_anything_but_a_refusal_is_not_swallowed(request_):
    def failing():
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        service_run(request_, failing)

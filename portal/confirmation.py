"""The pages of an action: the one confirmation page of an action that cannot be undone (what it does, and a
button naming it), and the form page of an action whose input is a form."""

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from portal.refusals import service_run


def named_action(actions: dict, name: str):
    """Return the entry of ``actions`` for the action named in the address; an unknown name is not a page (404)."""
    try:
        return actions[name]
    except KeyError:
        raise Http404 from None


def confirmation_page(
    request,
    *,
    heading,
    consequences,
    confirm_label,
    cancel_url: str,
    danger: bool = False,
    hidden=(),
    form=None,
    facts=(),
):
    """Render the page that asks before an irreversible action.

    ``consequences`` are the sentences saying what follows; ``confirm_label`` names the action on the
    button ("Confirm: detain the goods"). The page posts back to the same address with ``confirmed=yes``,
    the ``hidden`` (name, value) pairs of an action form already filled in, or the fields of ``form``
    when the action's input is given on this page. ``facts`` are (label, value) pairs about the object.
    """
    return render(
        request,
        "portal/confirm.html",
        {
            "heading": heading,
            "consequences": consequences,
            "confirm_label": confirm_label,
            "danger": danger,
            "hidden": list(hidden),
            "form": form,
            "facts": list(facts),
            "action_url": request.path,
            "cancel_url": cancel_url,
        },
    )


def confirmed_run(
    request,
    *,
    run: Callable[[], object],
    done,
    next_url,
    refused_url=None,
    form=None,
    confirmed_only: bool = False,
    **page,
):
    """The confirmation step of an irreversible action: ask (GET), then act (POST).

    A POST (that carries ``confirmed=yes`` when ``confirmed_only``, with ``form`` valid if there is one) calls
    ``run``, the action's ``portal.refusals.service_run``: with a result, the page says ``done`` and goes to
    ``next_url``; refused, it goes to ``refused_url``, or asks again (the refusal on ``form``) without one.
    Otherwise it shows ``confirmation_page`` with ``form`` and ``page`` (heading, consequences, label...).
    """
    asked = request.method == "POST" and (not confirmed_only or request.POST.get("confirmed") == "yes")
    if asked and (form is None or form.is_valid()):
        if run():
            messages.success(request, done)
            return redirect(next_url)
        if refused_url is not None:
            return redirect(refused_url)
    return confirmation_page(request, form=form, **page)


def form_action(request, form, service: Callable[..., object], *, arguments: Callable[[dict], dict], done, next_url):
    """The action of a form page: a POST with ``form`` valid calls ``service`` with ``arguments(cleaned_data)``
    through ``portal.refusals.service_run`` (a refusal shown on the form). With a result, the page says ``done``
    (or ``done(result)``) and the answer goes to ``next_url`` (or ``next_url(result)``, either when callable).
    Return that redirect, or None when the form page is to be shown (not a POST, invalid, or refused).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    result = service_run(request, service, show_on=form, **arguments(form.cleaned_data))
    if result is None:
        return None
    messages.success(request, done(result) if callable(done) else done)
    return redirect(next_url(result) if callable(next_url) else next_url)


def form_run(
    request,
    form,
    service: Callable[..., object],
    *,
    arguments: Callable[[dict], dict],
    done,
    next_url,
    template: str,
    context: dict,
):
    """The form page of an action: ``form_action``, else ``template`` shown with the form and ``context``."""
    acted = form_action(request, form, service, arguments=arguments, done=done, next_url=next_url)
    return acted or render(request, template, {"form": form, **context})

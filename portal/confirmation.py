"""The one confirmation page of an action that cannot be undone: what it does, and a button naming it."""

from django.shortcuts import render


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

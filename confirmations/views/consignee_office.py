"""The officer's side of the consignee's link: record the party (the notice goes out at detention), revoke a
link; and the documents of the consignee's explanations, for the officer and the holder."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from confirmations import services
from confirmations.consignee_access import consignee_documents_visible_to
from confirmations.consignee_forms import ConsigneeRecordForm, RevokeForm
from confirmations.models import ConsigneeLink
from confirmations.views.officer_lookup import officer_case
from portal.confirmation import form_run
from portal.uploads import serve_stored_file


@login_required
@require_http_methods(["GET", "POST"])
def consignee_record(request, pk):
    """Record the consignee's (or consignor's) e-mail: the written notice and its link go out at detention."""
    case = officer_case(request, pk)
    initial = {"role": "consignee", "name": case.consignee, "language": "zh-hans"}
    form = ConsigneeRecordForm(request.POST or None, initial=initial)
    return form_run(
        request,
        form,
        services.consignee_link_record,
        arguments=lambda data: {"officer": request.user, "case_id": case.pk, **data},
        done=lambda link: (
            _("The written detention notice and its link were sent.")
            if link.issued_at
            else _("Recorded: the written notice and its link go out when goods are detained.")
        ),
        next_url=case,
        template="confirmations/consignee/record.html",
        context={"case": case},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consignee_revoke(request, pk):
    """Revoke a link after a confirmation step: it stops working at once."""
    link = get_object_or_404(ConsigneeLink.objects.select_related("case"), pk=pk)
    case = officer_case(request, link.case_id)
    form = RevokeForm(request.POST or None)
    return form_run(
        request,
        form,
        services.consignee_link_revoke,
        arguments=lambda data: {"officer": request.user, "link_id": link.pk, **data},
        done=_("The link is revoked; it no longer opens."),
        next_url=case,
        template="confirmations/consignee/revoke.html",
        context={"link": link, "case": case},
    )


@login_required
def consignee_document(request, pk):
    """Download a document of a consignee's explanation (officers of the office, the item's holder side)."""
    document = get_object_or_404(consignee_documents_visible_to(request.user), pk=pk)
    return serve_stored_file(document.file, content_type=document.content_type, download_name=document.original_name)

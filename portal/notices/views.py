"""The user's in-app notices."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portal.notices.models import Notice, titles_now
from portal.notices.services import notices_mark_read


@login_required
def notice_list(request):
    """List the user's notices, newest first."""
    page = Paginator(Notice.objects.filter(recipient=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {"page": page, "entries": zip(page, titles_now(page), strict=True)})


@never_cache
@require_GET
@login_required
def unread_count(request):
    """Answer the number of unread notices, for the header badge."""
    count = Notice.objects.filter(recipient=request.user, read_at__isnull=True).count()
    return JsonResponse({"unread": count})


@require_POST
@login_required
def mark_read(request):
    """Mark all the user's notices as read."""
    notices_mark_read(user=request.user)
    return redirect("notices:list")


@login_required
def notice_open(request, pk):
    """Mark one notice as read and follow its link."""
    notice = get_object_or_404(Notice, pk=pk, recipient=request.user)
    notices_mark_read(user=request.user, notice_ids=[notice.pk])
    if notice.link and url_has_allowed_host_and_scheme(notice.link, allowed_hosts={request.get_host()}):
        return redirect(notice.link)
    return redirect("notices:list")

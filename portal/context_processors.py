from portal.access import organization_of, role_of


def portal(request):
    """Expose the user's role and organization to every template."""
    user = getattr(request, "user", None)
    return {"portal_role": role_of(user), "portal_organization": organization_of(user)}

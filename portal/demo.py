"""Demo accounts: the fixed logins that guides and integration checks rely on."""

from django.contrib.auth import get_user_model

from portal.accounts.models import CustomsDistrict, Delegation, Membership, Organization

DEMO_PASSWORD = "demo-pass-2026"

ORGANIZATIONS = {
    "admin_dept": {"kind": Organization.Kind.ADMIN, "name": "National Customs IPR Department", "country": "CN"},
    "office1": {"kind": Organization.Kind.OFFICE, "name": "Yangshan Port Office", "country": "CN", "code": "2248"},
    "office2": {"kind": Organization.Kind.OFFICE, "name": "Pudong Airport Office", "country": "CN", "code": "2233"},
    "holder1": {
        "kind": Organization.Kind.HOLDER,
        "name": "Maison Lumière",
        "country": "FR",
        "address": "12 rue du Faubourg, 75008 Paris, France",
        "contact_name": "Claire Martin",
        "contact_email": "ipr@lumiere.example",
    },
    "holder2": {
        "kind": Organization.Kind.HOLDER,
        "name": "Nordic Timepieces",
        "country": "SE",
        "address": "Strandvägen 7, 114 56 Stockholm, Sweden",
        "contact_name": "Erik Lind",
        "contact_email": "brand@nordik.example",
    },
    "agent_firm": {
        "kind": Organization.Kind.AGENT,
        "name": "Jade River Law Firm",
        "country": "CN",
        "address": "88 Century Avenue, Shanghai",
        "contact_email": "ipr@jaderiver.example",
    },
}

USERS = [
    # attribute, username, organization, role, first name, last name, language
    ("admin", "admin", "admin_dept", Membership.Role.OWNER, "Wang", "Fang", "en"),
    ("admin2", "admin2", "admin_dept", Membership.Role.MEMBER, "Zhao", "Lei", "zh-hans"),
    ("officer1", "officer1", "office1", Membership.Role.MEMBER, "Li", "Wei", "zh-hans"),
    ("officer2", "officer2", "office2", Membership.Role.MEMBER, "Zhang", "Min", "en"),
    ("holder1_user", "holder1", "holder1", Membership.Role.OWNER, "Claire", "Martin", "en"),
    ("holder1b_user", "holder1b", "holder1", Membership.Role.MEMBER, "Louis", "Bernard", "en"),
    ("holder2_user", "holder2", "holder2", Membership.Role.OWNER, "Erik", "Lind", "en"),
    ("agent_user", "agent1", "agent_firm", Membership.Role.MEMBER, "Chen", "Jie", "zh-hans"),
]


def seed(demo, *, stdout):
    """Create (or find) the demo organizations, users and the agent's delegation."""
    User = get_user_model()
    demo.password = DEMO_PASSWORD
    demo.district, _ = CustomsDistrict.objects.get_or_create(code="2200", defaults={"name": "Shanghai Customs"})
    for key, fields in ORGANIZATIONS.items():
        fields = dict(fields)
        if fields["kind"] == Organization.Kind.OFFICE:
            fields["district"] = demo.district
        org, _ = Organization.objects.get_or_create(kind=fields.pop("kind"), name=fields.pop("name"), defaults=fields)
        setattr(demo, key, org)
    for attribute, username, org_key, role, first, last, language in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.example",
                "language": language,
                "is_staff": attribute == "admin",
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, defaults={"organization": getattr(demo, org_key), "role": role})
        setattr(demo, attribute, user)
    if not demo.admin.is_superuser:
        demo.admin.is_superuser = True
        demo.admin.is_staff = True
        demo.admin.save(update_fields=["is_superuser", "is_staff"])
    demo.delegation = Delegation.objects.filter(
        holder=demo.holder1, agent=demo.agent_firm, revoked_at__isnull=True
    ).first() or Delegation.objects.create(holder=demo.holder1, agent=demo.agent_firm, scope=Delegation.Scope.ALL)
    stdout.write("Demo organizations and logins ready.")


def logins_table(demo) -> str:
    """Return the printed table of demo logins."""
    rows = [
        ("admin", "administrator", demo.admin_dept.name),
        ("admin2", "administrator (second reviewer)", demo.admin_dept.name),
        ("officer1", "customs officer", demo.office1.name),
        ("officer2", "customs officer", demo.office2.name),
        ("holder1", "rights holder (owner)", demo.holder1.name),
        ("holder1b", "rights holder (member)", demo.holder1.name),
        ("holder2", "rights holder (owner)", demo.holder2.name),
        ("agent1", "agent (delegated by holder1)", demo.agent_firm.name),
    ]
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    lines += [f"  {username:<10} {role:<30} {org}" for username, role, org in rows]
    return "\n".join(lines)

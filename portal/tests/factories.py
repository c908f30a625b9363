"""Factories for accounts and organizations, shared by every app's tests."""

import factory

from portal.accounts.models import CustomsDistrict, Delegation, Membership, Organization, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomsDistrict
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"D{n:02d}")
    name = factory.Sequence(lambda n: f"District {n} Customs")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = Organization.Kind.HOLDER
    name = factory.Sequence(lambda n: f"Organization {n}")
    country = "FR"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.com")


class HolderFactory(OrganizationFactory):
    kind = Organization.Kind.HOLDER
    name = factory.Sequence(lambda n: f"Maison Holder {n}")


class AgentFirmFactory(OrganizationFactory):
    kind = Organization.Kind.AGENT
    name = factory.Sequence(lambda n: f"Agent Firm {n}")
    country = "CN"


class OfficeFactory(OrganizationFactory):
    kind = Organization.Kind.OFFICE
    name = factory.Sequence(lambda n: f"Port Office {n}")
    country = "CN"
    district = factory.SubFactory(DistrictFactory)


class AdminDepartmentFactory(OrganizationFactory):
    kind = Organization.Kind.ADMIN
    name = factory.Sequence(lambda n: f"IPR Department {n}")
    country = "CN"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(HolderFactory)
    role = Membership.Role.MEMBER


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    holder = factory.SubFactory(HolderFactory)
    agent = factory.SubFactory(AgentFirmFactory)
    scope = Delegation.Scope.ALL


def member_of(organization, *, username=None, role=Membership.Role.MEMBER, **user_fields):
    """Create a user who is a member of the organization."""
    kwargs = {"username": username} if username else {}
    user = UserFactory(**kwargs, **user_fields)
    MembershipFactory(user=user, organization=organization, role=role)
    return user

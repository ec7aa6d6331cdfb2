"""Creating authorities, users and memberships."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from stocktake.accounts.models import Authority, Membership, User
from stocktake.accounts.roles import Role


@transaction.atomic
def authority_create(*, name: str, la_code: str = "") -> Authority:
    return Authority.objects.create(name=name, slug=slugify(name)[:80], la_code=la_code)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_demo: bool = False,
) -> User:
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_demo=is_demo,
    )
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def membership_grant(*, user: User, authority: Authority, role: Role) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        user=user, authority=authority, defaults={"role": role}
    )
    return membership

"""Creating authorities, users and memberships."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.text import slugify

from stocktake.accounts.models import Authority, Membership, User, Visit
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


# Two looks further apart than this are two visits; closer, they are one.
NEW_VISIT_AFTER = dt.timedelta(minutes=30)


@transaction.atomic
def visit_record(*, membership: Membership, now: dt.datetime) -> Visit:
    """Note that the member is looking now. A new visit moves the last one to `previous_at`
    (what "since your last visit" counts from); a look during the same visit keeps it."""
    visit = Visit.objects.select_for_update().filter(membership=membership).first()
    if visit is None:
        return Visit.objects.create(membership=membership, last_at=now)
    if now - visit.last_at >= NEW_VISIT_AFTER:
        visit.previous_at = visit.last_at
    visit.last_at = max(now, visit.last_at)
    visit.save(update_fields=["last_at", "previous_at"])
    return visit

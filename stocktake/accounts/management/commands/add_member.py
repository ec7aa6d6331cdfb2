"""`stocktake add-member`: give a person a sign-in and a role in an authority."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from stocktake.accounts.models import Authority, User
from stocktake.accounts.roles import Role
from stocktake.accounts.services import authority_create, membership_grant, user_create


class Command(BaseCommand):
    help = "Create or update a user and their role in an authority (created if new)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--authority", required=True, help="Authority name")
        parser.add_argument("--username", required=True)
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin", action="store_true", help="Read the password from standard input"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        authority = Authority.objects.filter(name=opts["authority"]).first()
        user = User.objects.filter(username=opts["username"]).first()
        with transaction.atomic():
            if authority is None:
                authority = authority_create(name=opts["authority"])
                self.stdout.write(f"Created authority “{authority.name}”.")
            if user is None:
                password = self._password(opts["password_stdin"], opts["username"])
                user = user_create(
                    username=opts["username"], password=password, email=opts["email"]
                )
                self.stdout.write(f"Created user {user.username}.")
            membership_grant(user=user, authority=authority, role=Role(opts["role"]))
        self.stdout.write(
            self.style.SUCCESS(f"{user.username} is {Role(opts['role']).label} in {authority}.")
        )

    def _password(self, from_stdin: bool, username: str) -> str:
        if from_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass(f"Password for {username}: ")
        from django.contrib.auth.password_validation import validate_password

        try:
            validate_password(password, User(username=username))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        return password

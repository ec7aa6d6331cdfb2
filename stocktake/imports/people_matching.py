"""Matching owners named in a file to the authority's register of people."""

from __future__ import annotations

import re
import unicodedata

from stocktake.accounts.models import Authority, User
from stocktake.imports.parsed import ParsedOwner
from stocktake.people.models import Person
from stocktake.people.services import person_create


def name_key(name: str) -> str:
    """ "Kara  Haskayne", "kara haskayne" and "Kara Haskayne." are one person."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[\u2012-\u2015\-]", "-", text).replace("’", "'")
    return " ".join(re.sub(r"[.,;]", " ", text).split())


class PeopleMatcher:
    def __init__(self, authority: Authority, actor: User | None) -> None:
        self.authority, self.actor = authority, actor
        self.by_name: dict[str, list[Person]] = {}
        for person in Person.objects.in_authority(authority):
            self.by_name.setdefault(name_key(person.name), []).append(person)
        self.created: list[str] = []
        self.matched: set[str] = set()

    def known_names(self) -> list[str]:
        return [people[0].name for people in self.by_name.values()]

    def person_for(self, owner: ParsedOwner) -> Person:
        key = name_key(owner.name)
        candidates = self.by_name.get(key, [])
        same_title = [p for p in candidates if name_key(p.job_title) == name_key(owner.title)]
        if same_title or candidates:
            person = (same_title or candidates)[0]
            if person.name not in self.created:
                self.matched.add(person.name)
            return person
        person = person_create(
            authority=self.authority,
            actor=self.actor,
            name=owner.name,
            job_title=owner.title,
            organisation=owner.organisation,
        )
        self.by_name[key] = [person]
        self.created.append(person.name)
        return person

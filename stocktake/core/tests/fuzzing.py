"""Support for the input fuzzing test (`test_fuzz_inputs.py`): every URL the resolver knows,
what each page reads from the query string and the posted form, and hostile values to put
there.

Nothing here is a list of fields written by hand. The URLs come from the resolver; the fields
a view reads are found by watching it: a probe request carries a marker key, and every key
the view (its forms, formsets, widgets and templates included) looks up in that request's
`GET` or `POST` is recorded. The page's own HTML forms add the names a view reads in bulk and
the values a browser would send (options, ticked boxes, current values), so that a generated
submission is mostly what a person would post, with one or two fields made hostile.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

from bs4 import BeautifulSoup
from django.apps import apps
from django.db import connection
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.datastructures import MultiValueDict
from hypothesis import strategies as st

from stocktake.audit.models import AuditEvent
from stocktake.audit.services import READ_VERBS
from stocktake.core.tests.snapshot import columns_of

GET_PROBE = "__fuzz_get_probe"
POST_PROBE = "__fuzz_post_probe"


# The URLs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """A named URL and the converters of its arguments ("plan_id" → int, "fmt" → str)."""

    name: str
    converters: tuple[tuple[str, str], ...]

    @property
    def app(self) -> str:
        return self.name.split(":")[0]


def endpoints(patterns: Any = None, namespace: str = "", inherited=()) -> list[Endpoint]:
    """Every named URL of the project, with the kinds of its arguments."""
    found: list[Endpoint] = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        declared = getattr(pattern.pattern, "converters", {})
        converters = tuple((name, type(c).__name__) for name, c in declared.items())
        if isinstance(pattern, URLResolver):
            found += endpoints(
                pattern.url_patterns, pattern.namespace or namespace, inherited + converters
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append(Endpoint(f"{namespace}:{pattern.name}", inherited + converters))
    return sorted(set(found), key=lambda e: e.name)


# What a view reads ------------------------------------------------------------------------


@contextmanager
def recording() -> Iterator[set[tuple[str, str]]]:
    """Record ("GET" or "POST", key) for every key looked up in a probed request's data."""
    seen: set[tuple[str, str]] = set()

    def watch(name: str) -> Any:
        original = getattr(MultiValueDict, name)

        def method(self: Any, key: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(self, QueryDict) and isinstance(key, str):
                if dict.__contains__(self, GET_PROBE):
                    seen.add(("GET", key))
                elif dict.__contains__(self, POST_PROBE):
                    seen.add(("POST", key))
            return original(self, key, *args, **kwargs)

        return method

    with ExitStack() as stack:
        for name in ("__getitem__", "get", "getlist", "__contains__"):
            stack.enter_context(mock.patch.object(MultiValueDict, name, watch(name)))
        yield seen


@dataclass
class FormFields:
    """The fields of a page's forms that submit to the page itself, for one method: each
    name with the value a browser would send unchanged (`baseline`) and other values the
    page offers (options, radio and checkbox values)."""

    baseline: dict[str, list[str]] = field(default_factory=dict)
    offered: dict[str, set[str]] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)
    multiple: set[str] = field(default_factory=set)

    def add(self, name: str, value: str, *, sent: bool) -> None:
        self.offered.setdefault(name, set()).add(value)
        current = self.baseline.setdefault(name, [])
        if sent:
            current.append(value)


def plausible(name: str, box: Any = None) -> str:
    """A value a person might type in an empty box, so that a create form's untouched
    fields pass and the hostile field is the one that decides the response."""
    mode = box.get("inputmode", "") if box is not None else ""
    for suffix, value in (("_0", "1"), ("_1", "6"), ("_2", "2019")):
        if name.endswith(suffix) and mode == "numeric":
            return value
    if mode in ("numeric", "decimal"):
        return "1"
    for part, value in (
        ("email", "someone@example.org"),
        ("link", "https://example.org/page"),
        ("url", "https://example.org/page"),
        ("time", "10:00"),
        ("period", "2024-05"),
    ):
        if part in name:
            return value
    return "Example 1"


def page_forms(html: str, path: str, *, fill: bool = True) -> dict[str, FormFields]:
    """The page's forms that submit to `path`, by method. With `fill`, an empty box is
    given a plausible value, as a person completing the form would; without, the form is
    as a browser would post it untouched."""
    soup = BeautifulSoup(html, "html.parser")
    found = {"GET": FormFields(), "POST": FormFields()}
    forms: list[Any] = list(soup.find_all("form"))  # bs4 types attributes loosely
    for form in forms:
        action = form.get("action") or path
        if action.split("?")[0] not in ("", path):
            continue
        fields = found["POST" if (form.get("method") or "get").lower() == "post" else "GET"]
        radios: dict[str, str] = {}  # the first value of each set of radios
        boxes: list[Any] = list(form.find_all(["input", "select", "textarea"]))
        for box in boxes:
            name = box.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            kind = (box.get("type") or "text").lower() if box.name == "input" else box.name
            if kind == "file":
                fields.files.add(name)
            elif kind in ("checkbox", "radio"):
                fields.add(name, box.get("value", "on"), sent=box.has_attr("checked"))
                if kind == "checkbox":
                    fields.multiple.add(name)
                else:
                    radios.setdefault(name, box.get("value", "on"))
            elif kind == "select":
                options = [o.get("value", o.text) for o in box.find_all("option")]
                chosen = [o.get("value", o.text) for o in box.find_all("option", selected=True)]
                if box.has_attr("multiple"):
                    fields.multiple.add(name)
                elif not any(chosen):  # a person picks one: the first real option
                    chosen = [next((o for o in options if o), "")] if options else []
                for option in options:
                    fields.add(name, option, sent=option in chosen)
            elif kind == "textarea":
                text = box.text.strip("\n")
                fields.add(name, text or (plausible(name, box) if fill else ""), sent=True)
            elif kind == "hidden":
                fields.add(name, box.get("value", ""), sent=True)
            elif kind not in ("submit", "button", "image", "reset"):
                value = box.get("value", "")
                fields.add(name, value or (plausible(name, box) if fill else ""), sent=True)
        for name, first in radios.items():  # none ticked: a person picks one, the first
            if not fields.baseline[name]:
                fields.baseline[name].append(first)
    return found


# Hostile values ---------------------------------------------------------------------------

TRICKY = [
    "",
    " ",
    "0",
    "-1",
    "²",  # a digit to isdigit(), not to int()
    "³²",
    "١٢",  # Arabic-Indic digits: int() takes them, isascii() does not
    "\uff11\uff12",  # full-width digits
    "½",
    "Ⅻ",
    "9" * 20,  # past 64 bits
    "-" + "9" * 20,
    "1" + "0" * 400,
    "1e309",
    "nan",
    "inf",
    "-inf",
    "0x10",
    "1_000",
    " 7 ",
    "\x00",
    "a\x00b",
    "2019-02-30",
    "99999-01-01",
    "31/09/2019",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "' OR 1=1 --",
    "../../etc/passwd",
    "%",
    "é" * 3,
    "\u202e",
    "null",
    "None",
    "[]",
    "{}",
]
LONG = [201, 301, 1_001, 10_001, 100_001]

text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.integers(min_value=-(2**63) - 2, max_value=2**63 + 2),
    st.integers(min_value=-5, max_value=100_000),
).map(str)
long_text = st.sampled_from(LONG).map(lambda n: "x" * n)
hostile = st.one_of(st.sampled_from(TRICKY), numbers, text, long_text)
uploads = st.tuples(
    st.sampled_from(["plan.csv", "plan.xlsx", "plan.docx", "plan.txt", "report.pdf", "x"]),
    st.one_of(
        st.binary(max_size=300),
        st.sampled_from(
            [
                b"",
                b"PK\x03\x04broken zip",
                b"%PDF-1.4\n",
                b"Ref,Action\nA1,Do it\n",
                b"\xff\xfe\x00\x00",
                b"indicator,period,value\nREREF12,2025-13,1e999\n",
            ]
        ),
    ),
)


path_text = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="/"),
    min_size=1,
    max_size=20,
)


def value_for(offered: set[str]) -> st.SearchStrategy[str]:
    """Something hostile, or another value the page offers for the field."""
    choices = sorted(v for v in offered if v)
    return st.one_of(hostile, st.sampled_from(choices)) if choices else hostile


# Did anything change? ---------------------------------------------------------------------

# Users' sign-in times, throttles, sessions, and members' last visits to "This week" (a
# record of someone reading, which a page that only reads writes).
IGNORED_TABLES = {"accounts_user", "accounts_signinthrottle", "django_session", "accounts_visit"}


def stocktake_tables() -> list[str]:
    """The tables of Stocktake's own apps (many-to-many tables included)."""
    tables = {
        model._meta.db_table
        for config in apps.get_app_configs()
        if config.name.startswith("stocktake.")
        for model in config.get_models(include_auto_created=True)
    }
    return sorted(tables - IGNORED_TABLES)


def db_fingerprint(tables: list[str]) -> list[Any]:
    """Every row of every Stocktake table, but for the audit log's records of someone reading
    (`READ_VERBS`), which a page that only reads may write: one statement, which gives each
    table's rows in order as one text (on PostgreSQL, a digest of it). A hundred round trips
    per look cost more than the request under test."""
    sql, params = _fingerprint_sql(connection.vendor, tuple(tables))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchone() or [])


@functools.cache
def _fingerprint_sql(vendor: str, tables: tuple[str, ...]) -> tuple[str, list[str]]:
    log = AuditEvent._meta.db_table
    reading = ", ".join(["%s"] * len(READ_VERBS))
    quote = connection.ops.quote_name
    parts = []
    params: list[str] = []
    for table in tables:
        where = ""
        if table == log:
            where = f" WHERE t.verb NOT IN ({reading})"
            params += sorted(READ_VERBS)
        if vendor == "postgresql":
            rows = "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
            parts.append(f"({rows}FROM {quote(table)} t{where})")
        else:
            row = " || ',' || ".join(f"quote(t.{quote(c)})" for c in columns_of(table))
            ordered = f"SELECT {row} AS r FROM {quote(table)} t{where} ORDER BY r"  # noqa: S608 - names from the models
            parts.append(f"(SELECT group_concat(r, '|') FROM ({ordered}))")  # noqa: S608
    return "SELECT " + ", ".join(parts), params

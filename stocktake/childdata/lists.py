"""The eleven Annex A lists as Stocktake stores them (csc-data.md §2).

Each field has the canonical column name stored in the Parquet file, its kind (how a cell is
read and checked) and the headers it is known by. Headers are compared after `header_key`
(case, spaces, line breaks and punctuation ignored); a header matches a field when it equals
one of the field's keys or starts with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Kinds of field: how a cell is read.
ID = "id"  # a person's identifier: pseudonymised on the way in, never stored as given
DATE = "date"
DOB = "dob"  # a date of birth: kept to its month
INT = "int"
AGE = "age"  # whole years; -1 for the unborn; decimals are cut to whole years
YESNO = "yesno"  # yes / no / unknown, with or without "a)" prefixes, in any case
CODE = "code"  # a coded value: its "a)" prefix removed, otherwise kept as written
TEXT = "text"  # free text (teams, workers); blanks and #N/A are empty
POSTCODE = "postcode"  # kept to its district (the part before the space)


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    keys: tuple[str, ...]
    label: str = ""

    @property
    def title(self) -> str:
        return self.label or self.keys[0].capitalize()


@dataclass(frozen=True)
class ListSpec:
    number: int
    title: str
    fields: tuple[Field, ...]
    required: tuple[str, ...] = ()  # fields a row must have
    ordered: tuple[tuple[str, str], ...] = ()  # (start, end): an end before its start rejects
    words: tuple[str, ...] = ()  # sheet or file names that mean this list

    @property
    def names(self) -> set[str]:
        return {f.name for f in self.fields}

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def id_field(self) -> Field:
        return next(f for f in self.fields if f.kind == ID)


def header_key(text: object) -> str:
    """A header as compared: lower case, letters and digits only, single spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(text or "").lower()).split())


def F(name: str, kind: str, *keys: str, label: str = "") -> Field:
    return Field(name, kind, tuple(header_key(k) for k in keys), label or keys[0])


CHILD = F("child_id", ID, "Child Unique ID", "Child ID", "ChildUniqueID")
GENDER = F("gender", CODE, "Gender")
ETHNICITY = F("ethnicity", CODE, "Ethnicity")
BORN = F("dob_month", DOB, "Date of Birth", "DOB", label="Date of birth (month)")
AGE_F = F("age", AGE, "Age of Child (Years)", "Age")
DISABLED = F("disability", YESNO, "Does the Child have a Disability", "Disability")
TEAM = F("team", TEXT, "Allocated Team")
WORKER = F("worker", TEXT, "Allocated Worker", "Allocated Social Worker")
COMMON = (CHILD, GENDER, ETHNICITY, BORN, AGE_F)
ALLOCATION = (TEAM, WORKER)

# fmt: off
LISTS: tuple[ListSpec, ...] = (
    ListSpec(1, "Contacts", (*COMMON,
        F("contact_date", DATE, "Date of Contact"),
        F("contact_source", CODE, "Contact Source"),
    ), required=("contact_date",), words=("contact",)),
    ListSpec(2, "Early help", (*COMMON,
        F("eh_start", DATE, "Assessment start date"),
        F("eh_end", DATE, "Assessment completion date"),
        F("eh_organisation", TEXT, "Organisation completing assessment"),
    ), required=("eh_start",), ordered=(("eh_start", "eh_end"),), words=("early help",)),
    ListSpec(3, "Referrals", (*COMMON,
        F("referral_date", DATE, "Date of referral", "Referral date"),
        F("referral_source", CODE, "Referral Source"),
        F("referral_nfa", YESNO, "Referral NFA"),
        F("referrals_12m", INT, "Number of Referrals in Last 12 Months"),
        *ALLOCATION,
    ), required=("referral_date",), words=("referral",)),
    ListSpec(4, "Assessments", (*COMMON, DISABLED,
        F("assessment_start", DATE, "Continuous Assessment Start Date", "Assessment Start Date"),
        F("child_seen", YESNO, "Child Seen During Continuous Assessment", "Child Seen"),
        F("authorised", DATE, "Continuous Assessment Date of Authorisation",
          "Assessment Date of Authorisation", "Date of Authorisation"),
        F("needs_support", YESNO, "Was the child assessed as requiring LA children",
          "Was the child assessed as being in need"),
        *ALLOCATION,
    ), required=("assessment_start",), ordered=(("assessment_start", "authorised"),),
        words=("assessment",)),
    ListSpec(5, "Section 47 enquiries and ICPCs", (*COMMON, DISABLED,
        F("strategy_start", DATE, "Strategy discussion initiating Section 47 Enquiry Start Date",
          "Strategy discussion"),
        F("icpc_unnecessary", YESNO, "Was an Initial Child Protection Conference deemed "
          "unnecessary"),
        F("icpc_date", DATE, "Date of Initial Child Protection Conference", "Date of ICPC",
          "ICPC date"),
        F("icpc_plan", YESNO, "Did the Initial Child Protection Conference Result in a Child "
          "Protection Plan"),
        F("s47_12m", INT, "Number of Section 47 Enquiries in the last 12 months"),
        F("icpc_12m", INT, "Number of ICPCs in the last 12 months"),
        *ALLOCATION,
    ), required=("strategy_start",), ordered=(("strategy_start", "icpc_date"),),
        words=("section 47", "s47")),
    ListSpec(6, "Children in need", (*COMMON, DISABLED,
        F("cin_start", DATE, "CIN Start Date"),
        F("primary_need", CODE, "Primary Need Code", "Primary Need"),
        F("last_seen", DATE, "Date Child Was Last Seen"),
        F("cin_closed", DATE, "CIN Closure Date"),
        F("closure_reason", CODE, "Reason for Closure"),
        F("case_status", CODE, "Case Status"),
        *ALLOCATION,
    ), ordered=(("cin_start", "cin_closed"),), words=("children in need", "cin")),
    ListSpec(7, "Child protection", (*COMMON, DISABLED,
        F("cpp_start", DATE, "Child Protection Plan Start Date", "CPP start date"),
        F("initial_category", CODE, "Initial Category of Abuse"),
        F("latest_category", CODE, "Latest Category of Abuse"),
        F("last_visit", DATE, "Date of the Last Statutory Visit", "Date of Last Statutory Visit"),
        F("seen_alone", YESNO, "Was the Child Seen Alone"),
        F("last_review", DATE, "Date of latest review conference"),
        F("cpp_end", DATE, "Child Protection Plan End Date", "CPP end date"),
        F("epo", YESNO, "Subject to Emergency Protection Order"),
        F("previous_cpps", INT, "Number of Previous Child Protection Plans",
          "Number of previous CP plans"),
        *ALLOCATION,
    ), required=("cpp_start",), ordered=(("cpp_start", "cpp_end"),),
        words=("child protection", "cp")),
    ListSpec(8, "Children in care", (*COMMON, DISABLED,
        F("uasc", YESNO, "Unaccompanied Asylum Seeking Child"),
        F("cla_start", DATE, "Date Started to be Looked After"),
        F("category_of_need", CODE, "Child s Category of Need", "Category of Need"),
        F("second_period", YESNO, "Is this a second or subsequent period"),
        F("legal_status_start", DATE, "Start date of current legal status"),
        F("legal_status", CODE, "Child s Legal Status", "Legal Status"),
        F("last_review", DATE, "Date of Latest Statutory Review"),
        F("last_visit", DATE, "Date of Last Social Work Visit"),
        F("permanence_plan", CODE, "What is the permanence plan for this child"),
        F("last_iro", DATE, "Date of Last IRO Visit"),
        F("last_health", DATE, "Date of Last Health Assessment"),
        F("last_dental", DATE, "Date of Last Dental Check"),
        F("placements_12m", INT, "Number of Placements in the Last 12 months"),
        F("cla_end", DATE, "Date Ceased to be Looked After"),
        F("reason_ceased", CODE, "Reason Ceased to be Looked After"),
        F("placement_start", DATE, "Start Date of Most Recent Placement"),
        F("placement_type", CODE, "Placement Type"),
        F("placement_provider", CODE, "Placement Provider"),
        F("placement_district", POSTCODE, "Placement postcode", label="Placement district"),
        F("placement_urn", TEXT, "URN of Placement"),
        F("placement_location", CODE, "Placement Location"),
        F("placement_la", TEXT, "LA of Placement"),
        F("missing_12m", INT, "Number of Episodes the Child has been Missing"),
        F("absent_12m", INT, "Number of Episodes the Child has been Absent"),
        F("rhi_offered", YESNO, "Was the child offered a Return Interview"),
        F("rhi_accepted", YESNO, "Did the child accept a Return Interview"),
        *ALLOCATION,
    ), required=("cla_start",), ordered=(("cla_start", "cla_end"),),
        words=("children in care", "looked after", "cla")),
    ListSpec(9, "Care leavers", (*COMMON, DISABLED,
        F("uasc", YESNO, "Unaccompanied Asylum Seeking Child"),
        *ALLOCATION,
        F("personal_adviser", TEXT, "Allocated Personal Advisor", "Allocated Personal Adviser"),
        F("eligibility", CODE, "Eligibility Category"),
        F("pathway_review", DATE, "Latest Pathway Plan Review Date"),
        F("in_touch", CODE, "LA in Touch"),
        F("latest_contact", DATE, "Latest Date of Contact"),
        F("accommodation", CODE, "Type of Accommodation"),
        F("suitability", CODE, "Suitability of Accommodation"),
        F("activity", CODE, "Activity Status"),
    ), words=("care leaver", "leaver")),
    ListSpec(10, "Adoption", (*COMMON, DISABLED,
        F("family_id", ID, "Family identifier"),
        F("entered_care", DATE, "Date the Child Entered Care"),
        F("shobpa", DATE, "Date of Decision that Child Should be Placed for Adoption"),
        F("placement_order", DATE, "Date of Placement Order"),
        F("matched", DATE, "Date of Matching Child and Prospective Adopters"),
        F("placed", DATE, "Date Placed for Adoption"),
        F("adoption_order", DATE, "Date of Adoption Order"),
        F("reversed", DATE, "Date of Decision that Child Should No Longer be Placed"),
        F("reversed_reason", CODE, "Reason Why Child No Longer Placed for Adoption"),
        F("ffa_placed", DATE, "Date the child was placed for fostering in FFA"),
    ), words=("adoption",)),
    ListSpec(11, "Adopters", (
        F("adopter_id", ID, "Individual adopter identifier"),
        F("family_id", ID, "Family identifier"),
        GENDER, ETHNICITY, F("disability", YESNO, "Disability"),
        F("ffa", YESNO, "Is the (prospective) adopter fostering for adoption"),
        F("enquiry", DATE, "Date enquiry received"),
        F("stage1_start", DATE, "Date Stage 1 started"),
        F("stage1_end", DATE, "Date Stage 1 ended"),
        F("stage2_start", DATE, "Date Stage 2 started"),
        F("stage2_end", DATE, "Date Stage 2 ended"),
        F("applied", DATE, "Date application submitted"),
        F("approved", DATE, "Date application approved"),
        F("matched", DATE, "Date adopter matched with child"),
        F("placed", DATE, "Date child children placed with adopter"),
        F("children_placed", INT, "No of children placed"),
        F("adoption_order", DATE, "Date of Adoption Order"),
        F("left", DATE, "Date of leaving adoption process"),
        F("left_reason", CODE, "Reason for leaving adoption process"),
    ), ordered=(("stage1_start", "stage1_end"), ("stage2_start", "stage2_end")),
        words=("adopter",)),
)
# fmt: on
BY_NUMBER = {spec.number: spec for spec in LISTS}
# An extract's files are keyed by list number (1 to 11); its working-day calendar by this.
CALENDAR = 0
SQL_TYPES = {ID: "VARCHAR", DATE: "DATE", DOB: "DATE", INT: "BIGINT", AGE: "BIGINT"}


def sql_type(field_: Field) -> str:
    """The column's type in the stored Parquet file."""
    return SQL_TYPES.get(field_.kind, "VARCHAR")


# Beside each list's pseudonymised child ID (32 hex characters) its Parquet file holds the
# same 128 bits as a number, `child_key`, which DuckDB counts distinct three times faster.
CHILD_KEY = "CAST('0x' || child_id AS UHUGEINT)"


def q(name: str) -> str:
    """An identifier for SQL (some field names, like "left", are key words)."""
    return '"' + name + '"'


def match_header(spec: ListSpec, header: object) -> Field | None:
    """The field a column header means in this list, if any."""
    key = header_key(header)
    if key.endswith(" y n"):  # "Referral NFA? (Y/N)": the answer's form is no part of the name
        key = key[: -len(" y n")]
    if not key:
        return None
    for field in spec.fields:
        if key in field.keys:
            return field
    for field in spec.fields:
        if any(key.startswith(k) for k in field.keys if len(k) >= 10):
            return field
    return None


_NUMBERED = re.compile(r"^\s*l(?:ist)?[\s_\-]*0*(\d{1,2})(?!\d)", re.IGNORECASE)


def list_for_name(name: str) -> ListSpec | None:
    """Which list a sheet or file name means: "List 1", "List_1 Contacts", "L1", "list1.csv",
    or a name with the list's subject ("Care leavers.csv")."""
    stem = re.sub(r"\.(csv|txt)$", "", name.strip(), flags=re.IGNORECASE)
    found = _NUMBERED.match(stem)
    if found:
        return BY_NUMBER.get(int(found.group(1)))
    words = header_key(stem)
    for spec in sorted(LISTS, key=lambda s: -s.number):  # "adopter" before "adoption"
        if any(f" {w} " in f" {words} " or words.startswith(w) for w in spec.words):
            return spec
    return None

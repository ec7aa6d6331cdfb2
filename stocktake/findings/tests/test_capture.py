"""The quick-capture splitter on the list styles of the seed documents, as pasted."""

from __future__ import annotations

from stocktake.findings.capture import number_unreferenced, split_list

# Seed 001 (the 2012 Improvement Notice), as its text export prints clauses 4 to 5.2: a clause
# heading ending "ensuring:", measures bulleted with their numbers ("- 4.1."), a footnote and
# its link between clauses, and measure 5.1 running on.
NOTICE = """\
4. Improve the quality and consistency of assessments by ensuring:

- 4.1. All assessments are carried out using the "the Conceptual Framework" ("Conceptual \
Framework") (1), so that evidence is analysed to determine the level of risk faced by the \
individual child and informs plans.
- 4.2. All assessments are completed within the timescales set out in statutory guidance \
'Working Together'.

5. The Quality of Practice

^{1 &}quot;the Conceptual Framework for Thinking about Risk Assessment" as described in \
Statutory guidance

https://www.education.gov.uk/publications/eOrderingDownload/Framework.pdf

- 5.1. Ensure all management oversight and decision-making on individual child protection \
cases including assessments are conducted in line with standards.
- 5.7. Conduct within two months of this notice an audit of all case files including those \
that are closed to assess whether children are at

- risk and whether further action is required.
- 6.2. Review the membership of Blackpool's Safeguarding Children Board and carries out it \
role in accordance with

'Working Together'.
"""

# Seed 001, clause 1: a measure whose sub-points are bullets without numbers.
NOTICE_SUBPOINTS = """\
- 1. The Council must take action to:
 - improve areas of weakness identified in the Ofsted inspection report; and
 - put in place arrangements to sustain and build on the improvement secured.
- 2. In respect of the above the Council must demonstrate evidence of improvement.
"""

# Seed 004, sections 4.2 to 4.4: recommendations numbered 1–9 under who should act.
HMIP = """\
4.2 The Youth Offending Team (YOT) Manager should:

1. Commission training to develop the staffs skills and knowledge in key areas practice.
2. Re-establish the staff's sense of pride in work of the YOT.

4.3 The Director of Children's Services (DCS) should:

5. Fully analyse the needs and profile of the children and young people subject to YOT \
supervision and use this to commission appropriate services.

4.4 The Youth Justice Board should:

9. Review the national policy for caretaking arrangements for children placed out of their \
own local authority area.
"""

# Seed 004, section 4.10: the areas for improvement as bullets, with a page break before the
# last two.
AFIS = """\
 - The identification of and response to risk, particularly in relation to long-standing \
concerns of chronic neglect
 - Training needs of social workers to ensure that they are prepared for court proceedings

- The strategic and coordinated approach to providing support for care leavers to improve \
their outcomes, including education, employment and training
- The quality and impact of audit and performance management
"""

# Seed 002: the monitoring visit letter has no list; its findings are paragraphs, one of them
# broken across a page ("This leads to an" / "over-optimism…").
LETTER = """\
Findings and evaluation of progress

Thresholds at the front door continue to be applied well in most cases. Information from \
partners is gathered in a timely manner at the MASH.

The quality of CAFAs is variable. At times, there is an over-reliance on self-reporting by \
parents. This leads to an

over-optimism about parents' capacity to change. These were all issues identified in the \
inspection as needing to improve.

Plans for children lack specificity regarding clear timescales for actions to be completed.
"""

# Seed 000's Appendix 1 numbers its areas "1 – …"; letters also use "3.2." and "4.1)" and "•".
OTHER_STYLES = """\
1 – The identification of and response to risk
3.2. Work with partner agencies to review and agree thresholds.
4.1) All assessments are carried out using the Conceptual Framework.
(a) Some lettered point.
"""


def test_notice_measures_keep_their_numbers_and_sit_under_their_clauses():
    capture = split_list(NOTICE)

    assert capture.style == "numbered"
    assert [i.reference for i in capture.items] == ["4", "4.1", "4.2", "5", "5.1", "5.7", "6.2"]
    parents = {i.reference: i.parent_reference for i in capture.items}
    assert parents == {
        "4": "",
        "4.1": "4",
        "4.2": "4",
        "5": "",
        "5.1": "5",
        "5.7": "5",
        "6.2": "",  # clause 6 is not in the paste
    }
    by_ref = {i.reference: i.text for i in capture.items}
    assert by_ref["4"] == "Improve the quality and consistency of assessments by ensuring:"
    assert by_ref["5"] == "The Quality of Practice"
    assert by_ref["5.7"].endswith("children are at risk and whether further action is required.")
    assert by_ref["6.2"].endswith("in accordance with 'Working Together'.")
    assert len(capture.skipped) == 2  # the footnote and its link
    assert capture.skipped[1].startswith("https://")


def test_bullets_under_a_numbered_measure_are_its_sub_points():
    capture = split_list(NOTICE_SUBPOINTS)

    assert [i.reference for i in capture.items] == ["1", "2"]
    assert capture.items[0].text == (
        "The Council must take action to:\n"
        "• improve areas of weakness identified in the Ofsted inspection report; and\n"
        "• put in place arrangements to sustain and build on the improvement secured."
    )


def test_recommendations_take_the_addressee_named_before_them():
    capture = split_list(HMIP)

    assert [(i.reference, i.addressee) for i in capture.items] == [
        ("1", "The Youth Offending Team (YOT) Manager"),
        ("2", "The Youth Offending Team (YOT) Manager"),
        ("5", "The Director of Children's Services (DCS)"),
        ("9", "The Youth Justice Board"),
    ]
    assert capture.items[2].text.startswith("Fully analyse the needs")
    assert capture.items[2].text.endswith("commission appropriate services.")
    assert capture.skipped == []


def test_bulleted_areas_for_improvement_are_one_each_and_numbered_in_order():
    capture = split_list(AFIS)
    number_unreferenced(capture.items, taken=set())

    assert capture.style == "bulleted"
    assert [i.reference for i in capture.items] == ["1", "2", "3", "4"]
    assert capture.items[2].text == (
        "The strategic and coordinated approach to providing support for care leavers to "
        "improve their outcomes, including education, employment and training"
    )


def test_numbering_continues_after_the_references_a_source_already_has():
    capture = split_list(AFIS)
    number_unreferenced(capture.items, taken={"1", "2", "MV3"})

    assert [i.reference for i in capture.items] == ["3", "4", "5", "6"]


def test_a_letter_without_a_list_gives_one_finding_per_paragraph():
    capture = split_list(LETTER)

    assert capture.style == "paragraphs"
    assert len(capture.items) == 3
    assert capture.skipped == ["Findings and evaluation of progress"]
    assert "This leads to an over-optimism about parents' capacity to change." in (
        capture.items[1].text
    )


def test_dash_dotted_and_bracketed_numbers_and_letters():
    capture = split_list(OTHER_STYLES)

    assert [(i.reference, i.text) for i in capture.items] == [
        ("1", "The identification of and response to risk"),
        ("3.2", "Work with partner agencies to review and agree thresholds."),
        ("4.1", "All assessments are carried out using the Conceptual Framework."),
        ("a", "Some lettered point."),
    ]


def test_round_bullets_and_html_from_a_word_export():
    capture = split_list("<p>• First finding</p>\n<p>• Second finding</p>")

    assert [i.text for i in capture.items] == ["First finding", "Second finding"]


def test_nothing_to_split():
    assert split_list("   \n\n").items == []

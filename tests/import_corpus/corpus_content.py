"""Invented plan content for the import corpus: English councils' children's services.

Every council, person and sentence here is made up. The pools are drawn from (seeded) by
`make_corpus.py`; each layout then writes what it drew in its own way and records, beside the
wording, what a careful reader takes from it (see README.md).
"""

from __future__ import annotations

# Themes (workstreams) and the actions written under them.
ACTIONS: dict[str, list[str]] = {
    "Front door and MASH": [
        "Review the thresholds document with partners and relaunch it across the partnership",
        "Introduce a daily multi-agency triage meeting in the MASH for all contacts rated amber",
        "Make sure every contact is screened by a qualified social worker within 24 hours",
        "Audit a sample of contacts each month to test the consistency of threshold decisions",
        "Provide consent training to police, health and school staff who refer to the front door",
        "Publish a single front door telephone number and online referral form for professionals",
        "Record the rationale for every no further action decision on the child's file",
    ],
    "Assessment and planning": [
        "Set a standard that every assessment includes a chronology and a genogram",
        "Complete single assessments within timescales that meet each child's needs",
        "Introduce SMART child in need plans with named actions and review dates",
        "Hold a management oversight discussion at the midpoint of every assessment",
        "Re-launch the assessment template so that the child's lived experience is recorded",
        "Track children in need visits weekly through the team performance dashboard",
    ],
    "Child protection": [
        "Ensure strategy discussions include police, health and education every time",
        "Review the use of child protection plans lasting longer than 18 months",
        "Strengthen the role of child protection chairs in challenging drift and delay",
        "Embed the pre-proceedings protocol so that letters before proceedings lead to clear plans",
        "Provide independent advocacy for parents attending initial child protection conferences",
        "Make sure core groups meet every six weeks with minutes shared within five working days",
    ],
    "Children in care": [
        "Increase the number of in-house foster carers through a targeted recruitment campaign",
        "Complete permanence planning for every child by their second looked after review",
        "Review all children placed more than 20 miles from home to check each placement",
        "Ensure every child in care has an up-to-date health assessment and dental check",
        "Strengthen the independent reviewing officer footprint on children's plans",
        "Write life story work for every child with a plan for adoption or long-term fostering",
        "Reduce the number of children who have three or more placement moves in a year",
    ],
    "Care leavers": [
        "Offer every care leaver a pathway plan written with them by their 16th birthday",
        "Extend the local offer for care leavers to include council tax exemption up to 25",
        "Provide suitable accommodation for every care leaver including staying put options",
        "Stay in touch with every care leaver aged 18 to 21 at least every eight weeks",
        "Create apprenticeship places in the council for care leavers each year",
    ],
    "Workforce": [
        "Recruit permanent team managers to reduce reliance on agency staff",
        "Launch a social work academy for newly qualified social workers in their first year",
        "Reduce average caseloads in the assessment teams to no more than 20 children",
        "Introduce a retention payment for experienced social workers in hard to fill teams",
        "Deliver a supervision training programme to every first-line manager",
        "Publish a workforce development plan approved by the improvement board",
    ],
    "Quality assurance and performance": [
        "Introduce a monthly case file audit programme moderated by senior managers",
        "Develop a performance scorecard reviewed weekly by the senior leadership team",
        "Close the loop on audit findings with practitioners within four weeks of each audit",
        "Publish a quarterly learning briefing drawn from audits and complaints",
        "Introduce practice observations for team managers twice a year",
        "Produce an annual self-evaluation of social work practice for scrutiny",
    ],
    "Leadership and governance": [
        "Establish an improvement board with an independent chair reporting to the chief executive",
        "Brief elected members on their corporate parenting responsibilities",
        "Review the scheme of delegation for decisions to place children out of area",
        "Agree the children's services budget recovery plan with the section 151 officer",
        "Hold quarterly scrutiny sessions on the improvement plan with the children's committee",
    ],
    "Early help": [
        "Agree an early help strategy with schools, health and the voluntary sector",
        "Make the early help assessment available to all partners through the online portal",
        "Step down cases from social care to early help with a joint visit in every case",
        "Commission parenting programmes for families of children aged 0 to 5",
        "Train lead professionals in schools to coordinate team around the family meetings",
    ],
    "Exploitation and missing children": [
        "Offer a return home interview to every child within 72 hours of being found",
        "Map contextual risks in each locality with police and community safety partners",
        "Introduce a multi-agency child exploitation panel meeting every fortnight",
        "Train residential staff to recognise and report signs of criminal exploitation",
    ],
    "Voice of the child": [
        "Capture the views of every child before their review and record them in their words",
        "Set up a children in care council that meets the lead member every quarter",
        "Write to children in plain language explaining the decisions made about them",
        "Use the Mind of My Own app with all children open to social care aged 8 and over",
    ],
    "Disabled children": [
        "Complete a needs analysis of short breaks for disabled children and their families",
        "Align education, health and care plans with child in need plans for disabled children",
        "Agree transition plans at 14 for disabled young people moving into adult services",
    ],
}

# Sub-action groups: an action and the steps written under it (1.1.a, 1.1.b …).
SUB_ACTIONS: dict[str, list[str]] = {
    "Review the thresholds document with partners and relaunch it across the partnership": [
        "Draft the revised thresholds document with the safeguarding partnership",
        "Consult schools and health visitors on the draft",
        "Run relaunch briefings for every referring agency",
    ],
    "Introduce a monthly case file audit programme moderated by senior managers": [
        "Agree the audit tool and grading descriptors",
        "Train auditors in the new tool",
        "Report audit grades to the performance board each month",
    ],
    "Recruit permanent team managers to reduce reliance on agency staff": [
        "Agree a market supplement for team manager posts",
        "Run a national recruitment campaign",
        "Offer agency managers conversion to permanent contracts",
    ],
    "Complete permanence planning for every child by their second looked after review": [
        "Set up a permanence tracking panel chaired by the head of service",
        "Review every child without a permanence plan",
    ],
    "Offer every care leaver a pathway plan written with them by their 16th birthday": [
        "Redesign the pathway plan template with care leavers",
        "Train personal advisers in the new template",
        "Audit pathway plans for quality every quarter",
    ],
    "Ensure strategy discussions include police, health and education every time": [
        "Agree a strategy discussion protocol with police and health",
        "Set up a virtual strategy meeting room available every day",
    ],
    "Develop a performance scorecard reviewed weekly by the senior leadership team": [
        "Agree the measures with heads of service",
        "Automate the weekly data extract from the case management system",
        "Present the scorecard at the improvement board",
    ],
    "Agree an early help strategy with schools, health and the voluntary sector": [
        "Hold a partnership workshop to shape the strategy",
        "Publish the strategy and an action plan",
    ],
}

# (full name, job title) of invented officers.
PEOPLE: list[tuple[str, str]] = [
    ("Sarah Okafor", "Head of Service, Children in Care"),
    ("James Whitfield", "Head of Service, Assessment and Intervention"),
    ("Priya Nair", "Principal Social Worker"),
    ("Tom Hargreaves", "Head of Quality Assurance"),
    ("Helen Marsh", "Director of Children's Services"),
    ("Daniel Osei", "Service Manager, MASH"),
    ("Claire Bennett", "Head of Early Help"),
    ("Mohammed Iqbal", "Workforce Development Manager"),
    ("Rebecca Lowe", "Head of Safeguarding and Reviewing"),
    ("Gareth Price", "Assistant Director, Children's Social Care"),
    ("Fiona McLeod", "Service Manager, Care Leavers"),
    ("Andrew Kaur", "Performance and Intelligence Manager"),
    ("Lucy Adeyemi", "Head of Fostering and Adoption"),
    ("Martin Doyle", "Service Manager, Children with Disabilities"),
    ("Natalie Brooks", "Strategic Lead, Exploitation and Missing"),
    ("Owen Griffiths", "Head of Children's Commissioning"),
    ("Joanne Fairley", "HR Business Partner"),
    ("Imran Chaudhry", "Service Manager, Child Protection"),
    ("Kate Summers", "Participation Lead"),
    ("Paul Reddy", "Head of Business Support"),
]

# Partner owners: (name or "", job title, organisation).
PARTNERS: list[tuple[str, str, str]] = [
    ("Mark Evans", "Detective Inspector", "Northshire Police"),
    ("Angela Ward", "Designated Nurse for Safeguarding", "Integrated Care Board"),
    ("", "Head of Safeguarding", "County Hospitals NHS Trust"),
    ("Linda Chow", "Headteacher Representative", "Schools Forum"),
    ("", "Partnership Manager", "Safeguarding Children Partnership"),
]

UPDATES: list[str] = [
    "Draft completed and circulated to partners for comment",
    "Two of the three briefings delivered; the last is booked for next month",
    "Recruitment campaign launched and eleven applications received",
    "Audit of twenty cases completed and findings shared with team managers",
    "Work delayed by staff absence; revised plan agreed with the head of service",
    "Protocol signed off by the safeguarding partnership executive",
    "Data shows improvement for the third month running",
    "Training delivered to 64 staff with positive feedback",
    "Meeting now held every weekday with police and health attending",
    "Template redesigned with care leavers and tested in two teams",
    "Panel established and first six children reviewed",
    "Proposal agreed by the leadership team; funding confirmed",
    "Progress slower than planned because of vacancies in the team",
    "Dashboard in use by all team managers and reviewed in supervision",
    "Consultation closed with 48 responses which are being analysed",
    "New process live from the start of the month and being monitored",
    "Action complete and evidence uploaded to the shared folder",
    "Independent chair appointed and terms of reference agreed",
    "Pilot running in the north locality with good take-up",
    "Further work needed to embed the change in practice",
    "Briefing pack written and reviewed by the principal social worker",
    "Scoping meeting held and project plan drafted",
    "Three of the five teams now meet the caseload standard",
    "Awaiting legal advice before the policy can be finalised",
]

MEASURES: list[str] = [
    "Re-referrals within 12 months fall below 20%",
    "At least 90% of contacts are screened within 24 hours",
    "80% of assessments are completed within 45 working days",
    "Case file audits graded good or better rise to 60%",
    "Agency social workers fall below 15% of the workforce",
    "Average caseloads in assessment teams are 20 or fewer",
    "Every child in care has a permanence plan by their second review",
    "95% of care leavers are in touch with the service",
    "No more than 10% of children in care have three or more placement moves",
    "Return home interviews are offered within 72 hours in 90% of cases",
    "Child protection plans lasting two years or more fall below 3%",
    "Children and families tell us they understand their plan",
    "Staff survey shows 75% of social workers feel well supervised",
    "Health assessments for children in care are on time in 90% of cases",
    "Care leavers in education, employment or training rise to 60%",
    "Early help assessments completed by partners double within a year",
]

RAG_WORDS = ["Red", "Amber", "Green", "Amber", "Green", "Blue"]

# Inspectors' recommendations, for plans that answer them action by action.
RECOMMENDATIONS: list[str] = [
    "Leaders should make sure that thresholds are understood and applied consistently by partners",
    "Leaders should improve the quality and timeliness of assessments",
    "Leaders should strengthen management oversight and supervision of frontline practice",
    "Leaders should ensure that children in care live in stable homes that meet their needs",
    "Leaders should improve the quality of pathway planning for care leavers",
    "Leaders should make sure that quality assurance leads to better practice",
    "Leaders should ensure that there are enough social workers with manageable caseloads",
    "Leaders should improve the response to children who go missing or are exploited",
]

# Who plausibly leads each theme's actions (names from PEOPLE).
LEADS: dict[str, list[str]] = {
    "Front door and MASH": ["Daniel Osei", "James Whitfield", "Gareth Price"],
    "Assessment and planning": ["James Whitfield", "Priya Nair", "Gareth Price"],
    "Child protection": ["Imran Chaudhry", "Rebecca Lowe", "James Whitfield"],
    "Children in care": ["Sarah Okafor", "Lucy Adeyemi", "Rebecca Lowe"],
    "Care leavers": ["Fiona McLeod", "Sarah Okafor"],
    "Workforce": ["Mohammed Iqbal", "Joanne Fairley", "Priya Nair"],
    "Quality assurance and performance": ["Tom Hargreaves", "Andrew Kaur", "Priya Nair"],
    "Leadership and governance": ["Helen Marsh", "Gareth Price", "Paul Reddy"],
    "Early help": ["Claire Bennett", "Owen Griffiths"],
    "Exploitation and missing children": ["Natalie Brooks", "Imran Chaudhry"],
    "Voice of the child": ["Kate Summers", "Rebecca Lowe"],
    "Disabled children": ["Martin Doyle", "Owen Griffiths"],
}

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
    "Work delayed by staff absence; revised plan agreed with the head of service",
    "Data shows improvement for the third month running",
    "Training delivered to 64 staff with positive feedback",
    "Proposal agreed by the leadership team; funding confirmed",
    "Progress slower than planned because of vacancies in the team",
    "Consultation closed with 48 responses which are being analysed",
    "New process live from the start of the month and being monitored",
    "Action complete and evidence uploaded to the shared folder",
    "Pilot running in the north locality with good take-up",
    "Further work needed to embed the change in practice",
    "Briefing pack written and reviewed by the principal social worker",
    "Scoping meeting held and project plan drafted",
    "Awaiting legal advice before the policy can be finalised",
]

# Measures that fit any theme.
GENERAL_MEASURES: list[str] = [
    "Case file audits of the service's work graded good or better rise to 60%",
    "Children and families say the help they get made a difference",
    "Staff in the service say they have the time to do good work",
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

# Progress and measures that fit each theme, drawn before the general ones above.
THEME_UPDATES: dict[str, list[str]] = {
    "Front door and MASH": [
        "Daily triage meeting now held every weekday with police and health attending",
        "Thresholds briefings delivered to 140 staff across schools and health",
        "Contacts screened within 24 hours rose to 86% this month",
        "Consent audit completed; the findings go to the partnership in the autumn",
    ],
    "Assessment and planning": [
        "New assessment template live in all teams from the start of the month",
        "Twenty assessments audited; chronologies present in most but of mixed quality",
        "Midpoint oversight discussions recorded in 70% of assessments sampled",
        "Workshop on SMART planning delivered to team managers",
    ],
    "Child protection": [
        "Strategy discussion protocol signed off by police and health",
        "Review of long-running plans completed; 14 children's plans escalated",
        "Core group attendance improved after the reminders were automated",
        "Advocacy service commissioned and taking referrals",
    ],
    "Children in care": [
        "Fostering campaign launched with eleven enquiries in the first month",
        "Permanence panel has reviewed its first six children",
        "Health assessments on time rose to 82% this quarter",
        "Placement stability meetings now held for every child at risk of a move",
    ],
    "Care leavers": [
        "Pathway plan template redesigned with care leavers and tested in two teams",
        "Council tax exemption agreed by cabinet",
        "Four apprenticeships advertised for care leavers",
        "Personal advisers in touch with 91% of care leavers aged 18 to 21",
    ],
    "Workforce": [
        "Recruitment campaign launched and eleven applications received",
        "Academy cohort of twelve newly qualified social workers started",
        "Three of the five assessment teams now meet the caseload standard",
        "Market supplement agreed by the employment committee",
    ],
    "Quality assurance and performance": [
        "Audit of twenty cases completed and findings shared with team managers",
        "Scorecard in use by all team managers and reviewed in supervision",
        "First learning briefing published on the intranet",
        "Moderation panel met and agreed grades for eight audits",
    ],
    "Leadership and governance": [
        "Independent chair appointed and terms of reference agreed",
        "Members' briefing held with 31 councillors attending",
        "Budget recovery plan agreed with the section 151 officer",
        "Scrutiny session held; members asked for a report on caseloads",
    ],
    "Early help": [
        "Partnership workshop held with schools, health and the voluntary sector",
        "Early help assessment available on the portal to all partners",
        "Parenting programme commissioned for the north locality",
        "Joint step-down visits now recorded for most cases",
    ],
    "Exploitation and missing children": [
        "Return home interviews offered within 72 hours in 78% of episodes",
        "Exploitation panel meeting fortnightly with police and community safety",
        "Training delivered to staff in all four children's homes",
        "Locality risk maps drafted with police for two of the four areas",
    ],
    "Voice of the child": [
        "Children in care council met the lead member in July",
        "Mind of My Own used by 64 children this quarter",
        "Letters to children template written with the children in care council",
        "Audit shows children's views recorded in their own words in 60% of reviews",
    ],
    "Disabled children": [
        "Short breaks needs analysis under way with parent carers",
        "Joint panel with education and health agreed its terms of reference",
        "Transition protocol drafted with adult social care",
        "Survey of families using short breaks closed with 48 responses",
    ],
}

THEME_MEASURES: dict[str, list[str]] = {
    "Front door and MASH": [
        "At least 90% of contacts are screened within 24 hours",
        "Re-referrals within 12 months fall below 20%",
        "Partners rate the front door good or better in the annual survey",
    ],
    "Assessment and planning": [
        "80% of assessments are completed within 45 working days",
        "Assessments graded good or better in audit rise to 65%",
        "Every child in need plan has named actions and a review date",
    ],
    "Child protection": [
        "Child protection plans lasting two years or more fall below 3%",
        "Strategy discussions with police, health and education present rise to 95%",
        "Second or subsequent child protection plans fall below 20%",
    ],
    "Children in care": [
        "No more than 10% of children in care have three or more placement moves",
        "Every child in care has a permanence plan by their second review",
        "Health assessments for children in care are on time in 90% of cases",
    ],
    "Care leavers": [
        "95% of care leavers are in touch with the service",
        "Care leavers in education, employment or training rise to 60%",
        "Care leavers in suitable accommodation rise to 92%",
    ],
    "Workforce": [
        "Agency social workers fall below 15% of the workforce",
        "Average caseloads in assessment teams are 20 or fewer",
        "Staff survey shows 75% of social workers feel well supervised",
    ],
    "Quality assurance and performance": [
        "Case file audits graded good or better rise to 60%",
        "Every audit action is closed within four weeks",
        "Team managers use the scorecard in every supervision",
    ],
    "Leadership and governance": [
        "The improvement board meets monthly with full partner attendance",
        "Every elected member completes corporate parenting training",
        "The children's services budget is balanced at year end",
    ],
    "Early help": [
        "Early help assessments completed by partners double within a year",
        "Families stepped down to early help who return to social care fall below 15%",
        "Take-up of parenting programmes reaches 300 families a year",
    ],
    "Exploitation and missing children": [
        "Return home interviews are offered within 72 hours in 90% of cases",
        "Repeat missing episodes fall by a quarter",
        "Every child at risk of exploitation has a multi-agency plan",
    ],
    "Voice of the child": [
        "Children and families tell us they understand their plan",
        "Children's views are recorded in their own words in 80% of reviews",
        "The children in care council meets the lead member every quarter",
    ],
    "Disabled children": [
        "Families waiting for short breaks fall below 20",
        "Every disabled young person has a transition plan by 14",
        "Parent carers rate the service good or better",
    ],
}

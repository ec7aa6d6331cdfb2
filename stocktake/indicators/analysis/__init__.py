"""Pure, vectorised analysis of indicator series (numpy only; no Django, no database).

- `spc`: the XmR chart, the special-cause rules, variation and assurance judgements;
- `targets`: status against the target in force, tolerance, Ofsted-style bands;
- `trend`: direction of travel and projection to the next target;
- `suppression`: small-number suppression for anything published;
- `series`: the full analysis of one indicator, and of many;
- `summary`: the plain-English paragraph for the failing-targets analysis.
"""

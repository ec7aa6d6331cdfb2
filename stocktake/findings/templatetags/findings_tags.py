from __future__ import annotations

from django import template

from stocktake.findings import presenters

register = template.Library()

register.filter("grade_tag", presenters.grade_tag)
register.filter("grade_label", presenters.grade_label)
register.filter("reading_tag", presenters.reading_tag)
register.filter("flag_tag", presenters.flag_tag)
register.filter("flag_label", presenters.flag_label)

"""What the indicator pages show, and the forms behind them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from stocktake.core.tests.helpers import error_summary, version_of
from stocktake.indicators.models import Indicator
from stocktake.indicators.services import commentary_save, indicator_link

pytestmark = pytest.mark.django_db


def page(client, user, name, *args, **query) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_tiles(world, iw, client):
    html = page(client, world.users["viewer"], "indicators:dashboard", world.authority.slug)
    assert "Re-referrals within 12 months" in html and "Care leavers in education" in html
    # Re-referrals (lower is better) met the 12-month target of 22 with 22.7 within 1: the
    # latest figure is compared with the target in force in December 2024.
    assert "22.7%" in html and "Within tolerance" in html
    # EET is falling (higher is better): it misses and is getting worse.
    assert "Target missed" in html and "Getting worse" in html
    assert "Special cause: concerning" in html and "Special cause: improving" in html
    assert "England 22.6% (2025)" in html
    assert "Otherborough" not in html


def test_the_dashboard_filters_by_theme_and_area(world, iw, client):
    indicator_link(indicator=iw.eet, actor=None, actions=[], themes=[world.theme])
    html = page(client, world.users["viewer"], "indicators:dashboard", world.authority.slug,
                theme=world.theme.pk)  # fmt: skip
    assert "Care leavers in education" in html and "Re-referrals within 12 months" not in html
    html = page(client, world.users["viewer"], "indicators:dashboard", world.authority.slug,
                area="Front door and referrals")  # fmt: skip
    assert "Re-referrals within 12 months" in html and "Care leavers in education" not in html
    html = page(client, world.users["viewer"], "indicators:dashboard", world.authority.slug,
                theme="not-a-number")  # fmt: skip
    assert "Re-referrals within 12 months" in html


def test_the_indicator_page_has_the_chart_its_data_table_and_analysis(world, iw, client):
    indicator_link(indicator=iw.reref, actor=None, actions=[world.action], themes=[world.theme])
    html = page(
        client, world.users["partner"], "indicators:detail", world.authority.slug, iw.reref.pk
    )
    assert '<svg role="img" aria-label="SPC chart of Re-referrals within 12 months' in html
    assert "Every figure, with its target and SPC signals" in html
    assert re.search(r"<th scope=\"row\" class=\"govuk-table__header\">Dec 2024</th>", html)
    assert "Re-referrals within 12 months was 22.7% in Dec 2024." in html
    assert "where lower is better" in html
    assert "Entered by hand" in html  # each figure's source, and who entered it
    assert "LA1" in html and world.theme.name in html
    assert "Add a figure" not in html  # a partner reads only
    editor = page(
        client, world.users["lead"], "indicators:detail", world.authority.slug, iw.reref.pk
    )
    assert "Add a figure" in editor and "Edit the paragraph for the board" in editor


def test_the_chart_as_a_picture(world, iw, client):
    client.force_login(world.users["viewer"])
    response = client.get(reverse("indicators:chart_png", args=[world.authority.slug, iw.reref.pk]))
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


def test_the_action_page_lists_its_indicators(world, iw, client):
    indicator_link(indicator=iw.reref, actor=None, actions=[world.action], themes=[])
    html = page(client, world.users["owner"], "plans:action_detail", world.authority.slug,
                world.plan.pk, world.action.pk)  # fmt: skip
    assert "Indicators of impact" in html
    assert reverse("indicators:detail", args=[world.authority.slug, iw.reref.pk]) in html


def test_the_failing_targets_analysis_with_an_edited_paragraph(world, iw, client):
    html = page(client, world.users["viewer"], "indicators:failing", world.authority.slug)
    assert "Care leavers in education, employment or training was 51% in Dec 2024." in html
    assert "It has missed its target for" in html
    client.force_login(world.users["lead"])
    url = reverse("indicators:commentary", args=[world.authority.slug, iw.eet.pk])
    assert "Generated from the figures up to December 2024" in client.get(url).content.decode()
    response = client.post(url, {"text": "EET is falling: the board is asked to note it."})
    assert response.status_code == 302
    html = page(client, world.users["viewer"], "indicators:failing", world.authority.slug)
    assert "EET is falling: the board is asked to note it." in html
    assert "Newer figures have arrived since" not in html
    # A newer figure makes the saved paragraph out of date, and the page says so.
    from stocktake.indicators.services import observation_record

    observation_record(indicator=iw.eet, actor=None, period=dt.date(2025, 1, 1), value=50.0)
    html = page(client, world.users["viewer"], "indicators:failing", world.authority.slug)
    assert "Newer figures have arrived since" in html


def test_the_commentary_form_refuses_an_empty_paragraph(world, iw, client):
    client.force_login(world.users["lead"])
    url = reverse("indicators:commentary", args=[world.authority.slug, iw.eet.pk])
    response = client.post(url, {"text": ""})
    assert "Enter the paragraph for the board" in response.content.decode()
    assert not iw.eet.commentary.exists()


def test_adding_an_indicator_and_a_target_and_a_figure(world, client):
    client.force_login(world.users["lead"])
    slug = world.authority.slug
    response = client.post(reverse("indicators:create", args=[slug]), {
        "code": "mgr1", "name": "Cases with a manager's direction", "unit": "percent",
        "polarity": "higher", "frequency": "monthly", "decimals": "0",
    })  # fmt: skip
    indicator = Indicator.objects.get(authority=world.authority, code="MGR1")
    assert response.url == reverse("indicators:detail", args=[slug, indicator.pk])
    url = reverse("indicators:target_create", args=[slug, indicator.pk])
    response = client.post(url, {"label": "6 months", "kind": "checkpoint", "due_date_0": "31",
                                 "due_date_1": "7", "due_date_2": "2025", "value": "80",
                                 "tolerance": "5", "tolerance_kind": "absolute"})  # fmt: skip
    assert response.status_code == 302 and indicator.targets.get().value == 80
    url = reverse("indicators:observation_create", args=[slug, indicator.pk])
    response = client.post(url, {"period": "2025 Q1", "value": "75"})
    assert "Jan–Mar 2025 is a quarter, but Cases with a manager" in response.content.decode()
    response = client.post(url, {"period": "Mar 2025", "numerator": "30", "denominator": "40"})
    assert response.status_code == 302
    assert indicator.observations.get().value == 75.0


def test_form_errors_are_shown_in_words(world, iw, client):
    client.force_login(world.users["lead"])
    slug = world.authority.slug
    response = client.post(reverse("indicators:create", args=[slug]), {"code": "REREF12"})
    html = response.content.decode()
    assert "Enter the indicator&#x27;s name" in html or "Enter the indicator's name" in html
    url = reverse("indicators:observation_create", args=[slug, iw.reref.pk])
    html = client.post(url, {"period": "2025-01", "value": "lots"}).content.decode()
    assert "The value must be a number" in html
    html = client.post(url, {"period": "2025-01", "value": "120"}).content.decode()
    assert "A percentage cannot be over 100" in html


def test_adopting_from_the_catalogue_page(world, iw, client):
    html = page(client, world.users["viewer"], "indicators:catalogue", world.authority.slug)
    assert "Assessments completed within 45 working days" in html
    assert "Adopt the selected indicators" not in html  # viewers read only
    client.force_login(world.users["admin"])
    from stocktake.indicators.models import CatalogueEntry

    entry = CatalogueEntry.objects.get(code="ICPC15")
    client.post(
        reverse("indicators:catalogue", args=[world.authority.slug]), {"entries": [entry.pk]}
    )
    assert Indicator.objects.filter(authority=world.authority, code="ICPC15").exists()


def test_the_catalogue_page_says_whether_all_are_adopted_or_the_catalogue_is_empty(
    world, iw, client
):
    from stocktake.indicators.models import CatalogueEntry

    lead = world.users["lead"]
    for entry in CatalogueEntry.objects.exclude(code__in=["REREF12", "CL_EET"]):
        Indicator.objects.create(authority=world.authority, code=entry.code, catalogue=entry)
    html = page(client, lead, "indicators:catalogue", world.authority.slug)
    assert "This authority has adopted every indicator in the catalogue" in html

    CatalogueEntry.objects.all().delete()
    html = page(client, lead, "indicators:catalogue", world.authority.slug)
    assert "The catalogue is empty" in html and "adopted every indicator" not in html


def test_measures_of_success_page_and_conversion(world, iw, client):
    html = page(client, world.users["lead"], "indicators:measures", world.authority.slug)
    assert "Fewer children re-referred" in html and "Make it an indicator" in html
    url = reverse("indicators:measure_convert", args=[world.authority.slug, iw.measure.pk])
    response = client.post(url, {f"m{iw.measure.pk}-catalogue": ""})
    indicator = Indicator.objects.get(measure=iw.measure)
    assert response.url == reverse("indicators:detail", args=[world.authority.slug, indicator.pk])
    assert list(indicator.themes.all()) == [world.theme]


def test_linking_actions_and_themes(world, iw, client):
    client.force_login(world.users["lead"])
    url = reverse("indicators:links", args=[world.authority.slug, iw.reref.pk])
    assert "LA2" in client.get(url).content.decode()
    client.post(
        url,
        {
            "actions": [world.partner_action.pk],
            "themes": [world.theme.pk],
            "version": version_of(iw.reref),
        },
    )
    assert list(iw.reref.actions.all()) == [world.partner_action]
    # Another authority's action is not a choice.
    response = client.post(url, {"actions": [world.other_action.pk]})
    assert response.status_code == 200 and list(iw.reref.actions.all()) == [world.partner_action]


def test_the_saved_paragraph_shows_on_the_indicator_page(world, iw, client):
    commentary_save(indicator=iw.reref, actor=world.users["lead"], as_of=dt.date(2024, 12, 1),
                    text="<b>Board</b> note", generated="g")  # fmt: skip
    html = page(
        client, world.users["viewer"], "indicators:detail", world.authority.slug, iw.reref.pk
    )
    assert "&lt;b&gt;Board&lt;/b&gt; note" in html  # escaped, never rendered as markup


def test_an_indicator_without_its_direction_or_frequency_is_asked_for_them_in_plain_english(
    world, client_for
):
    url = reverse("indicators:create", args=[world.authority.slug])
    data = {"code": "VISITS", "name": "Visits", "unit": "percent", "decimals": "1"}

    response = client_for(world.users["lead"]).post(url, data)

    assert error_summary(response) == [
        ("#id_polarity_0", "Select which direction is good"),
        ("#id_frequency_0", "Select how often it is reported"),
    ]

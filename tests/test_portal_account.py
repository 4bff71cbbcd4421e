"""The portal's Compute, Account and Support pages in headless Chromium, as a user (issue 9,
items 5-7), against gunicorn: sign up, create a token and use it with curl and requests,
accept a licence; run a field-mean statistics job from its form and see its chart (the
chart's data is the job's result), a regridded field on the map; send a support message
and find it listed by `opendias support list` and received by a real SMTP server. On every
page (tests/portal_harness.py): no request leaves loopback, no console error, no serious or
critical axe-core violation; and they fit a 390 px wide phone."""

from __future__ import annotations

import io
import json
import subprocess
import uuid

import pandas as pd
import pytest
import requests

from conftest import Server
from portal_harness import axe_violations, chromium, open_page  # noqa: F401 (fixture)
from smtp_server import SmtpServer
from test_access import PASSWORD

SELECTION = {"layers": [{"collection": "med-sst-l4", "variable": "analysed_sst",
                         "layer": "med-sst-l4/analysed_sst", "title": "Med SST"}],
             "bbox": [5, 38, 10, 42], "datetime": ["2016-03-01", "2016-03-20"],
             "variables": ["analysed_sst"], "depth": None, "format": None}


@pytest.fixture(scope="module")
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture(scope="module")
def service(smtp):
    env = {**smtp.env(), "OPENDIAS_ANONYMOUS": "catalogue,maps",
           "OPENDIAS_SUPPORT_PER_HOUR": "1000", "OPENDIAS_DASK_WORKERS": "1"}
    with Server(workers=1, env=env) as server:
        yield server


class Browser:
    """A watched page of the portal's harness (portal_harness.open_page), on the service."""

    def __init__(self, page, base_url: str):
        self.page, self.base_url = page, base_url

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)


@pytest.fixture()
def browser(chromium, service, tmp_path):  # noqa: F811
    with open_page(chromium, service.url, tmp_path / "shots") as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        yield Browser(page, service.url)


def _clean(browser, shot: str) -> None:
    browser.page.shoot(shot, full_page=True)
    assert axe_violations(browser.page) == []


def _sign_in(browser, name: str) -> None:
    page = browser.page
    browser.goto("/portal/account")
    page.fill("#signin-username", name)
    page.fill("#signin-password", PASSWORD)
    page.click("#signin-form button[type=submit]")
    page.wait_for_selector("#signed-in:not([hidden])")


def _term_of(dataset: str) -> str:
    from opendias.identity.terms import catalogue_terms

    return next(t for t, term in catalogue_terms().items() if dataset in term.datasets)


def test_sign_up_create_a_token_use_it_and_accept_a_licence(browser, service):
    page, name = browser.page, f"p{uuid.uuid4().hex[:10]}"
    browser.goto("/portal/account")
    page.wait_for_selector("#signed-out:not([hidden])")
    _clean(browser, "account-signed-out")
    page.fill("#register-username", name)
    page.fill("#register-email", f"{name}@example.org")
    page.fill("#register-password", PASSWORD)
    page.click("#register-form button[type=submit]")
    page.wait_for_selector("#signed-in:not([hidden])")
    assert page.text_content("#me-name") == name
    assert "essential" in page.text_content("#plan-summary")
    quotas = page.eval_on_selector_all("#usage tbody tr", "rows => rows.map(r => r.dataset.quota)")
    assert quotas == ["requests_per_minute", "download_bytes_per_day", "concurrent_jobs",
                      "jobs_per_day", "max_job_cells", "job_cpu_seconds_per_day"]
    assert page.text_content("#usage [data-quota=download_bytes_per_day] td:nth-of-type(2)") \
        == "10 GiB"

    page.fill("#token-label", "curl on my laptop")
    page.click("#token-form button[type=submit]")
    page.wait_for_selector("#new-token:not([hidden])")
    token = page.input_value("#new-token-value")
    assert token.startswith("odt_")
    page.click("#copy-token")
    page.wait_for_function("document.getElementById('token-status').textContent.includes('Copied')")
    assert page.evaluate("navigator.clipboard.readText()") == token
    assert page.text_content("#tokens tbody tr td") == "curl on my laptop"
    _clean(browser, "account-token-made")

    me = subprocess.run(["curl", "-sf", "-H", f"Authorization: Bearer {token}",
                         f"{service.url}/me"], capture_output=True, text=True, timeout=30)
    assert me.returncode == 0 and json.loads(me.stdout)["username"] == name
    headers = {"Authorization": f"Bearer {token}"}
    cutout = f"{service.url}/collections/med-sst-l4/coverage?bbox=5,38,6,39&f=json"
    refused = requests.get(cutout, headers=headers, timeout=60)
    assert refused.status_code == 403 and "licence" in refused.json()["detail"]

    term = _term_of("med-sst-l4")
    page.click(f"#terms [data-term='{term}'] button")
    page.wait_for_selector(f"#terms [data-term='{term}'][data-accepted=yes]")
    accepted = requests.get(f"{service.url}/termsaccepted", headers=headers, timeout=30).json()
    assert term in [t["id"] for t in accepted["terms"]]
    assert requests.get(cutout, headers=headers, timeout=60).status_code == 200
    _clean(browser, "account-licence-accepted")

    token_id = page.get_attribute("#tokens tbody tr", "data-token")
    page.click(f"#tokens [data-token='{token_id}'] button")
    page.wait_for_selector("#tokens-empty:not([hidden])")
    assert requests.get(f"{service.url}/me", headers=headers, timeout=30).status_code == 401
    page.click("#signout")
    page.wait_for_selector("#signed-out:not([hidden])")
    browser.goto("/portal/plans")
    page.wait_for_selector("body[data-ready=plans]")
    assert page.text_content("td[data-plan=advanced][data-capability=processes]") == "✓ yes"
    assert page.text_content("td[data-plan=essential][data-capability=processes]") == "— no"
    _clean(browser, "plans")


def test_a_field_mean_from_its_form_is_charted_and_a_regridded_field_mapped(browser, service):
    from opendias.identity import Accounts, Tokens
    from opendias.identity.terms import Terms

    name = f"c{uuid.uuid4().hex[:10]}"
    user = Accounts().register(name, f"{name}@example.org", PASSWORD, plan="advanced")
    Terms().accept(user, _term_of("med-sst-l4"))
    _, token = Tokens().create(name, "check")
    _sign_in(browser, name)
    page = browser.page
    page.evaluate(f"localStorage.setItem('opendias.selection', {json.dumps(json.dumps(SELECTION))})")
    browser.goto("/portal/compute?process=statistics")
    page.wait_for_selector("body[data-ready=compute] #run-form")
    assert page.input_value("#in-dataset") == "med-sst-l4"  # from the map's selection
    assert page.input_value("#in-bbox") == "5, 38, 10, 42"
    assert page.input_value("#in-datetime") == "2016-03-01/2016-03-20"
    assert page.input_value("#in-kind") == "spatial" and page.input_value("#in-stats") == "mean"
    page.select_option("#in-format", "csv")
    page.click("#run-form button[type=submit]")
    page.wait_for_selector("#compute[data-done]", timeout=60_000)
    page.wait_for_selector("#result-view canvas")
    job_id = page.get_attribute("#compute", "data-done")
    drawn = page.evaluate("() => document.getElementById('result-view').chartData")

    headers = {"Authorization": f"Bearer {token}"}
    links = requests.get(f"{service.url}/jobs/{job_id}/results?f=json", headers=headers,
                         timeout=30).json()["links"]
    table = pd.read_csv(io.BytesIO(requests.get(links[0]["href"], timeout=30).content))
    assert len(table) >= 5 and list(table.columns) == ["time", "analysed_sst_mean"]
    assert drawn["times"] == list(table["time"])
    assert drawn["x"] == [pd.Timestamp(t).timestamp() for t in table["time"]]
    assert drawn["series"]["analysed_sst_mean"] == pytest.approx(
        list(table["analysed_sst_mean"]), rel=1e-12)
    _clean(browser, "compute-chart")

    page.select_option("#process", "regrid")
    page.wait_for_selector("#run-form #in-resolution")
    page.fill("#in-resolution", "0.5")
    page.fill("#in-datetime", "2016-03-01")
    page.click("#run-form button[type=submit]")
    page.wait_for_function(f"(() => {{ const d = document.getElementById('compute').dataset; "
                           f"return d.done && d.done !== '{job_id}'; }})()", timeout=60_000)
    page.wait_for_selector("#result-view[data-bbox] img.leaflet-image-layer")
    page.wait_for_selector("#result-map svg path", state="attached")  # the basemap
    assert page.get_attribute("#result-view", "data-bbox") == "5,38,10,42"
    assert page.evaluate("() => document.querySelector('#result-view img.leaflet-image-layer')"
                         ".naturalWidth") == 768
    _clean(browser, "compute-regrid-map")


def test_a_support_message_is_listed_and_mailed(browser, smtp, capsys, tmp_path):
    from opendias.cli import main

    page = browser.page
    browser.goto("/portal/support")
    _clean(browser, "support")
    text = f"The Med SST map is grey offline ({uuid.uuid4().hex[:6]})."
    page.fill("#support-name", "Rosalind Franklin")
    page.fill("#support-email", "rosalind@example.org")
    page.fill("#support-message", text)
    page.click("#support-form button[type=submit]")
    page.wait_for_selector("#support-status[data-message]")
    message_id = page.get_attribute("#support-status", "data-message")
    assert message_id in page.text_content("#support-status")
    assert page.input_value("#support-message") == ""
    _clean(browser, "support-sent")
    assert main(["support", "list", "--json"]) == 0
    [record] = [m for m in json.loads(capsys.readouterr().out) if m["id"] == message_id]
    assert (record["name"], record["email"], record["message"], record["mail"]) == (
        "Rosalind Franklin", "rosalind@example.org", text, "sent")
    [mail] = [m for m in smtp.inbox.messages if message_id in m.get_content()]
    assert mail["Reply-To"] == "Rosalind Franklin <rosalind@example.org>"
    assert text in mail.get_content()
    assert len(list((tmp_path / "shots").glob("*.png"))) == 2


def test_these_pages_fit_a_phone(chromium, service, tmp_path):  # noqa: F811
    with open_page(chromium, service.url, tmp_path / "shots", 390, 844) as page:
        for path, ready in (("/portal/account", "#signed-out:not([hidden])"),
                            ("/portal/support", "#support-form"),
                            ("/portal/plans", "body[data-ready=plans]"),
                            ("/portal/compute", "body[data-ready=compute]")):
            page.goto(service.url + path)
            page.wait_for_selector(ready)
            overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
            assert overflow <= 1, (path, overflow)
            assert axe_violations(page) == [], path

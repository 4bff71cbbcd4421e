"""The portal as a user drives it (issue 9, items 1-4), in Chromium against gunicorn: search
"sea surface temperature", filter by CMEMS, open the dataset, add it to the map, move the
time slider (the picture changes), draw a box, type it exactly, pick dates, see the
estimate, request the data, watch the job finish in the Jobs panel, download the file and
compare it with the coverage API value for value; the "Show API request" snippets (curl,
OWSLib, hda, WEkEO's JSON, cdsapi) run as shown. Every page: no request leaves the
service, no console error, no serious or critical axe-core violation; at 1400x900 and on a
390 px wide phone."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from types import SimpleNamespace

import numpy as np
import pytest
import requests
import xarray as xr

from portal_harness import axe_violations, chromium, open_page  # noqa: F401 (fixture)
from test_access import PASSWORD, SST_TERM

BOX = [5, 38, 10, 42]
ERA5_TERM = "licence-to-use-copernicus-products"
START, END = "2016-03-01", "2016-03-02"


@pytest.fixture(scope="module")
def account(live_server):
    from opendias.identity import Accounts, Tokens

    name = f"p{uuid.uuid4().hex[:10]}"
    user = Accounts().register(name, f"{name}@example.org", PASSWORD, plan="advanced")
    user = SimpleNamespace(name=user.name, token=Tokens().create(name, "portal test")[1])
    for term in (SST_TERM, ERA5_TERM):
        accepted = requests.put(f"{live_server.url}/termsaccepted/{term}", timeout=30,
                                json={"accepted": True},
                                headers={"Authorization": f"Bearer {user.token}"})
        assert accepted.status_code in (200, 204), accepted.text
    return user


def _no_axe(page):
    assert axe_violations(page) == [], page.url


def _map_picture(page) -> bytes:
    page.wait_for_load_state("networkidle")
    page.wait_for_function("""() => [...document.querySelectorAll('.leaflet-tile-container img')]
        .every(i => i.complete && i.naturalWidth > 0)""")
    return page.locator("#map").screenshot()


def _coverage(url: str, tmp_path) -> xr.Dataset:
    resp = requests.get(f"{url}/collections/med-sst-l4/coverage", timeout=60, params={
        "bbox": ",".join(map(str, BOX)), "properties": "analysed_sst", "f": "netcdf",
        "datetime": f"{START}T00:00:00Z/{END}T23:59:59Z"})
    assert resp.status_code == 200, resp.text
    (tmp_path / "coverage.nc").write_bytes(resp.content)
    return xr.open_dataset(tmp_path / "coverage.nc")


def _same_values(path, want: xr.Dataset):
    with xr.open_dataset(path) as got:
        assert got.sizes == want.sizes and got.sizes["time"] == 2
        np.testing.assert_array_equal(got["analysed_sst"].values, want["analysed_sst"].values)
        assert np.isfinite(got["analysed_sst"].values).sum() > 100


def _run(cmd, cwd, account, env_extra=None):
    env = {**os.environ, "OPENDIAS_USER": account.name, "OPENDIAS_PASSWORD": PASSWORD,
           "OPENDIAS_TOKEN": account.token, **(env_extra or {})}
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_find_view_order_and_api_request(chromium, live_server, account, tmp_path):
    url = live_server.url
    shots = tmp_path / "shots"
    with open_page(chromium, url, shots) as page:
        # 1. Find: the root sends a browser to the portal; search; filter by CMEMS
        page.goto(url + "/")
        assert page.url == url + "/portal/"
        page.wait_for_function("() => document.querySelector('#summary').textContent.includes('dataset')")
        page.fill("#q", "sea surface temperature")
        page.press("#q", "Enter")
        page.wait_for_function("() => document.querySelector('#summary').textContent.includes('sea surface temperature')")
        page.check("[data-facet=service][data-value=CMEMS]")
        page.wait_for_url(re.compile(r"service=CMEMS"))
        page.wait_for_function("() => !document.querySelector('#summary').textContent.includes('Searching')")
        cards = page.locator("#cards > li")
        count = int(page.locator("[data-facet=service] li:has([data-value=CMEMS]) .count").inner_text())
        assert cards.count() == count >= 1
        assert all("CMEMS" in t for t in cards.all_inner_texts())
        assert page.locator("#cards > li[data-id=med-sst-l4]").count() == 1
        quicklook = page.locator("#cards > li[data-id=med-sst-l4] img")
        quicklook.scroll_into_view_if_needed()
        page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=quicklook.element_handle())
        page.shoot("find")
        _no_axe(page)

        # the dataset's page
        page.click("#cards > li[data-id=med-sst-l4] >> text=Details")
        page.wait_for_selector("h2:has-text('Variables')")
        body = page.inner_text("main")
        for words in ("EO:MO:DAT:SST_MED_SST_L4_REP_OBSERVATIONS_010_021", "analysed_sst",
                      "kelvin", "Copernicus Marine Service licence", "2016-03-01T00:00:00Z",
                      "CNR-ISMAR (IT)", "Contacts"):
            assert words in body, words
        apis = page.eval_on_selector_all(".apis a", "as => as.map(a => a.href)")
        for path in ("/collections/med-sst-l4/coverage?f=netcdf", "/wms?service=WMS",
                     "/hda/api/v1/datasets/EO:MO:DAT:SST", "/collections/catalogue/items/med-sst-l4?f=json"):
            assert any(path in a for a in apis), path
        for href in apis:  # every API link answers
            assert requests.head(href, timeout=60).status_code < 400 or \
                requests.get(href, timeout=60, stream=True).status_code < 400, href
        page.shoot("dataset", full_page=True)
        _no_axe(page)

        # 2. View: add to the map; the time slider changes the picture
        page.click("button:has-text('Add to map')")
        page.wait_for_selector("#map[data-ready=layers]")
        before = _map_picture(page)
        assert page.locator(".legend").evaluate("img => img.complete && img.naturalWidth > 0")
        tiles = page.eval_on_selector_all(".leaflet-tile-container img", "is => is.map(i => i.src)")
        assert tiles and all("TIME=2016-03-06" in t for t in tiles)
        slider = page.locator(".time-slider")
        slider.focus()
        page.keyboard.press("Home")
        page.wait_for_function("() => [...document.querySelectorAll('.leaflet-tile-container img')].some(i => i.src.includes('TIME=2016-03-01'))")
        after = _map_picture(page)
        assert after != before
        assert page.locator("output[for$=-t]").inner_text() == "2016-03-01T00:00:00Z"
        # a click on the sea shows its value
        page.locator("#map").click(position={"x": 500, "y": 450})
        page.wait_for_selector(".gfi, .leaflet-popup-content:has-text('No value')")
        page.shoot("map")
        _no_axe(page)

        # 3. Order: draw a box, then type it exactly; dates; the estimate
        page.click("#draw-box")
        box = page.locator("#map").bounding_box()
        page.mouse.move(box["x"] + 400, box["y"] + 300)
        page.mouse.down()
        page.mouse.move(box["x"] + 520, box["y"] + 420, steps=5)
        page.mouse.up()
        try:
            page.wait_for_function("() => document.querySelector('#o-west').value !== ''")
        finally:
            page.shoot("drawn")
        drawn = [float(page.input_value(f"#o-{s}")) for s in ("west", "south", "east", "north")]
        assert drawn[0] < drawn[2] and drawn[1] < drawn[3]
        for side, value in zip(("west", "south", "east", "north"), BOX):
            page.fill(f"#o-{side}", str(value))
            page.dispatch_event(f"#o-{side}", "change")
        assert page.get_attribute("#o-start", "min") == "2016-03-01"
        assert page.get_attribute("#o-end", "max") == "2016-03-06"
        page.fill("#o-start", START)
        page.fill("#o-end", END)
        page.dispatch_event("#o-end", "change")
        page.check("input[name=variable][value=analysed_sst]")
        inputs = {"dataset": "med-sst-l4", "bbox": BOX, "variables": ["analysed_sst"],
                  "datetime": f"{START}T00:00:00Z/{END}T23:59:59Z", "format": "netcdf"}
        cost = requests.post(f"{url}/processes/subset/costing", json={"inputs": inputs},
                             timeout=60).json()
        cells = f"About {cost['result']['cells']:,} values"
        page.wait_for_function("(t) => document.querySelector('#estimate').textContent.startsWith(t)", arg=cells)
        assert page.is_enabled("#request-data")

        # 4. Show API request
        page.click("#api-request summary")
        page.wait_for_selector("#api-request[data-ready='1'] #api-wekeo-json")
        ogc = json.loads(page.inner_text("#api-ogc-json"))
        assert ogc == {"inputs": inputs}
        snippets = {k: page.inner_text(f"#api-{k}") for k in ("curl", "owslib", "hda", "wekeo-json")}
        page.shoot("order")
        _no_axe(page)

        # Request data -> a job in the Jobs panel -> Download
        page.click("#request-data")
        page.wait_for_selector("#order-outcome:has-text('accepted')")
        job = re.search(r"Job (\w+) accepted", page.inner_text("#order-outcome")).group(1)
        row = page.locator(f"tr[data-job='{job}']")
        row.wait_for()
        page.wait_for_selector(f"tr[data-job='{job}'][data-status=successful] a:has-text('Download')", timeout=60_000)
        assert re.search(r"med-sst-l4-subset\.nc, \d+(\.\d)? kB", row.inner_text())
        with page.expect_download() as download:
            row.locator("a:has-text('Download')").click()
        saved = tmp_path / "portal.nc"
        download.value.save_as(saved)
        page.shoot("jobs")

        # the cdsapi snippet of an ERA5 order, by the portal's own module
        cds_code = page.evaluate("""async () => {
            const m = await import('/portal/static/apirequest.js');
            const d = document.createElement('details'); d.open = true; document.body.append(d);
            const update = m.mountApiRequest(d);
            await update({dataset: 'era5-single-levels', bbox: [0, 40, 10, 50],
                          datetime: '2020-01-01T00:00:00Z/2020-01-01T23:59:59Z',
                          variables: ['t2m'], format: 'netcdf'});
            return d.querySelector('#api-cdsapi').innerText;
        }""")

    want = _coverage(url, tmp_path)
    _same_values(saved, want)
    assert len(list(shots.glob("*.png"))) >= 5

    # each snippet runs as shown
    out = _run(["bash", "-c", snippets["curl"]], tmp_path, account)
    result = json.loads(out)
    assert "links" in result, out
    href = next(link["href"] for link in result["links"] if link["rel"] == "enclosure")
    (tmp_path / "curl.nc").write_bytes(requests.get(href, timeout=60).content)
    _same_values(tmp_path / "curl.nc", want)
    printed = _run([sys.executable, "-c", snippets["owslib"]], tmp_path, account).strip()
    (tmp_path / "owslib.nc").write_bytes(requests.get(printed, timeout=60).content)
    _same_values(tmp_path / "owslib.nc", want)
    hda_dir = tmp_path / "hda"
    hda_dir.mkdir()
    _run([sys.executable, "-c", snippets["hda"]], hda_dir, account)
    (got,) = list(hda_dir.glob("*.nc"))
    _same_values(got, want)
    token = requests.post(f"{url}/hda/gettoken", json={"username": account.name,
                                                       "password": PASSWORD}, timeout=30)
    found = requests.post(f"{url}/hda/api/v1/dataaccess/search", timeout=60,
                          json=json.loads(snippets["wekeo-json"]),
                          headers={"Authorization": f"Bearer {token.json()['access_token']}"})
    assert found.status_code == 200 and len(found.json()["features"]) == 1, found.text
    assert "import cdsapi" in cds_code and "'area': [50, 0, 40, 10]" in cds_code
    pat = account.token
    cds_dir = tmp_path / "cds"
    cds_dir.mkdir()
    _run([sys.executable, "-c", cds_code], cds_dir, account,
         env_extra={"CDSAPI_KEY": pat, "CDSAPI_URL": f"{url}/cds"})
    (grib_or_nc,) = list(cds_dir.iterdir())
    with xr.open_dataset(grib_or_nc) as era5:
        assert era5["t2m"].shape[-2:] == (41, 41) and float(era5["t2m"].mean()) > 200


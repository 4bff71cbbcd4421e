"""The OpenAPI document (issue 10, section 2): whole (every front's paths), resolvable offline
(every remote schema served by the service itself), and true of the service: a bounded
schemathesis run against gunicorn finds no 5xx and no answer the document does not describe.
And enum values outside the allowed set are a 400 naming the allowed ones."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import yaml

from opendias.web.openapi.schemas import SCHEMAS_DIR, vendored_refs

OWN_PATHS = ["/wms", "/wps", "/collections/med-sst-l4/map", "/results/{resultPath}",
             "/register", "/gettoken", "/refreshtoken", "/me", "/terms",
             "/termsaccepted/{termId}", "/health", "/ready", "/metrics", "/plans", "/tokens",
             "/tokens/{tokenId}", "/support", "/jobs/{jobId}/results/map",
             "/openeo/1.2/result", "/openeo/1.2/jobs/{job_id}/results"]
WMS_MAP = ("/wms?SERVICE=WMS&REQUEST=GetMap&LAYERS=med-sst-l4/analysed_sst&STYLES=&CRS=CRS:84"
           "&BBOX=5,38,10,42&WIDTH=10&HEIGHT=10")


@pytest.fixture(scope="module")
def document(client):
    resp = client.get("/openapi?f=json")
    assert resp.status_code == 200
    return resp.get_json()


def _refs(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_every_front_is_described_with_its_error_answers(document):
    assert set(OWN_PATHS) <= set(document["paths"])
    me = document["paths"]["/me"]["get"]
    assert "401" in me["responses"] and me["security"]
    wms = document["paths"]["/wms"]["get"]
    names = {p["name"]: p for p in wms["parameters"]}
    assert names["VERSION"]["schema"]["enum"] == ["1.3.0", "1.1.1"]
    assert "med-sst-l4/analysed_sst" in names["LAYERS"]["schema"]["enum"]
    assert "text/xml" in wms["responses"]["400"]["$ref"] or \
        wms["responses"]["400"]["$ref"].endswith("opendias-OwsError")
    # pygeoapi's own paths: every error status our layers and fronts give, as OGC JSON
    cube = document["paths"]["/collections/med-physics/cube"]["get"]["responses"]
    assert {"400", "401", "403", "404", "413", "429", "500", "503"} <= set(cube)
    assert "application/problem+json" in cube["400"]["content"]


def test_no_reference_leaves_the_service(document, client):
    base = "http://localhost:5000/vendor/schemas/"
    remote = [r for r in _refs(document) if r.startswith("http") and not r.startswith(base)]
    assert remote == []
    files = {r.partition("#")[0] for r in _refs(document) if r.startswith(base)}
    assert len(files) >= 12
    for url in files:  # each served, and each of its own references is served too
        resp = client.get(url.replace("http://localhost:5000", ""))
        assert resp.status_code == 200 and resp.mimetype == "application/yaml", url
        text = resp.get_data(as_text=True)
        for ref in re.findall(r"\$ref\"?\s*:\s*[\"']?([^\"'\s#]+)", text):
            assert ref.startswith(base), (url, ref)  # made absolute, on this service
            assert client.get(ref.replace("http://localhost:5000", "")).status_code == 200


def test_vendored_schemas_record_their_source_and_licence():
    readme = (SCHEMAS_DIR / "README.md").read_text()
    index = vendored_refs()
    assert len(index) >= 20
    for folder in {v.split("/")[0] + "/" + v.split("/")[1] for v in index.values()}:
        licence = (SCHEMAS_DIR / folder / "LICENSE").read_text()
        named = "Apache License 2.0" if "Apache License" in licence[:400] else \
            "OGC Software Licence"
        assert f"## {folder}" in readme and f"- licence: {named}, {folder}/LICENSE" in readme
    for local in index.values():
        yaml.safe_load((SCHEMAS_DIR / local.partition("#")[0]).read_text())
    # pinned: the bundles of tiles and coverages are not vendored, only the fragment used
    assert not list(SCHEMAS_DIR.glob("ogcapi-tiles/*/ogcapi-tiles-1.yaml"))
    assert index["https://schemas.opengis.net/ogcapi/tiles/part1/1.0/openapi/"
                 "ogcapi-tiles-1.yaml#/components/schemas/link"].endswith("common-core/link.yaml")


# -- enum values outside the allowed set ----------------------------------------------------

def _wms_exception(resp) -> str:
    assert resp.status_code == 400
    assert resp.mimetype == "text/xml"
    return resp.get_data(as_text=True)


def test_wms_unknown_format_names_the_allowed_ones(client):
    text = _wms_exception(client.get(WMS_MAP + "&VERSION=1.3.0&FORMAT=image/bogus"))
    assert 'code="InvalidFormat"' in text and "image/png, image/jpeg" in text


@pytest.mark.parametrize("version", ["9.9.9", "2.0", "1.3.0x"])
def test_wms_unknown_version_names_the_served_ones(client, version):
    text = _wms_exception(client.get(WMS_MAP + f"&VERSION={version}&FORMAT=image/png"))
    assert 'code="InvalidParameterValue"' in text and 'locator="VERSION"' in text
    assert "use one of 1.3.0, 1.1.1" in text


@pytest.mark.parametrize("version", ["1.3.0", "1.3", "1.1.1", "1.1.0"])
def test_wms_served_versions_still_answer(client, version):
    resp = client.get(WMS_MAP + f"&VERSION={version}&FORMAT=image/png&SRS=CRS:84")
    assert resp.status_code == 200 and resp.mimetype == "image/png"


def test_unknown_lang_names_the_offered_ones(client):
    resp = client.get("/collections?lang=xx-bogus")
    assert resp.status_code == 400
    assert resp.get_json()["detail"] == "lang 'xx-bogus' is not offered; use one of en-US"
    assert client.get("/collections?lang=en").status_code == 200
    assert client.get("/collections?lang=en-US&f=json").status_code == 200


def test_execution_as_text_plain_is_a_400_naming_json(client):
    resp = client.post("/processes/subset/execution", data=json.dumps({"inputs": {}}),
                       headers={"Content-Type": "text/plain"})
    assert resp.status_code == 400
    assert resp.get_json()["detail"] == ("Content-Type 'text/plain' is not accepted: send the "
                                         "execute request as application/json")


def test_wps_post_of_foreign_xml_is_a_400(client):
    """Found by the fuzzer: PyWPS answered an XML body outside the WPS namespace with a 500."""
    for body in ("<data></data>", "<x:Execute xmlns:x='urn:other'/>"):
        resp = client.post("/wps", data=body, headers={"Content-Type": "text/xml"})
        assert resp.status_code == 400, body
        text = resp.get_data(as_text=True)
        assert 'exceptionCode="InvalidParameterValue"' in text and "no WPS 1.0.0 request" in text


# -- the fuzzer -------------------------------------------------------------------------------

# one collection with depth and one without: the other collections' paths are the same code
FUZZ_EXCLUDE = r"^/collections/(?!med-sst-l4|med-physics|catalogue)[^/]+"


def schemathesis_command(url: str, examples: int, report_dir: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "schemathesis.cli", "run", f"{url}/openapi?f=json",
            "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,"
                        "response_schema_conformance",
            "--phases", "examples,fuzzing", "--max-examples", str(examples), "--workers", "2",
            "--request-timeout", "60", "--no-shrink", "--output-truncate", "true",
            "--report", "ndjson", "--report-dir", str(report_dir), *extra]


def test_schemathesis_finds_no_5xx_and_no_undocumented_answer(live_server, tmp_path):
    cmd = schemathesis_command(live_server.url, 20, tmp_path, "--seed", "1",
                               "--exclude-path-regex", FUZZ_EXCLUDE)
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    out = done.stdout
    assert done.returncode == 0, out[-6000:]
    tested = re.search(r"Tested: (\d+)", out)
    assert tested and int(tested.group(1)) >= 45, out[-3000:]
    assert re.search(r"\d+ generated, \d+ passed", out), out[-3000:]
    # offline: no reference was fetched from anywhere but the service
    assert "schemas.opengis.net" not in out and "raw.githubusercontent" not in out

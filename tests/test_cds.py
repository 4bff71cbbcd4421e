"""The Climate Data Store retrieve API (/cds/, opendias.web.cds) through gunicorn with the
Data Stores' own clients, unmodified: `cdsapi.Client(url, key).retrieve(...)` and
`ecmwf.datastores.Client` submit/results/download; the files equal a direct xarray selection
of the sample ERA5 value for value (exact time steps of year/month/day/time lists, areas
across longitude 0); the jobs are the OGC API - Processes jobs; licences, costing, the
request's code; every bad input a 4xx whose text the client prints."""

from __future__ import annotations

import io
import uuid

import numpy as np
import pytest
import requests
import xarray as xr

ERA5 = "reanalysis-era5-single-levels"
ERA5_FILE = "reanalysis-era5-single-levels_2020-01.nc"
LICENCE = "licence-to-use-copernicus-products"
PASSWORD = "correct horse battery staple"
REQUEST = {"product_type": ["reanalysis"],
           "variable": ["2m_temperature", "10m_u_component_of_wind"],
           "year": ["2020"], "month": ["01"], "day": ["01"], "time": ["00:00", "12:00"],
           "area": [50, 5, 45, 10], "data_format": "netcdf", "download_format": "unarchived"}


def _token(plan: str = "advanced", licences=(LICENCE,)):
    from opendias.identity import Accounts, Tokens
    from opendias.identity.terms import Terms

    name = f"c{uuid.uuid4().hex[:10]}"
    user = Accounts().register(name, f"{name}@example.org", PASSWORD, plan=plan)
    record, secret = Tokens().create(name, label="cds tests")
    for licence in licences:
        Terms().accept(user, licence)
    return user, record, secret


def _cdsapi(server, key):
    import cdsapi

    return cdsapi.Client(url=f"{server.url}/cds", key=key, quiet=True, progress=False,
                         sleep_max=1, retry_max=2)


def _datastores(server, key):
    from ecmwf.datastores import Client

    return Client(url=f"{server.url}/cds", key=key, progress=False, sleep_max=1,
                  maximum_tries=2, retry_after=1)


def _source(data_dir):
    return xr.open_dataset(data_dir / ERA5_FILE)


def test_cdsapi_retrieve_equals_a_direct_selection(live_server, data_dir, tmp_path):
    _, _, key = _token()
    target = tmp_path / "era5.nc"
    assert _cdsapi(live_server, key).retrieve(ERA5, REQUEST, str(target)) == str(target)
    expected = _source(data_dir)[["t2m", "u10"]].sel(
        time=["2020-01-01T00:00", "2020-01-01T12:00"],  # exactly those steps, not 00..12
        latitude=slice(50, 45), longitude=slice(5, 10)).load()
    with xr.open_dataset(target) as got:
        assert list(got.data_vars) == ["t2m", "u10"]
        assert got["t2m"].shape == (2, 21, 21)
        np.testing.assert_array_equal(got["time"].values, expected["time"].values)
        np.testing.assert_array_equal(got["latitude"].values, expected["latitude"].values)
        np.testing.assert_array_equal(got["longitude"].values, expected["longitude"].values)
        for var in ("t2m", "u10"):
            np.testing.assert_array_equal(got[var].values, expected[var].values)
            assert got[var].attrs["long_name"] == expected[var].attrs["long_name"]


def test_cdsapi_retrieve_grib_equals_a_direct_selection(live_server, data_dir, tmp_path):
    _, _, key = _token()
    target = tmp_path / "era5.grib"
    _cdsapi(live_server, key).retrieve(ERA5, {**REQUEST, "data_format": "grib"}, str(target))
    assert target.read_bytes()[:4] == b"GRIB"
    expected = _source(data_dir)[["t2m", "u10"]].sel(
        time=["2020-01-01T00:00", "2020-01-01T12:00"],
        latitude=slice(50, 45), longitude=slice(5, 10)).load()
    import cfgrib

    # 2 m and 10 m fields are on two heights: cfgrib reads them as two datasets, as it does
    # the Data Stores' own ERA5 GRIB
    parts = cfgrib.open_datasets(str(target), backend_kwargs={"indexpath": ""})
    got = xr.merge([p.drop_vars(["heightAboveGround"], errors="ignore") for p in parts],
                   compat="override")
    try:
        assert set(got.data_vars) == {"t2m", "u10"}
        np.testing.assert_array_equal(got["time"].values, expected["time"].values)
        np.testing.assert_allclose(got["latitude"].values, expected["latitude"].values)
        np.testing.assert_allclose(got["longitude"].values, expected["longitude"].values)
        assert got["t2m"].attrs["GRIB_paramId"] == 167 and got["t2m"].attrs["units"] == "K"
        for var in ("t2m", "u10"):  # 16-bit packing: within (max - min) / 2**16 of the source
            want = expected[var].values
            step = (np.nanmax(want) - np.nanmin(want)) / 2 ** 16
            np.testing.assert_allclose(got[var].values, want, rtol=0, atol=step)
    finally:
        got.close()


def test_datastores_client_submit_results_and_the_same_jobs(live_server, data_dir, tmp_path):
    user, _, key = _token()
    client = _datastores(live_server, key)
    request = {"variable": "total_precipitation", "date": "2020-01-01/2020-01-01",
               "time": ["06:00", "18:00"], "area": [10, -2, 5, 3]}  # across longitude 0
    remote = client.submit(ERA5, request)
    results = remote.get_results()
    target = results.download(str(tmp_path / "tp.nc"))
    assert (tmp_path / "tp.nc").stat().st_size == results.content_length > 0
    assert results.content_type == "application/x-netcdf"
    source = _source(data_dir)["tp"].sel(time=["2020-01-01T06:00", "2020-01-01T18:00"],
                                         latitude=slice(10, 5))
    expected = xr.concat([source.sel(longitude=slice(358, 360)),
                          source.sel(longitude=slice(0, 3))], dim="longitude").load()
    with xr.open_dataset(target) as got:
        np.testing.assert_array_equal(got["longitude"].values,
                                      np.arange(-2, 3.01, 0.25, dtype="f4"))
        np.testing.assert_array_equal(got["tp"].values, expected.values)
    # the href is a signed link: no credentials, exact size, and Range (the client resumes)
    part = requests.get(results.location, headers={"Range": "bytes=10-19"}, timeout=30)
    assert part.status_code == 206 and part.content == open(target, "rb").read()[10:20]
    # the same job as OGC API - Processes, owned by the caller, listed by both fronts
    ogc = requests.get(f"{live_server.url}/jobs/{remote.request_id}?f=json",
                       headers={"Authorization": f"Bearer {key}"}, timeout=30).json()
    assert ogc["status"] == "successful" and ogc["processID"] == "subset"
    assert remote.request_id in client.get_jobs().request_ids
    assert remote.status == "successful"
    # another user's view of it: a job that does not exist
    _, _, other = _token()
    with pytest.raises(requests.HTTPError, match="404 Client Error") as err:
        _datastores(live_server, other).get_remote(remote.request_id).status
    assert f"job {remote.request_id} not found" in str(err.value)
    remote.delete()
    assert remote.status == "dismissed"


def test_licence_not_accepted_is_403_and_the_client_accepts_it(live_server, tmp_path):
    _, _, key = _token(licences=())
    with pytest.raises(requests.HTTPError) as err:
        _cdsapi(live_server, key).retrieve(ERA5, REQUEST, str(tmp_path / "x.nc"))
    text = str(err.value)
    assert text.startswith("403 Client Error") and "required licences not accepted" in text
    assert f"accept_licence('{LICENCE}', revision=1)" in text
    client = _datastores(live_server, key)
    assert client.accept_licence(LICENCE, revision=1)["id"] == LICENCE
    assert [lic["id"] for lic in client.get_accepted_licences()] == [LICENCE]
    cost = client.estimate_costs(ERA5, REQUEST)
    assert cost["request_is_valid"] is True and cost["invalid_reason"] is None
    assert cost["cost"] == 2 * 2 * 21 * 21 and cost["limit"] == 2_000_000_000


@pytest.mark.parametrize("name, change, status, words", [
    ("nope", {}, 404, "dataset 'nope' not found; the datasets of this service are "
                      "reanalysis-era5-single-levels, cams-europe-air-quality-reanalyses"),
    (ERA5, {"area": [95, 5, 45, 10]}, 400, "invalid value for 'area': [N, W, S, E] latitudes"),
    (ERA5, {"area": [40, 5, 45, 10]}, 400, "has its south (45) north of its north (40)"),
    (ERA5, {"variable": ["2m_temperature", "snow"]}, 400,
     "'snow' is not a variable of reanalysis-era5-single-levels; its variables are "
     "2m_temperature, total_precipitation, 10m_u_component_of_wind, 10m_v_component_of_wind"),
    (ERA5, {"pressure_level": ["500"]}, 400, "unknown key 'pressure_level'"),
    (ERA5, {"product_type": "ensemble_mean"}, 400, "product_type may be reanalysis"),
    (ERA5, {"data_format": "netcdf_zip"}, 400,
     "does not write zipped NetCDF: data_format may be netcdf or grib"),
    (ERA5, {"download_format": "zip"}, 400, "download_format may be unarchived"),
    (ERA5, {"grid": [1, 1]}, 400, "its own grid, [0.25, 0.25]"),
    (ERA5, {"date": "2020-01-01"}, 400, "give either date or year/month/day, not both"),
    (ERA5, {"time": ["03:00"]}, 400, "no time step of 'era5-single-levels' is one of those "
                                     "asked (year 2020; month 1; day 1; time 03:00)"),
    (ERA5, {"month": ["13"]}, 400, "month must hold integers 1..12"),
])
def test_bad_requests_are_4xx_the_client_prints(live_server, tmp_path, name, change, status,
                                                words):
    _, _, key = _token()
    with pytest.raises(requests.HTTPError) as err:
        _cdsapi(live_server, key).retrieve(name, {**REQUEST, **change}, str(tmp_path / "x"))
    assert str(err.value).startswith(f"{status} Client Error") and words in str(err.value)
    assert err.value.response.json()["status"] == status


def test_malformed_json_and_revoked_token(live_server, tmp_path):
    from opendias.identity import Tokens

    user, record, key = _token()
    url = f"{live_server.url}/cds/retrieve/v1/processes/{ERA5}/execution"
    bad = requests.post(url, data=b'{"inputs": {"variable": ', timeout=30,
                        headers={"PRIVATE-TOKEN": key, "Content-Type": "application/json"})
    assert bad.status_code == 400 and {"type", "title", "status", "detail"} <= set(bad.json())
    assert "JSON" in bad.json()["detail"]
    assert Tokens().revoke(user.name, record["id"])
    with pytest.warns(UserWarning):  # the client only warns when its first call fails
        client = _cdsapi(live_server, key)
    with pytest.raises(requests.HTTPError) as err:
        client.retrieve(ERA5, REQUEST, str(tmp_path / "x.nc"))
    assert str(err.value).startswith("401 Client Error") and "Authentication failed" in \
        str(err.value) and "PRIVATE-TOKEN" in str(err.value)


def test_default_policy_an_essential_plan_retrieves_and_the_owner_pays(tmp_path, data_dir):
    """Under the default anonymous policy (catalogue,maps) and the packaged plans: a retrieve
    is a download made as a job (plan essential: subset, no processes), the client fetches
    the signed href without credentials, and the bytes and the job are the owner's."""
    from conftest import Server

    user, _, key = _token(plan="essential")
    with Server(workers=1, env={"OPENDIAS_ANONYMOUS": "catalogue,maps"}) as server:
        target = tmp_path / "era5.nc"
        _cdsapi(server, key).retrieve(ERA5, {**REQUEST, "variable": "2m_temperature"},
                                      str(target))
        me = requests.get(f"{server.url}/me", headers={"PRIVATE-TOKEN": key},
                          timeout=30).json()["usage"]
        assert me["jobs_per_day"]["used"] == 1 and me["concurrent_jobs"]["limit"] == 2
        assert me["download_bytes_per_day"]["used"] == target.stat().st_size
        with pytest.warns(UserWarning):  # no key: the client warns, the service says 401
            from ecmwf.datastores import Client
            anonymous = Client(url=f"{server.url}/cds", key=None, maximum_tries=2)
        assert anonymous.get_collection(ERA5).id == ERA5  # the catalogue is open
        refused = requests.post(f"{server.url}/cds/retrieve/v1/processes/{ERA5}/execution",
                                json={"inputs": REQUEST}, timeout=30)
        assert refused.status_code == 401 and refused.json()["title"] == "Authentication failed"
        ogc = requests.post(f"{server.url}/processes/subset/execution", timeout=30,
                            headers={"PRIVATE-TOKEN": key}, json={"inputs": {
                                "dataset": "era5-single-levels"}})
        assert ogc.status_code == 403 and "does not include processes" in ogc.json()["detail"]
    with xr.open_dataset(target) as got, _source(data_dir) as src:
        np.testing.assert_array_equal(got["t2m"].values, src["t2m"].sel(
            time=["2020-01-01T00:00", "2020-01-01T12:00"], latitude=slice(50, 45),
            longitude=slice(5, 10)).values)


def test_form_catalogue_and_api_request(live_server):
    from ecmwf.datastores import Client

    client = Client(url=f"{live_server.url}/cds", key=None, maximum_tries=2)
    collection = client.get_collection(ERA5)
    assert collection.id == ERA5 and collection.bbox == (-180.0, -90.0, 180.0, 90.0)
    assert collection.end_datetime.isoformat() == "2020-01-01T18:00:00+00:00"
    assert ERA5 in client.get_collections().collection_ids
    form = requests.get(f"{live_server.url}/cds/retrieve/v1/processes/{ERA5}",
                        timeout=30).json()["inputs"]
    assert form["variable"]["schema"]["items"]["enum"] == [
        "2m_temperature", "total_precipitation", "10m_u_component_of_wind",
        "10m_v_component_of_wind"]
    assert form["time"]["schema"]["items"]["enum"] == ["00:00", "06:00", "12:00", "18:00"]
    assert form["year"]["schema"]["items"]["enum"] == ["2020"]
    assert form["product_type"]["schema"]["items"]["enum"] == ["reanalysis"]
    code = requests.post(f"{live_server.url}/cds/retrieve/v1/processes/{ERA5}/api-request",
                         json={"inputs": REQUEST}, timeout=30)
    assert code.status_code == 200
    namespace = {}
    exec(code.text.replace("client.retrieve", "# client.retrieve").replace(
        "import cdsapi", "cdsapi = None").replace("cdsapi.Client(", "dict("), namespace)
    assert namespace["dataset"] == ERA5 and namespace["request"] == REQUEST


def test_what_a_cds_request_is_and_the_steps_parser():
    from opendias.errors import InvalidParameter
    from opendias.params import parse_steps
    from opendias.web.request_kinds import classify

    def kind(method, path):
        return classify({"REQUEST_METHOD": method, "PATH_INFO": path,
                         "wsgi.input": io.BytesIO(b"")})

    assert kind("POST", f"/cds/retrieve/v1/processes/{ERA5}/execution") == \
        type(kind("GET", "/"))("subset", ("era5-single-levels",), execution=True)
    assert kind("POST", f"/cds/retrieve/v1/processes/{ERA5}/costing").capability == "catalogue"
    assert kind("GET", "/cds/retrieve/v1/jobs/abc/results").capability is None
    assert kind("PUT", f"/cds/profiles/v1/account/licences/{LICENCE}").capability is None
    assert parse_steps({"year": "2020", "day": [1, "02"], "time": ["6:00", 12]}) == {
        "year": {2020}, "day": {1, 2}, "time": {(6, 0), (12, 0)}}
    with pytest.raises(InvalidParameter, match="time must hold times of day") as err:
        parse_steps({"time": ["25:00"]})
    assert err.value.parameter == "time"

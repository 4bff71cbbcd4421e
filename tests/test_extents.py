"""One box per dataset (issue 11, section 5): the collection, its catalogue record and its
WMS layer report the same extent, the cells' outer edges, and each document says so; a
dataset with depth reports its vertical extent and levels."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest

from opendias.catalogue import load_catalogue
from opendias.datacube import open_cube

NS = {"w": "http://www.opengis.net/wms"}
DATASETS = ["med-sst-l4", "era5-single-levels", "med-physics", "clms-ndvi-italy",
            "cams-europe-pm2p5", "real-cmems-ibi-thetao", "real-era5-grib",
            "real-clms-forest-type"]


@pytest.fixture(scope="module")
def wms_boxes(client):
    root = ET.fromstring(client.get("/wms?service=WMS&request=GetCapabilities"
                                    "&version=1.3.0").data)
    boxes = {}
    for layer in root.iter("{http://www.opengis.net/wms}Layer"):
        name = layer.findtext("w:Name", namespaces=NS) or ""
        box = layer.find("w:EX_GeographicBoundingBox", NS)
        if "/" in name and box is not None:
            boxes.setdefault(name.split("/")[0], (
                [float(box.findtext(f"w:{k}", namespaces=NS)) for k in (
                    "westBoundLongitude", "southBoundLatitude", "eastBoundLongitude",
                    "northBoundLatitude")], layer))
    return boxes, root


@pytest.mark.parametrize("dataset", DATASETS)
def test_collection_record_and_wms_report_the_same_edges(client, wms_boxes, dataset):
    cube = open_cube(load_catalogue().get(dataset))
    collection = client.get(f"/collections/{dataset}?f=json").get_json()
    record = client.get(f"/collections/catalogue/items/{dataset}?f=json").get_json()
    box = collection["extent"]["spatial"]["bbox"][0]
    np.testing.assert_allclose(wms_boxes[0][dataset][0], box, atol=1e-5)
    ring = np.asarray(record["geometry"]["coordinates"][0])
    np.testing.assert_allclose([ring[:, 0].min(), ring[:, 1].min(), ring[:, 0].max(),
                                ring[:, 1].max()], box, atol=1e-9)
    if cube.geographic and box[2] - box[0] < 359:  # centres and half a cell
        rx, ry = cube.resolution
        w, s, e, n = cube.wgs84_bbox
        np.testing.assert_allclose(box, [w - rx / 2, s - ry / 2, e + rx / 2, n + ry / 2])
    assert "outer edges" in collection["description"]
    groups = [g for g in wms_boxes[1].iter("{http://www.opengis.net/wms}Layer")
              if g.findtext("w:Title", namespaces=NS) == cube.entry.title]
    assert "outer edges" in groups[0].findtext("w:Abstract", namespaces=NS)


def test_vertical_extent_of_a_dataset_with_depth(client):
    cube = open_cube(load_catalogue().get("med-physics"))
    depth = cube.coord(cube.z)
    vertical = client.get("/collections/med-physics?f=json").get_json()["extent"]["vertical"]
    assert vertical["interval"] == [[pytest.approx(depth.min()), pytest.approx(depth.max())]]
    assert vertical["unit"] == "m" and vertical["definition"].endswith("/EPSG/0/5831")
    np.testing.assert_allclose(vertical["grid"]["coordinates"], depth)
    assert vertical["grid"]["cellsCount"] == depth.size
    assert "vertical" not in client.get("/collections/med-sst-l4?f=json").get_json()["extent"]

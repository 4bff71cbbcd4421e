"""xarray reads a NetCDF file's metadata without its netCDF lock, so a thread opening a file
while another reads one can crash netCDF-C/HDF5 (SIGBUS or "NetCDF: HDF error": seen under
bench/soak.py, when a fresh worker's threads opened datasets at once). The application opens
every dataset, with its stored-values view, while it is built, before any request thread
runs (opendias.web.app._open_datasets): requests find them open."""

from __future__ import annotations

import threading

import requests


def test_every_dataset_is_open_before_requests_are_served():
    from opendias import datacube
    from opendias.catalogue import load_catalogue
    from opendias.web.app import create_app

    datacube._CACHE.clear()
    create_app()
    for entry in load_catalogue():
        cached = datacube._CACHE.get(entry.id)
        assert cached is not None, entry.id
        assert "packed" in vars(cached[1]), entry.id  # the stored-values view too


def test_first_requests_of_a_fresh_worker_at_once():
    """Many threads asking every dataset of a fresh server at once: every answer is 200."""
    from conftest import Server

    paths = ["/collections/med-sst-l4/coverage?bbox=12,40,13,41&datetime=2016-03-01&f=netcdf",
             "/collections/med-physics/coverage?bbox=15,38,16,39&f=netcdf",
             "/collections/era5-single-levels/coverage?bbox=5,45,6,46&f=netcdf",
             "/collections/cams-europe-pm2p5/coverage?bbox=5,45,6,46&f=netcdf",
             "/collections/med-sst-l4/map?f=png&width=64"] * 4
    with Server(workers=1) as server:
        statuses = []

        def get(path):
            try:
                statuses.append(requests.get(server.url + path, timeout=120).status_code)
            except requests.RequestException as err:  # a worker that crashed
                statuses.append(repr(err))

        threads = [threading.Thread(target=get, args=(p,)) for p in paths]
        [t.start() for t in threads]
        [t.join() for t in threads]
        assert statuses == [200] * len(paths)
        assert server.proc.poll() is None


def test_an_unpickled_netcdf_lock_is_the_same_reentrant_lock():
    """A copy of xarray's netCDF locks unpickled in this process (a dask graph, a dataset
    sent to a worker) holds the very lock of opendias.readers: one reentrant lock for the
    process, so a thread holding it takes it again through the copy without waiting."""
    import gc
    import pickle

    from xarray.backends import locks

    import opendias.readers  # noqa: F401  (makes the locks reentrant at import)

    gc.collect()
    for lock in (locks.HDF5_LOCK, locks.NETCDFC_LOCK):
        copy = pickle.loads(pickle.dumps(lock))
        assert copy.lock is lock.lock
        with lock:
            assert copy.acquire(blocking=False)  # the same thread, through the copy
            copy.release()

"""Cells of rectilinear grids, shared by regridding and statistics: bounds from centres (as
CDO makes them) and nearest cells along an axis."""

from __future__ import annotations

import numpy as np


def cell_edges(centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper cell bounds from centres (midpoints; ends extrapolated), any order.
    Needs at least two centres."""
    c = np.asarray(centres, dtype="f8")
    if c.size < 2:
        raise ValueError("cell bounds need at least two cells along the axis")
    order = np.argsort(c, kind="stable")
    cs = c[order]
    mid = (cs[1:] + cs[:-1]) / 2
    lo = np.concatenate([[cs[0] - (cs[1] - cs[0]) / 2], mid])
    hi = np.concatenate([mid, [cs[-1] + (cs[-1] - cs[-2]) / 2]])
    out_lo, out_hi = np.empty_like(lo), np.empty_like(hi)
    out_lo[order], out_hi[order] = lo, hi
    return out_lo, out_hi


def lat_edges(lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """South and north bounds of latitude cells as CDO makes them: midpoints, the outer
    bounds extrapolated, clipped to +-90, and an outer bound beyond +-88 moved to the pole
    (CDO's grid_check_lat_borders)."""
    lo, hi = cell_edges(lat)
    lo, hi = np.clip(lo, -90.0, 90.0), np.clip(hi, -90.0, 90.0)
    south, north = int(np.argmin(lo)), int(np.argmax(hi))
    if lo[south] < -88.0:
        lo[south] = -90.0
    if hi[north] > 88.0:
        hi[north] = 90.0
    return lo, hi


def _sorted_positions(source, target, circular: bool):
    """(sort order of the source, sorted source, targets (brought onto the sorted source's
    circle of longitudes when `circular`), each target's insertion position)."""
    s = np.asarray(source, "f8")
    order = np.argsort(s, kind="stable")
    ss = s[order]
    t = np.asarray(target, "f8")
    if circular:
        t = ss[0] + np.mod(t - ss[0], 360.0)
    return order, ss, t, np.searchsorted(ss, t)


def nearest_index(source: np.ndarray, target: np.ndarray, circular: bool) -> np.ndarray:
    """Index of the nearest source coordinate of each target coordinate (on the circle of
    longitudes when `circular`); targets beyond the ends take the end cell."""
    order, ss, t, k = _sorted_positions(source, target, circular)
    cands = np.stack([np.clip(k - 1, 0, ss.size - 1), np.clip(k, 0, ss.size - 1),
                      np.zeros_like(k), np.full_like(k, ss.size - 1)])
    dist = np.abs(ss[cands] - t[None, :])
    if circular:
        dist = np.minimum(dist, 360.0 - dist)
    best = cands[np.argmin(dist, axis=0), np.arange(t.size)]
    return order[best]


def neighbour_indices(source: np.ndarray, target: np.ndarray,
                      circular: bool) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the source coordinates on either side of each target coordinate (the
    same one twice beyond the ends, or on a coordinate; on the circle of longitudes when
    `circular`): the candidates of a nearest neighbour on a rectilinear grid."""
    order, ss, _t, k = _sorted_positions(source, target, circular)
    if circular:  # past the last longitude, the first one is the other neighbour
        return order[(k - 1) % ss.size], order[k % ss.size]
    return order[np.clip(k - 1, 0, ss.size - 1)], order[np.clip(k, 0, ss.size - 1)]

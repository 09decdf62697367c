"""U.S. posts in Mexico: which post serves a state or a city, and the nearest posts to a
point or a city.

Consular districts are by state, but three states are split: Sonora (Nogales in the north,
Hermosillo in the south, by area), Coahuila (ten border municipalities go to Nuevo Laredo)
and Tamaulipas (Nuevo Laredo; Tampico, Ciudad Madero and Altamira go to the Embassy). A
state look-up reports every post with its part; a city look-up resolves the split when the
data can, and says so when it cannot.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb

from puente.errors import InvalidInput, NotFound
from puente.freshness import freshness, stale_limit
from puente.store import snapshot
from puente.text import fold, suggest
from puente.travel.places import (
    City,
    State,
    list_states,
    resolve_city,
    resolve_state,
    state_version,
)
from puente.travel.results import TravelNearest, TravelPost, TravelPosts, TravelServing

POSTS_DATASET = "us-posts-mexico"
EARTH_RADIUS_KM = 6371.0088


@dataclass(slots=True)
class Post:
    post_id: str
    post_name: str
    post_type: str
    city: str
    state: str
    state_code: str
    address: str | None
    postal_code: str | None
    latitude: float | None
    longitude: float | None
    coord_source: str | None
    consular_district: str | None
    parent_post: str | None
    notes: str | None
    source: str
    as_of: str | None
    freshness: dict[str, Any] = field(default_factory=dict)
    states_served: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class DistrictRule:
    post_id: str
    state_code: str
    rule: str
    municipalities: tuple[str, ...]
    area: str | None
    basis: str
    notes: str | None
    source: str
    as_of: str | None

    def part(self, state_name: str) -> str:
        """The part of the state this rule covers, in words."""
        if self.rule == "all":
            return f"all of {state_name}"
        if self.area:
            return self.area
        joined = ", ".join(self.municipalities)
        return f"{joined} only" if self.rule == "only" else f"all of {state_name} except {joined}"

    def part_fields(self, state_name: str) -> dict[str, Any]:
        """What `part` says, as values (rule, state, area, municipalities), for a page that
        writes it in its own language."""
        return {
            "rule": self.rule,
            "state_name": state_name,
            "area": self.area,
            "municipalities": list(self.municipalities),
        }

    def names(self) -> set[str]:
        return {fold(m) for m in self.municipalities}


_POST_COLUMNS = (
    "post_id, post_name, post_type, city, state, state_code, address, postal_code, latitude, "
    "longitude, coord_source, consular_district, parent_post, notes, source, as_of"
)


def _version(cur: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    return snapshot.require(cur, POSTS_DATASET).ref.as_dict()


def _rules(cur: duckdb.DuckDBPyConnection) -> list[DistrictRule]:
    return snapshot.memo(cur, "district_rules", lambda: _read_rules(cur))


def _read_rules(cur: duckdb.DuckDBPyConnection) -> list[DistrictRule]:
    rows = cur.execute(
        "SELECT post_id, state_code, rule, municipalities, area, basis, notes, source, as_of "
        "FROM consular_districts ORDER BY state_code, post_id"
    ).fetchall()
    return [
        DistrictRule(
            r[0], r[1], r[2], tuple(m.strip() for m in (r[3] or "").split(";") if m.strip()), *r[4:]
        )
        for r in rows
    ]


def list_posts(
    cur: duckdb.DuckDBPyConnection, post_type: str | None = None, stale_days: int | None = None
) -> list[Post]:
    """Every post with the states (or parts of states) its consular district covers."""
    stale = stale_limit(stale_days)
    return snapshot.memo(
        cur, ("posts", post_type, stale), lambda: _read_posts(cur, post_type, stale)
    )


def _read_posts(cur: duckdb.DuckDBPyConnection, post_type: str | None, stale: int) -> list[Post]:
    snapshot.require(cur, POSTS_DATASET)
    sql = f"SELECT {_POST_COLUMNS} FROM us_posts"
    params: list[Any] = []
    if post_type:
        sql += " WHERE post_type = ?"
        params.append(post_type)
    order = "CASE post_type WHEN 'embassy' THEN 0 WHEN 'consulate_general' THEN 1 ELSE 2 END"
    posts = [Post(*row) for row in cur.execute(f"{sql} ORDER BY {order}, city", params).fetchall()]
    names = {s.code: s for s in list_states(cur)}
    rules = _rules(cur)
    for post in posts:
        post.freshness = freshness(post.as_of, stale)
        post.states_served = [
            {
                "code": rule.state_code,
                "name": names[rule.state_code].name,
                "slug": names[rule.state_code].slug,
                "part": rule.part(names[rule.state_code].name),
                **rule.part_fields(names[rule.state_code].name),
                "whole_state": rule.rule == "all",
                "basis": rule.basis,
            }
            for rule in rules
            if rule.post_id == post.post_id
        ]
    return posts


@snapshot.one_read
def posts_overview(cur: duckdb.DuckDBPyConnection, post_type: str | None = None) -> TravelPosts:
    if post_type and post_type not in ("embassy", "consulate_general", "consular_agency"):
        raise InvalidInput(
            f"post type {post_type!r} is not valid; expected embassy, consulate_general or "
            "consular_agency"
        )
    posts = list_posts(cur, post_type)
    return TravelPosts(
        posts=[p.as_dict() for p in posts],
        count=len(posts),
        datasets=[_version(cur), state_version(cur)],
    )


@snapshot.one_read
def get_post(cur: duckdb.DuckDBPyConnection, key: str) -> TravelPost:
    """One post by id, name or city ("cg-merida", "Mérida", "U.S. Consulate General Mérida")."""
    posts = list_posts(cur)
    wanted = fold(key)
    found = next((p for p in posts if wanted in {fold(p.post_id), fold(p.post_name)}), None)
    if found is None:
        found = next((p for p in posts if fold(p.city) == wanted), None)
    if found is None:
        close = suggest(key, [p.post_name for p in posts] + [p.city for p in posts])
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise NotFound(f"no U.S. post in Mexico called {key!r}{hint}")
    agencies = [p.as_dict() for p in posts if p.parent_post == found.post_id]
    return TravelPost(post=found.as_dict(), agencies=agencies, datasets=[_version(cur)])


def _serving(post: Post, rule: DistrictRule, state: State) -> dict[str, Any]:
    return {
        "post_id": post.post_id,
        "post_name": post.post_name,
        "post_type": post.post_type,
        "city": post.city,
        "address": post.address,
        "part": rule.part(state.name),
        **rule.part_fields(state.name),
        "basis": rule.basis,
        "notes": rule.notes,
        "source": rule.source,
        "freshness": post.freshness,
    }


def _pick_for_city(
    city: City, rules: list[DistrictRule], posts: dict[str, Post]
) -> list[DistrictRule]:
    """The district rules that cover a city; more than one when the data cannot tell."""
    keys = {fold(city.name)} | ({fold(city.municipality)} if city.municipality else set())
    named = [r for r in rules if r.rule in ("only", "area") and keys & r.names()]
    if named:
        return named
    excepted = [r for r in rules if r.rule == "except" and not keys & r.names()]
    whole = [r for r in rules if r.rule == "all"]
    if excepted or whole:
        return excepted or whole
    areas = [r for r in rules if r.rule == "area"]
    # A consulate serves the city it stands in.
    home = [r for r in areas if fold(posts[r.post_id].city) in keys]
    return home or areas


@snapshot.one_read
def serving_post(
    cur: duckdb.DuckDBPyConnection, state: str | None = None, city: str | None = None
) -> TravelServing:
    """Which post serves a Mexican state or city, with the consular agencies there."""
    if not state and not city:
        raise InvalidInput("give a Mexican state or a city, e.g. state=Sonora or city=Mérida")
    found_city = resolve_city(cur, city) if city else None
    found_state = resolve_state(cur, state) if state else None
    if found_city and found_state and found_city.state_code != found_state.code:
        raise NotFound(
            f"no city {found_city.name} in {found_state.name}: "
            f"{found_city.name} is in {found_city.state_name}"
        )
    if found_city:
        found_state = resolve_state(cur, found_city.state_code)
    assert found_state is not None
    posts = {p.post_id: p for p in list_posts(cur)}
    rules = [r for r in _rules(cur) if r.state_code == found_state.code]
    chosen = _pick_for_city(found_city, rules, posts) if found_city else rules
    split = len(rules) > 1
    agencies = [
        p.as_dict()
        for p in posts.values()
        if p.post_type == "consular_agency" and p.state_code == found_state.code
    ]
    return TravelServing(
        state=found_state.as_dict(),
        city=found_city.as_dict() if found_city else None,
        state_is_split=split,
        resolved=len(chosen) == 1,
        posts=[_serving(posts[r.post_id], r, found_state) for r in chosen],
        agencies_in_state=agencies,
        datasets=[_version(cur), state_version(cur)],
    )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@snapshot.one_read
def nearest_posts(
    cur: duckdb.DuckDBPyConnection,
    lat: float | None = None,
    lon: float | None = None,
    near: str | None = None,
    limit: int = 3,
    post_type: str | None = None,
) -> TravelNearest:
    """The posts closest to a point or to a city (by name), nearest first."""
    origin: dict[str, Any]
    if near:
        place = resolve_city(cur, near)
        if place.latitude is None or place.longitude is None:
            raise NotFound(f"no coordinates of {place.name} in the data; give lat and lon")
        lat, lon = place.latitude, place.longitude
        origin = {"city": place.as_dict(), "latitude": lat, "longitude": lon}
    else:
        if lat is None or lon is None:
            raise InvalidInput("give a city (near=Mérida) or a point (lat and lon)")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InvalidInput(f"({lat}, {lon}) is not a point; lat is -90..90, lon -180..180")
        origin = {"city": None, "latitude": lat, "longitude": lon}
    if limit < 1:
        raise InvalidInput("limit must be at least 1")
    ranked = []
    for post in list_posts(cur, post_type or None):
        if post.latitude is None or post.longitude is None:
            continue
        item = post.as_dict()
        item["distance_km"] = round(haversine_km(lat, lon, post.latitude, post.longitude), 1)
        ranked.append(item)
    ranked.sort(key=lambda item: item["distance_km"])
    return TravelNearest(
        origin=origin,
        posts=ranked[:limit],
        note="Distances are great-circle (haversine) kilometres; most post coordinates are "
        "city centres (see coord_source).",
        datasets=[_version(cur), state_version(cur)],
    )

"""Where planning designations come from: configuration (``BOPS_CONSTRAINTS_SOURCE``), not code.

``bundled`` (the default, and the local run's: no internet) reads the demo data set bundled with the
domain (``bops/domain/data/constraints_demo.geojson``); ``planning_data`` (set in AWS) asks
planning.data.gov.uk. Both meet ``bops.domain.constraints.ConstraintsSource``.

planning.data.gov.uk's entity search, as its API documentation (www.planning.data.gov.uk/docs, "Search
entity") and PlanX's own client of it describe it:
- ``GET https://www.planning.data.gov.uk/entity.json`` with ``dataset`` repeated for each dataset,
  ``geometry`` a WKT geometry in WGS 84, ``geometry_relation=intersects``, ``entries=current`` (no ended
  designations), ``exclude_field`` (we leave out ``geometry`` and ``point``: outlines can be large),
  ``limit`` (at most 100) and ``offset``. No key; open data under the Open Government Licence.
- The answer: ``{"entities": [{"entity": 44007440, "name": "...", "dataset": "conservation-area",
  "reference": "...", "entry-date": "...", ...}], "count": n, "links": {"next": "...", ...}}``.
Failures (no connection, timeout, an HTTP error, a body that is not that shape) become
``UpstreamUnavailable`` / ``UpstreamError``; the assessment then still shows what the submission said and
tells the officer the lookup failed (it never fails the page).

Answers are kept a few minutes per process (a warm Lambda asked again for the same red line while the
officer moves between tasks does not ask again), and a failure for a minute (the task list does not wait
for a timeout on every load while the service is down); what the officer saves in the task is the
evidence kept with the case.
"""

from __future__ import annotations

import json
import logging
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from functools import cache
from importlib import resources
from typing import Any

from bops.domain.constraints import (
    Constraint,
    ConstraintsSource,
    Designated,
    Source,
    dataset_name,
    datasets,
    intersecting,
    load_features,
    planning_data_datasets,
)
from bops.domain.errors import UpstreamError, UpstreamUnavailable
from bops.domain.geometry import Shape, to_wkt

logger = logging.getLogger("bops.adapters.constraints")

SOURCES = ("bundled", "planning_data")
BASE_URL = "https://www.planning.data.gov.uk"
PAGE_SIZE = 100  # the API's largest ``limit``
MAX_PAGES = 5  # 500 designations on one site is far more than any real one has
TIMEOUT_S = 8.0
#: Every page of one lookup within this: the task list waits for it, well inside API Gateway's 29 s.
BUDGET_S = 12.0
CACHE_SECONDS = 600
#: After a failure, the next lookups fail at once for this long rather than each waiting for a timeout.
FAILURE_SECONDS = 60
USER_AGENT = "BoPS-serverless (planning back office; constraints check)"


def constraints_source() -> ConstraintsSource:
    """The configured source. Raises ``ValueError`` naming ``BOPS_CONSTRAINTS_SOURCE`` for an unknown one."""
    # Read here rather than in bops.config: only the assessment's constraints task needs it.
    kind = os.environ.get("BOPS_CONSTRAINTS_SOURCE", "bundled")
    if kind == "bundled":
        return _bundled()
    if kind == "planning_data":
        return _planning_data()
    raise ValueError(f"BOPS_CONSTRAINTS_SOURCE must be one of {', '.join(SOURCES)}, got {kind!r}")


@cache
def _bundled() -> BundledConstraints:
    return BundledConstraints()


@cache
def _planning_data() -> PlanningDataConstraints:
    return PlanningDataConstraints()


@cache
def demo_designations() -> tuple[Designated, ...]:
    """The bundled demo data set (see the file's ``_about``: synthetic shapes around the demo sites)."""
    text = resources.files("bops.domain").joinpath("data/constraints_demo.geojson").read_text(encoding="utf-8")
    return tuple(load_features(json.loads(text)))


class BundledConstraints:
    """Designations held in memory (by default the bundled demo data set), intersected by hand."""

    source: Source = "local"

    def __init__(self, designations: list[Designated] | None = None) -> None:
        self.designations = tuple(designations) if designations is not None else demo_designations()

    def intersecting(self, site: Shape) -> list[Constraint]:
        return intersecting(self.designations, site, source=self.source)


Opener = Any  # a callable like urllib.request.urlopen: (request, timeout=) -> a response with .read()


class PlanningDataConstraints:
    """planning.data.gov.uk's entity API (see the module's notes). ``opener`` stands in for
    ``urllib.request.urlopen`` (tests pass a fake; nothing here reaches the network in tests)."""

    source: Source = "planning.data"

    def __init__(
        self,
        *,
        base_url: str = BASE_URL,
        datasets: list[str] | None = None,
        opener: Opener | None = None,
        clock: Any = time.monotonic,
    ) -> None:
        if not base_url.startswith("https://"):
            raise ValueError(f"planning.data.gov.uk is asked over https, not {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.datasets = datasets if datasets is not None else planning_data_datasets()
        self._opener = opener
        self._clock = clock
        self._cache: dict[str, tuple[float, list[Constraint]]] = {}
        self._failed: tuple[float, UpstreamError] | None = None

    def intersecting(self, site: Shape) -> list[Constraint]:
        wkt = to_wkt(site)
        now = self._clock()
        cached = self._cache.get(wkt)
        if cached and now - cached[0] < CACHE_SECONDS:
            return list(cached[1])
        if self._failed and now - self._failed[0] < FAILURE_SECONDS:
            raise self._failed[1]
        try:
            found = self._lookup(wkt, deadline=now + BUDGET_S)
        except UpstreamError as error:
            self._failed = (now, error)
            raise
        self._failed = None
        if len(self._cache) > 256:  # a bound, not an LRU: a warm function sees a few cases at a time
            self._cache.clear()
        self._cache[wkt] = (now, found)
        return list(found)

    def _lookup(self, wkt: str, *, deadline: float) -> list[Constraint]:
        found: list[Constraint] = []
        offset = 0
        for _ in range(MAX_PAGES):
            remaining = deadline - self._clock()
            if remaining <= 0:
                logger.warning("planning.data: out of time after several pages")
                raise UpstreamUnavailable("planning.data.gov.uk is answering too slowly; try again later")
            page = self._page(wkt, offset, timeout=min(TIMEOUT_S, remaining))
            entities = page["entities"]
            found.extend(c for c in (self._constraint(e) for e in entities) if c is not None)
            offset += len(entities)
            if not entities or not (page.get("links") or {}).get("next"):
                break
        logger.info("planning.data: %d designations on the site", len(found))
        return found

    def url(self, wkt: str, offset: int = 0) -> str:
        query = [("dataset", d) for d in self.datasets] + [
            ("geometry", wkt),
            ("geometry_relation", "intersects"),
            ("entries", "current"),
            ("exclude_field", "geometry,point"),
            ("limit", str(PAGE_SIZE)),
            ("offset", str(offset)),
        ]
        return f"{self.base_url}/entity.json?{urllib.parse.urlencode(query)}"

    def _page(self, wkt: str, offset: int, *, timeout: float) -> dict[str, Any]:
        request = urllib.request.Request(  # noqa: S310 - base_url is checked to be https in __init__
            self.url(wkt, offset), headers={"Accept": "application/json", "User-Agent": USER_AGENT}
        )
        opener = self._opener or urllib.request.urlopen
        try:
            with opener(request, timeout=timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            logger.warning("planning.data: HTTP %d", error.code)
            if error.code == 429 or error.code >= 500:
                raise UpstreamUnavailable(
                    f"planning.data.gov.uk is not answering (HTTP {error.code}); try again later"
                ) from None
            raise UpstreamError(f"planning.data.gov.uk refused the search (HTTP {error.code})") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            logger.warning("planning.data: no answer (%s)", type(error).__name__)
            raise UpstreamUnavailable("planning.data.gov.uk cannot be reached; try again later") from None
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
            logger.warning("planning.data: an answer without entities")
            raise UpstreamError("planning.data.gov.uk gave an answer BoPS cannot read")
        return data

    def _constraint(self, entity: Any) -> Constraint | None:
        if not isinstance(entity, dict):
            return None
        dataset = entity.get("dataset")
        if dataset not in datasets():
            return None  # asked only for known datasets: anything else is not ours to show
        number = entity.get("entity")
        name = entity.get("name")
        reference = entity.get("reference")
        return Constraint(
            dataset=dataset,
            name=dataset_name(dataset),
            entity=int(number)
            if isinstance(number, int | str) and str(number).isdigit() and len(str(number)) <= 15
            else None,
            reference=str(reference)[:100] if reference not in (None, "") else None,
            description=str(name)[:500] if name else None,
            source=self.source,
            status="suggested",
        )

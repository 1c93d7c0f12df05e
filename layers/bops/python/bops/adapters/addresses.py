"""Which ``AddressSource`` finds neighbours: configuration (``BOPS_ADDRESS_SOURCE``), not code.

``local`` (the default, and the local run's) searches the bundled synthetic demo addresses;
``os_places`` (set by the CDK context ``bops:addressSource``) searches Ordnance Survey's OS Places API
with the council's own key. Both have the same contract (``bops.domain.neighbours.AddressSource``).
"""

from __future__ import annotations

from functools import cache

from bops.domain.neighbours import AddressSource, LocalAddressSource

SOURCES = ("local", "os_places")


def address_source(council: str) -> AddressSource:
    """The configured address source for ``council``.

    Raises ``ValueError`` naming ``BOPS_ADDRESS_SOURCE`` when it is neither ``local`` nor ``os_places``.
    """
    from bops.config import settings

    kind = settings().address_source
    if kind == "local":
        return LocalAddressSource()
    if kind == "os_places":
        return _os_places(council)
    raise ValueError(f"BOPS_ADDRESS_SOURCE must be one of {', '.join(SOURCES)}, got {kind!r}")


@cache
def _os_places(council: str) -> AddressSource:
    # one adapter per council and process, so a warm function reads each council's key once
    from bops.adapters.os_places import OsPlacesAddressSource

    return OsPlacesAddressSource(council)

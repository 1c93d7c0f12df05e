"""The HTTP API: a Chalice app composed of one blueprint per area. Thin: routes call services."""

from chalice import Chalice

from bops.api import (
    applications,
    assessment,
    consultation,
    council,
    documents,
    enforcement,
    maps,
    notify,
    open_data,
    openapi,
    pre_applications,
    public,
    public_v2,
    returns,
    site_history,
    submissions,
    tokens,
    validation,
)
from bops.api.routing import chalice_errors

app = Chalice(app_name="bops")
app.api.binary_types = []  # everything the API speaks is JSON
app.register_middleware(chalice_errors, "http")  # Chalice's own 405/415 in the API's error envelope

areas = (
    submissions,
    applications,
    assessment,
    documents,
    validation,
    consultation,
    council,
    public,
    maps,
    public_v2,
    notify,
    tokens,
    openapi,
    site_history,
    open_data,
    returns,
    pre_applications,
    enforcement,
)
for area in areas:
    app.register_blueprint(area.blueprint)

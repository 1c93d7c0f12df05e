"""The HTTP API: a Chalice app composed of one blueprint per area. Thin: routes call services."""

from chalice import Chalice

from bops.api import applications, consultation, documents, openapi, public, submissions, tokens, validation

app = Chalice(app_name="bops")
app.api.binary_types = []  # everything the API speaks is JSON

for area in (submissions, applications, documents, validation, consultation, public, tokens, openapi):
    app.register_blueprint(area.blueprint)

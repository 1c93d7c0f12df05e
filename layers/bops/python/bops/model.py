"""The base of BoPS's pydantic models: each model's validation schema is built on first use, not at import.

A Lambda imports every model of its area when it starts, but a request uses a few: building the
schemas of ~120 models up front cost the API function about 200 ms of cold start (``make benchmark``).
``defer_build`` leaves behaviour unchanged; the first validation of a model builds its schema once.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    model_config = ConfigDict(defer_build=True)

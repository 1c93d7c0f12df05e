"""The BoPS CDK app: a thin stack wiring one construct per capability.

Names, handlers and state machine definitions come from ``bops.resources`` (the layer package), the
HTTP routes from the Chalice app in ``app.py``; nothing here duplicates them.
"""

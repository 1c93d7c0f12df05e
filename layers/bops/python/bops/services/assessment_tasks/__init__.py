"""One module per assessment task (see ``bops.services.assessment`` for what each offers)."""

"""JSON API of the registration area (routes on eventsys.api.bp)."""

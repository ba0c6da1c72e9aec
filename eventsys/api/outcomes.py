"""JSON API of the outcomes area (routes on eventsys.api.bp)."""

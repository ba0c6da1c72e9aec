"""JSON API of the agenda area (routes on eventsys.api.bp)."""

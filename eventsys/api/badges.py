"""JSON API of the badges area (routes on eventsys.api.bp)."""

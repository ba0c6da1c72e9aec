"""JSON API of the reports area (routes on eventsys.api.bp)."""

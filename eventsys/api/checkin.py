"""JSON API of the checkin area (routes on eventsys.api.bp)."""

"""Models of the checkin area."""

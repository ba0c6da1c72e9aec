"""Models of the badges area."""

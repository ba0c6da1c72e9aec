"""Models of the outcomes area."""

"""Models of the proceedings area."""

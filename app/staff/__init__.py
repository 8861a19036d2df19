"""Staff use cases on a ticket beyond its steps: reclassifying it (改类重派)."""

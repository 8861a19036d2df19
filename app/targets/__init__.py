"""Yearly targets (年考核) of a street or a community: baseline, target, where the year stands now."""

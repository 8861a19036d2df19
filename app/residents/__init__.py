"""Residents (居民): who writes to the official account, and the home they registered."""

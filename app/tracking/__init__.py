"""Response tracking (督办): deadlines watched, misses escalated up the ladder."""

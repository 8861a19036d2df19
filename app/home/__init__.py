"""The root page: where a newcomer lands after `make run`; production sends `/` to the dashboard."""

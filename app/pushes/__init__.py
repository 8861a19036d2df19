"""The outbox (推送): pushes written with the change that causes them, sent by a worker."""

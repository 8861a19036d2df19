"""Running the service: retention of personal data, backups, logs and metrics."""

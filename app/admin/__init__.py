"""Administration pages (管理): the organisation, duty, the FAQ, response policies and the ladder (#18)."""

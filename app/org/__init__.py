"""The community's structure (组织架构): who is responsible for what, and where."""

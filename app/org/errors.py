"""Errors of the organisation file, always naming the line."""
from app.org.yaml_lines import FileError


class OrgFileError(FileError):
    pass

"""Errors of the organisation file, always naming the line."""


class OrgFileError(Exception):
    def __init__(self, line: int | None, message: str):
        self.line, self.message = line, message
        super().__init__(f"line {line}: {message}" if line else message)

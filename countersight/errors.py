"""The error catalogue. Library code raises these; the CLI and the web app turn
them into friendly messages (and HTTP statuses) at the edge, nowhere else."""

from __future__ import annotations


class CountersightError(Exception):
    """Base of every error the tool reports to a user."""

    exit_code = 1
    http_status = 500

    def __init__(self, message: str = "", *, public_message: str | None = None) -> None:
        super().__init__(message)
        # What a public view (``serve --public``) says instead, when ``message`` names what only the
        # server's operators may know: a database's path or URL ("no report 'x' in /srv/cs.db").
        self.public_message = message if public_message is None else public_message


class InputError(CountersightError):
    """Bad input: a file, a line, an argument that cannot be used."""

    exit_code = 2
    http_status = 400


class ParamError(InputError):
    """A bad value of one named parameter (a filter, a limit, a position).

    The library names the parameter plainly (``since must be a date ...``); each edge words
    the message for where it is shown, from ``param`` and ``problem``, in its one error
    handler: the CLI as its option (``--since``), the JSON API as the query parameter, a web
    page as the form field's label.
    """

    def __init__(self, param: str, problem: str) -> None:
        self.param, self.problem = param, problem
        super().__init__(f"{param} {problem}")

    def named(self, name: str) -> str:
        """The message with the parameter called ``name``: ``--since must be a date ...``."""
        return f"{name} {self.problem}"


class NotFound(CountersightError):
    """A report, event or user that does not exist."""

    exit_code = 3
    http_status = 404


class StoreError(CountersightError):
    """The database cannot be opened, migrated or written."""

    exit_code = 4
    http_status = 500


class PermissionDenied(CountersightError):
    """The user is not allowed to do this."""

    exit_code = 5
    http_status = 403


class NotAuthenticated(CountersightError):
    exit_code = 5
    http_status = 401


class Conflict(CountersightError):
    """The change clashes with the stored state (e.g. a stale edit)."""

    exit_code = 6
    http_status = 409

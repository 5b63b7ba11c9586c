"""vigil.Error: what every failing vigil call raises."""


class Error(Exception):
    """A failure of vigil, with where the problem is.

    Attributes:
      status: the kind of failure: "input" (a refused schema, graph, pack,
        query, report or exceptions file), "not-found", "io",
        "invalid-argument", "no-memory", "internal", or
        "deadline-exceeded" (Pack.run's timeout passed; raised as
        DeadlineExceeded, which is also a TimeoutError).
      code: the first error's stable diagnostic code, e.g.
        "schema.unknown-type" ("" when there is none).
      file, line, column: where the first error is ("" and 0 when unknown;
        1-based; columns count bytes).
      diagnostics: every diagnostic of the call, as dicts with severity,
        code, message, file, line and column.
    """

    def __init__(self, message, status="internal", code="", file="", line=0, column=0,
                 diagnostics=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.diagnostics = list(diagnostics or [])

    def __reduce__(self):  # picklable, e.g. across Dask workers
        return (type(self), (self.message, self.status, self.code, self.file, self.line,
                             self.column, self.diagnostics))


class DeadlineExceeded(Error, TimeoutError):
    """Pack.run(timeout=...) ran out of time: no further check was started
    and no report is given. A vigil.Error (status "deadline-exceeded") and a
    TimeoutError."""

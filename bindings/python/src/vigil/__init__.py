"""vigil: compliance checks over cloud asset graphs, from Python.

    import vigil

    pack = vigil.Pack.load("packs/cis-aws")
    graph = vigil.Graph.load("inventory.json", pack.schema)
    report = pack.run(graph, exceptions="exceptions.json", threads=2)
    report = pack.run(graph, tool_name="acme-scanner", tool_version="2.4.1",
                      list_passed=True, timeout=300,
                      progress=lambda done, total: print(done, "/", total))
    print(report.passed, report.summary)
    report.write("report.sarif", format="sarif")

    graph = vigil.Graph.from_aws_cli("estate/", pack.schema)   # aws-cli folder
    vigil.aws.collect(boto3.Session(), out_dir="estate/")      # boto3 collector

A binding of libvigil's C ABI (pybind11). Loads, evaluations and runs
release the GIL, so Python threads evaluate in parallel. Every failure
raises vigil.Error with the location of the problem.
"""

from vigil._errors import DeadlineExceeded, Error
from vigil._vigil import (
    Edge,
    Fragments,
    Graph,
    GraphBuilder,
    Pack,
    Query,
    Report,
    Schema,
    TestRun,
    merge_reports,
    version,
)

__all__ = [
    "DeadlineExceeded",
    "Edge",
    "Error",
    "Fragments",
    "Graph",
    "GraphBuilder",
    "Pack",
    "Query",
    "Report",
    "Schema",
    "TestRun",
    "merge_reports",
    "query",
    "version",
]

__version__ = version()


def __getattr__(name):
    """`vigil.aws` (the boto3 collector) is imported when first used, so
    that `import vigil` does not need boto3."""
    if name == "aws":
        import importlib

        return importlib.import_module("vigil.aws")
    raise AttributeError("module 'vigil' has no attribute %r" % name)


def query(graph, text, variables=None, fragments=(), threads=0):
    """Compiles `text` against the graph's schema and evaluates it over
    `graph`: the result decoded from JSON (a list for the stored form
    `vpcs(where: ...) { id }`, a dict for GraphQL documents).

    `fragments` are Fragments objects or fragment definitions as text."""
    libs = [f if isinstance(f, Fragments) else Fragments.parse(f, "<fragments>")
            for f in fragments]
    return Query.compile(graph.schema, text, libs).evaluate(graph, variables, threads)

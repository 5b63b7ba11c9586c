"""Tests of the vigil Python package (bindings/python)."""
import json
import pathlib
import pickle
import threading

import pytest

import vigil

ROOT = pathlib.Path(__file__).resolve().parents[3]
PACK = ROOT / "packs" / "cis-aws"
DEMO = ROOT / "examples" / "demo-aws.json"
EXCEPTIONS = ROOT / "examples" / "exceptions.json"

SDL = """interface Asset { id: ID! name: String }
type Vpc implements Asset {
  id: ID!
  name: String
  port: Int
  tags: [String!]
  flowLogs: [FlowLog!]! @relationship(type: "HAS_FLOW_LOG", direction: OUT, properties: "Since")
}
type FlowLog implements Asset { id: ID! name: String status: String }
type Since @relationshipProperties { days: Int }
"""

GRAPH = {
    "assets": [
        {"id": "vpc-1", "type": "Vpc", "properties": {"name": "prod", "port": 22, "tags": ["a"]}},
        {"id": "vpc-2", "type": "Vpc"},
        {"id": "fl-1", "type": "FlowLog", "properties": {"status": "ACTIVE"}},
    ],
    "relationships": [
        {"from": "vpc-1", "type": "HAS_FLOW_LOG", "to": "fl-1", "properties": {"days": 3}},
    ],
}


@pytest.fixture(scope="module")
def schema():
    return vigil.Schema.parse(SDL, "test.graphql")


@pytest.fixture(scope="module")
def pack():
    return vigil.Pack.load(PACK)


@pytest.fixture(scope="module")
def demo(pack):
    return vigil.Graph.load(DEMO, pack.schema)


def test_errors_carry_their_location():
    with pytest.raises(vigil.Error) as e:
        vigil.Schema.parse("type Vpc {\n  id: ID!\n  subnet: Nope\n}\n", "bad.graphql")
    err = e.value
    assert err.status == "input"
    assert (err.file, err.line, err.column) == ("bad.graphql", 3, 11)
    assert err.code.startswith("schema.")
    assert "bad.graphql:3:11" in str(err)
    assert err.diagnostics[0]["line"] == 3
    assert err.diagnostics[0]["severity"] == "error"
    # vigil.Error survives pickling (Dask sends errors back from workers).
    again = pickle.loads(pickle.dumps(err))
    assert (again.file, again.line, again.code) == (err.file, err.line, err.code)

    with pytest.raises(vigil.Error) as e:
        vigil.Schema.load(ROOT / "no" / "such.graphql")
    assert e.value.status == "not-found"


def test_graph_load_parse_and_query(schema, tmp_path):
    g = vigil.Graph.parse(GRAPH, schema, name="g.json")
    assert (g.num_assets, g.num_edges) == (3, 1)
    path = tmp_path / "g.json"
    path.write_text(json.dumps(GRAPH))
    g2 = vigil.Graph.load(path, schema)
    assert g2.num_assets == 3
    assert vigil.Graph.parse(json.dumps(GRAPH).encode(), schema).num_assets == 3

    rows = vigil.query(g, 'vpcs(where: {flowLogs_NONE: {status: "ACTIVE"}}) { id ...N }',
                       fragments=["fragment N on Asset { name }"])
    assert rows == [{"id": "vpc-2", "name": None}]
    assert vigil.query(g, "vpcs(where: {port_GT: $p}) { id }", variables={"p": 21}) == [
        {"id": "vpc-1"}]
    doc = vigil.query(g, "query { vpcs(where: {port: 22}) { id } }")
    assert doc == {"vpcs": [{"id": "vpc-1"}]}

    with pytest.raises(vigil.Error) as e:
        vigil.query(g, "vpcs(where: {\n  nope: 1}) { id }")
    assert e.value.line == 2 and e.value.column == 3

    with pytest.raises(vigil.Error) as e:
        vigil.Graph.parse('{"assets": [\n {"id": "a",, }]}', schema, name="bad.json")
    assert e.value.file == "bad.json" and e.value.line == 2

    frags = vigil.Fragments.parse("fragment N on Asset { name }")
    q = vigil.Query.compile(schema, "vpcs { id ...N }", [frags])
    assert q.evaluate_json(g) == '[{"id":"vpc-1","name":"prod"},{"id":"vpc-2","name":null}]'


def test_builder_matches_the_json_loader(schema):
    b = vigil.GraphBuilder(schema)
    b.add_asset("vpc-1", "Vpc")
    b.set("vpc-1", "name", "prod")
    b.set("vpc-1", "port", 22)
    b.set("vpc-1", "tags", ["a"])
    edge = b.add_edge("vpc-1", "HAS_FLOW_LOG", "fl-1")  # fl-1 comes later
    b.set_edge(edge, "days", 3)
    b.add_asset("vpc-2", "Vpc")
    b.add_asset("fl-1", "FlowLog")
    b.set("fl-1", "status", "ACTIVE")
    with pytest.raises(vigil.Error) as e:
        b.set("vpc-1", "port", "twenty-two")
    assert "vpc-1" in str(e.value) and e.value.status == "input"
    built = b.finish()
    with pytest.raises(vigil.Error) as e:
        b.finish()
    assert e.value.status == "invalid-argument"

    text = ("query { vpcs { id name port tags flowLogs { id status } } "
            "days: vpcs(where: {flowLogsConnection_SOME: {edge: {days: 3}}}) { id } }")
    loaded = vigil.Graph.parse(GRAPH, schema)
    assert vigil.query(built, text) == vigil.query(loaded, text)
    assert vigil.query(built, text)["days"] == [{"id": "vpc-1"}]

    dangling = vigil.GraphBuilder(schema)
    dangling.add_asset("vpc-1", "Vpc")
    dangling.add_edge("vpc-1", "HAS_FLOW_LOG", "fl-404")
    with pytest.raises(vigil.Error, match="fl-404"):
        dangling.finish()

    # Several errors: the message counts them, each is a diagnostic.
    broken = vigil.GraphBuilder(schema)
    broken.add_asset("vpc-1", "Vpc")
    broken.add_edge("vpc-1", "HAS_FLOW_LOG", "fl-404")
    broken.add_edge("vpc-1", "HAS_FLOW_LOG", "fl-405")
    with pytest.raises(vigil.Error) as e:
        broken.finish()
    assert "(2 errors)" in str(e.value)
    assert e.value.code == "graph.dangling-edge"
    assert [d["code"] for d in e.value.diagnostics] == ["graph.dangling-edge"] * 2
    assert "fl-405" in e.value.diagnostics[1]["message"]


def test_pack_run_and_report(pack, demo, tmp_path):
    assert pack.name == "cis-aws"
    assert "cis-aws-3.7" in pack.controls
    report = pack.run(demo, exceptions=EXCEPTIONS, threads=2, now="2026-03-01T12:00:00Z",
                      graph_path="demo-aws.json")
    assert report.passed is False
    s = report.summary
    assert s["failed"] >= 1 and s["assets_evaluated"] == demo.num_assets
    controls = report.controls
    assert controls[0]["id"].startswith("cis-aws-")
    assert {c["status"] for c in controls} <= {"pass", "fail", "waived", "error"}
    doc = json.loads(report.to_json())
    assert doc["graph"]["path"] == "demo-aws.json"
    assert "Result: FAIL" in report.render("text")
    for fmt in ("text", "json", "sarif", "junit", "ocsf", "html"):
        out = tmp_path / ("r." + fmt)
        report.write(out, format=fmt)
        assert out.stat().st_size > 100
    with pytest.raises(vigil.Error):
        report.render("pdf")

    # Exceptions as a document, parameters, a subset of controls.
    waivers = json.loads(EXCEPTIONS.read_text())
    same = pack.run(demo, exceptions=waivers, now="2026-03-01T12:00:00Z", threads=1,
                    graph_path="demo-aws.json")
    assert same.summary == report.summary
    listed = pack.run(demo, exceptions=waivers["exceptions"], now="2026-03-01T12:00:00Z")
    assert listed.summary == report.summary
    one = pack.run(demo, controls=["cis-aws-3.7"])
    assert one.summary["controls"] == 1
    with pytest.raises(vigil.Error, match="nope"):
        pack.run(demo, controls=["nope"])
    with pytest.raises(vigil.Error):
        pack.run(demo, params={"cis-aws-3.7": {"nope": 1}})
    with pytest.raises(vigil.Error) as e:
        pack.run(demo, exceptions=b'{"exceptions": [\n {"control": 1}]}')
    assert e.value.line == 2
    with pytest.raises(vigil.Error) as e:
        pack.run(demo, exceptions=tmp_path / "none.json")
    assert e.value.status == "not-found"


def test_reports_read_back_merge_and_pickle(pack, demo):
    report = pack.run(demo, now="2026-03-01T12:00:00Z")
    back = vigil.Report.from_json(report.to_json(), "r.json")
    assert back.to_json() == report.to_json()
    assert pickle.loads(pickle.dumps(report)).to_json() == report.to_json()
    merged = vigil.merge_reports([report, back])
    assert merged.summary["assets_evaluated"] == 2 * report.summary["assets_evaluated"]
    assert merged.summary["failed"] == report.summary["failed"]
    with pytest.raises(vigil.Error):
        vigil.merge_reports([])
    with pytest.raises(vigil.Error) as e:
        vigil.Report.from_json('{"controls": [{"id": 1}]}', "w.json")
    assert "$.controls[0].id" in str(e.value)


def test_control_tests(pack):
    run = pack.test()
    assert run.passed > 0 and run.failed == 0
    assert run.render().rstrip().endswith("%d passed, 0 failed" % run.passed)
    assert json.loads(run.render("json"))
    assert "<testsuite" in run.render("junit")
    some = pack.test([PACK / "tests" / "cis-aws-3.7.json"], filter="ACTIVE")
    assert 0 < some.passed < run.passed
    with pytest.raises(vigil.Error):
        pack.test(PACK / "tests" / "none.json")


def test_two_threads_evaluate_at_once(pack, demo):
    """Runs release the GIL: two Python threads run the pack at once and
    get the same report as a run alone."""
    alone = pack.run(demo, now="2026-03-01T12:00:00Z", threads=1).summary
    results, errors = [], []
    start = threading.Barrier(2)

    def work():
        try:
            start.wait()
            for _ in range(20):
                results.append(pack.run(demo, now="2026-03-01T12:00:00Z", threads=1).summary)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 40 and all(r == alone for r in results)

    q = vigil.Query.compile(pack.schema, "vpcs { id region }")
    outs = []
    workers = [threading.Thread(target=lambda: outs.append(q.evaluate_json(demo, threads=1)))
               for _ in range(2)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    assert len(outs) == 2 and outs[0] == outs[1]


def test_run_tool_list_passed_and_progress(pack, demo):
    seen = []
    report = pack.run(demo, threads=2, tool_name="acme-scanner", tool_version="2.4.1",
                      list_passed=True, progress=lambda done, total: seen.append((done, total)))
    total = seen[-1][1]
    assert total > 1 and seen == [(i, total) for i in range(1, total + 1)]
    doc = json.loads(report.to_json())
    assert doc["product"]["name"] == "acme-scanner"
    assert '"passed": [' in report.to_json()
    driver = json.loads(report.render("sarif"))["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["semanticVersion"]) == ("acme-scanner", "2.4.1")
    # A version that is not SemVer: `version` only.
    driver = json.loads(pack.run(demo, tool_name="acme", tool_version="2024.1")
                        .render("sarif"))["runs"][0]["tool"]["driver"]
    assert driver["version"] == "2024.1" and "semanticVersion" not in driver


class Stop(Exception):
    pass


def test_progress_exception_stops_the_run(pack, demo):
    calls = []

    def progress(done, total):
        calls.append(done)
        if done == 2:
            raise Stop("enough")

    with pytest.raises(Stop, match="enough"):
        pack.run(demo, threads=1, progress=progress)
    assert calls == [1, 2]  # no check started after the exception
    with pytest.raises(TypeError):
        pack.run(demo, progress=42)


def test_timeout(pack, demo):
    import time

    calls = []

    def slow(done, total):
        calls.append(done)
        time.sleep(0.1)

    # The timeout passes while the first check's progress call sleeps.
    with pytest.raises(vigil.DeadlineExceeded) as e:
        pack.run(demo, threads=1, timeout=0.01, progress=slow)
    assert isinstance(e.value, TimeoutError) and isinstance(e.value, vigil.Error)
    assert e.value.status == "deadline-exceeded"
    assert len(calls) <= 1
    err = pickle.loads(pickle.dumps(e.value))
    assert isinstance(err, vigil.DeadlineExceeded) and err.status == "deadline-exceeded"
    # A generous timeout: the report.
    assert pack.run(demo, timeout=3600).summary["controls"] > 0
    for bad in (0, -1, float("nan")):
        with pytest.raises(ValueError):
            pack.run(demo, timeout=bad)

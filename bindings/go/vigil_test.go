package vigil

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// The repository root (this package is bindings/go).
var root = filepath.Join("..", "..")

func src(rel string) string { return filepath.Join(root, rel) }

const sdl = `interface Asset { id: ID! name: String }
type Vpc implements Asset {
  id: ID!
  name: String
  port: Int
  tags: [String!]
  flowLogs: [FlowLog!]! @relationship(type: "HAS_FLOW_LOG", direction: OUT, properties: "Since")
}
type FlowLog implements Asset { id: ID! name: String status: String }
type Since @relationshipProperties { days: Int }
`

const graphJSON = `{"assets": [
  {"id": "vpc-1", "type": "Vpc", "properties": {"name": "prod", "port": 22, "tags": ["a", "b"]}},
  {"id": "vpc-2", "type": "Vpc"},
  {"id": "fl-1", "type": "FlowLog", "properties": {"status": "ACTIVE"}}],
 "relationships": [{"from": "vpc-1", "type": "HAS_FLOW_LOG", "to": "fl-1", "properties": {"days": 3}}]}`

func mustSchema(t *testing.T) *Schema {
	t.Helper()
	s, err := ParseSchema(sdl, "test.graphql")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestErrorsAreLocated(t *testing.T) {
	_, err := ParseSchema("type Vpc {\n  id: ID!\n  subnet: Nope\n}\n", "bad.graphql")
	var ve *Error
	if !errors.As(err, &ve) {
		t.Fatalf("want *Error, got %v", err)
	}
	if ve.Status != StatusInput || ve.File != "bad.graphql" || ve.Line != 3 || ve.Column != 11 {
		t.Errorf("got %+v", ve)
	}
	if !strings.HasPrefix(ve.Code, "schema.") || !strings.Contains(ve.Error(), "bad.graphql:3:11") {
		t.Errorf("got code %q message %q", ve.Code, ve.Error())
	}
	if len(ve.Diagnostics) == 0 || ve.Diagnostics[0].Line != 3 || ve.Diagnostics[0].Severity != "error" {
		t.Errorf("diagnostics %+v", ve.Diagnostics)
	}
	if _, err := LoadSchema(src("no/such.graphql")); err == nil || err.(*Error).Status != StatusNotFound {
		t.Errorf("missing schema: %v", err)
	}
	if StatusNoMemory.String() != "no-memory" {
		t.Errorf("status name %q", StatusNoMemory.String())
	}
	if Version() == "" {
		t.Error("no version")
	}
}

func TestGraphQueryAndBuilder(t *testing.T) {
	schema := mustSchema(t)
	defer schema.Close()
	loaded, err := ParseGraph([]byte(graphJSON), "g.json", schema)
	if err != nil {
		t.Fatal(err)
	}
	defer loaded.Close()
	if loaded.NumAssets() != 3 || loaded.NumEdges() != 1 {
		t.Errorf("assets %d edges %d", loaded.NumAssets(), loaded.NumEdges())
	}
	// A query compiled against the graph's own schema handle.
	gs, err := loaded.Schema()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CompileQuery(gs, "vpcs { id }"); err != nil {
		t.Error(err)
	}
	gs.Close()

	b, err := NewGraphBuilder(schema)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(b.AddAsset("vpc-1", "Vpc"))
	must(b.Set("vpc-1", "name", "prod"))
	must(b.Set("vpc-1", "port", 22))
	must(b.Set("vpc-1", "tags", []string{"a", "b"}))
	e, err := b.AddEdge("vpc-1", "HAS_FLOW_LOG", "fl-1")
	must(err)
	must(b.SetEdge(e, "days", 3))
	must(b.AddAsset("vpc-2", "Vpc"))
	must(b.AddAsset("fl-1", "FlowLog"))
	must(b.Set("fl-1", "status", "ACTIVE"))
	if err := b.Set("vpc-1", "port", "twenty"); err == nil || !strings.Contains(err.Error(), "vpc-1") {
		t.Errorf("a string for an Int: %v", err)
	}
	built, err := b.Finish()
	must(err)
	defer built.Close()
	if _, err := b.Finish(); err == nil || err.(*Error).Status != StatusInvalidArgument {
		t.Errorf("second Finish: %v", err)
	}

	frags, err := ParseFragments("fragment N on Asset { name }", "f.graphql")
	must(err)
	q, err := CompileQuery(schema, `query { vpcs { id ...N port tags flowLogs { status } }
  days: vpcs(where: {flowLogsConnection_SOME: {edge: {days: 3}}}) { id } }`, frags)
	must(err)
	defer q.Close()
	r1, err := q.Evaluate(built, nil, 1)
	must(err)
	r2, err := q.Evaluate(loaded, nil, 1)
	must(err)
	if string(r1) != string(r2) {
		t.Errorf("built %s\nloaded %s", r1, r2)
	}
	var doc struct{ Vpcs, Days []map[string]interface{} }
	must(json.Unmarshal(r1, &doc))
	if len(doc.Vpcs) != 2 || doc.Vpcs[0]["id"] != "vpc-1" || len(doc.Days) != 1 {
		t.Errorf("result %s", r1)
	}

	q2, err := CompileQuery(schema, `vpcs(where: {port_GT: $p}) { id }`)
	must(err)
	out, err := q2.Evaluate(loaded, map[string]interface{}{"p": 21}, 0)
	must(err)
	if string(out) != `[{"id":"vpc-1"}]` {
		t.Errorf("got %s", out)
	}
	if _, err := CompileQuery(schema, "vpcs(where: {\n  nope: 1}) { id }"); err == nil || err.(*Error).Line != 2 {
		t.Errorf("bad query: %v", err)
	}
}

// Two goroutines evaluate at once over the same graph and query.
func TestConcurrentEvaluations(t *testing.T) {
	schema := mustSchema(t)
	g, err := ParseGraph([]byte(graphJSON), "g.json", schema)
	if err != nil {
		t.Fatal(err)
	}
	q, err := CompileQuery(schema, `vpcs(where: {flowLogs_NONE: {status: "ACTIVE"}}) { id }`)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	results := make([]string, 8)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r, err := q.Evaluate(g, nil, 1)
			if err != nil {
				t.Error(err)
			}
			results[i] = string(r)
		}(i)
	}
	wg.Wait()
	for _, r := range results {
		if r != `[{"id":"vpc-2"}]` {
			t.Errorf("got %s", r)
		}
	}
}

func TestPackRunReportsAndMerge(t *testing.T) {
	pack, err := LoadPack(src("packs/cis-aws"))
	if err != nil {
		t.Fatal(err)
	}
	defer pack.Close()
	if pack.Name() != "cis-aws" || pack.Version() == "" || len(pack.Controls()) == 0 {
		t.Errorf("pack %q %q %v", pack.Name(), pack.Version(), pack.Controls())
	}
	graph, err := LoadGraph(src("examples/demo-aws.json"), pack.Schema())
	if err != nil {
		t.Fatal(err)
	}
	defer graph.Close()
	report, err := pack.Run(graph, &RunOptions{
		Threads: 2, Now: "2026-03-01T12:00:00Z",
		ExceptionsFile: src("examples/exceptions.json"), GraphPath: "demo-aws.json",
	})
	if err != nil {
		t.Fatal(err)
	}
	defer report.Close()
	sum := report.Summary()
	if report.Passed() || sum.Failed == 0 || sum.AssetsEvaluated == 0 {
		t.Errorf("passed %v summary %+v", report.Passed(), sum)
	}
	for _, name := range []string{"text", "json", "sarif", "junit", "ocsf", "html"} {
		f, err := ParseFormat(name)
		if err != nil {
			t.Fatal(err)
		}
		out, err := report.Render(f)
		if err != nil || len(out) < 100 {
			t.Errorf("%s: %d bytes, %v", name, len(out), err)
		}
	}
	text, _ := report.Render(FormatText)
	if !strings.Contains(text, "Result: FAIL") {
		t.Errorf("text report:\n%s", text)
	}
	path := filepath.Join(t.TempDir(), "r.sarif")
	if err := report.Write(path, FormatSARIF); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Size() < 100 {
		t.Errorf("written: %v", err)
	}

	js, _ := report.RenderBytes(FormatJSON)
	back, err := ReportFromJSON(js, "r.json")
	if err != nil {
		t.Fatal(err)
	}
	js2, _ := back.RenderBytes(FormatJSON)
	if string(js) != string(js2) {
		t.Error("the JSON report does not read back to itself")
	}
	merged, err := MergeReports(report, back)
	if err != nil {
		t.Fatal(err)
	}
	if m := merged.Summary(); m.AssetsEvaluated != 2*sum.AssetsEvaluated || m.Failed != sum.Failed {
		t.Errorf("merged %+v", m)
	}
	if _, err := MergeReports(); err == nil {
		t.Error("merging nothing")
	}
	if _, err := ReportFromJSON([]byte(`{"controls": 1}`), "w.json"); err == nil ||
		!strings.Contains(err.Error(), "$.controls") {
		t.Errorf("bad report: %v", err)
	}

	// Refusals before anything runs.
	if _, err := pack.Run(graph, &RunOptions{Exceptions: []byte("{\"exceptions\": [\n{\"control\": 1}]}"),
		ExceptionsName: "ex.json"}); err == nil || err.(*Error).File != "ex.json" {
		t.Errorf("bad exceptions: %v", err)
	}
	if _, err := pack.Run(graph, &RunOptions{Controls: []string{"nope"}}); err == nil {
		t.Error("unknown control")
	}
	if _, err := pack.Run(graph, &RunOptions{Params: map[string]map[string]interface{}{"cis-aws-3.7": {"x": 1}}}); err == nil {
		t.Error("unknown parameter")
	}
	if r, err := pack.Run(graph, nil); err != nil {
		t.Error(err)
	} else {
		r.Close()
		r.Close() // Close twice is fine
	}
}

func loadDemo(t *testing.T) (*Pack, *Graph) {
	t.Helper()
	pack, err := LoadPack(src("packs/cis-aws"))
	if err != nil {
		t.Fatal(err)
	}
	graph, err := LoadGraph(src("examples/demo-aws.json"), pack.Schema())
	if err != nil {
		t.Fatal(err)
	}
	return pack, graph
}

// The embedder's name, the passed assets and progress.
func TestRunToolListPassedAndProgress(t *testing.T) {
	pack, graph := loadDemo(t)
	defer pack.Close()
	defer graph.Close()
	var mu sync.Mutex
	var seen []int
	total := 0
	report, err := pack.Run(graph, &RunOptions{
		Threads: 2, ToolName: "acme-scanner", ToolVersion: "2.4.1", ListPassed: true,
		Progress: func(done, n int) {
			mu.Lock()
			defer mu.Unlock()
			seen = append(seen, done)
			total = n
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer report.Close()
	if total < 2 || len(seen) != total {
		t.Fatalf("progress: %d calls, total %d", len(seen), total)
	}
	for i, d := range seen {
		if d != i+1 {
			t.Fatalf("progress calls %v", seen)
		}
	}
	js, _ := report.Render(FormatJSON)
	if !strings.Contains(js, `"acme-scanner"`) || !strings.Contains(js, `"passed": [`) {
		t.Errorf("no product or passed assets in the JSON report")
	}
	sarif, _ := report.Render(FormatSARIF)
	if !strings.Contains(sarif, `"semanticVersion": "2.4.1"`) {
		t.Errorf("SARIF driver:\n%.2000s", sarif)
	}
}

// A cancelled context stops the run after the check under way.
func TestRunContextCancelled(t *testing.T) {
	pack, graph := loadDemo(t)
	defer pack.Close()
	defer graph.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	report, err := pack.RunContext(ctx, graph, &RunOptions{
		Threads: 1,
		Progress: func(done, total int) {
			calls++
			if done == 1 {
				cancel()
			}
		},
	})
	if report != nil || err == nil {
		t.Fatalf("report %v, err %v", report, err)
	}
	var ve *Error
	if !errors.Is(err, context.Canceled) || !errors.As(err, &ve) || ve.Status != StatusCancelled {
		t.Errorf("err %#v", err)
	}
	if calls != 1 {
		t.Errorf("%d checks ran after the cancel", calls-1)
	}
	// Already cancelled: nothing runs.
	calls = 0
	if _, err := pack.RunContext(ctx, graph, &RunOptions{Progress: func(int, int) { calls++ }}); !errors.Is(err, context.Canceled) || calls != 0 {
		t.Errorf("err %v, %d calls", err, calls)
	}
	// Not cancelled: a report, with or without options.
	for _, o := range []*RunOptions{nil, {Threads: 1}} {
		r, err := pack.RunContext(context.Background(), graph, o)
		if err != nil {
			t.Fatal(err)
		}
		r.Close()
	}
}

// A panic in Progress stops the run and reaches the caller.
func TestRunProgressPanicReachesTheCaller(t *testing.T) {
	pack, graph := loadDemo(t)
	defer pack.Close()
	defer graph.Close()
	calls := 0
	defer func() {
		if v := recover(); v != "boom" {
			t.Errorf("recovered %v", v)
		}
		if calls != 1 {
			t.Errorf("%d progress calls", calls)
		}
	}()
	pack.Run(graph, &RunOptions{Threads: 1, Progress: func(done, total int) {
		calls++
		panic("boom")
	}})
	t.Error("Run returned")
}

// A context deadline that passes while the first check's progress call
// sleeps: the next check does not start.
func TestRunContextDeadline(t *testing.T) {
	pack, graph := loadDemo(t)
	defer pack.Close()
	defer graph.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	calls := 0
	report, err := pack.RunContext(ctx, graph, &RunOptions{
		Threads: 1,
		Progress: func(done, total int) {
			calls++
			time.Sleep(100 * time.Millisecond)
		},
	})
	if report != nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("report %v, err %v", report, err)
	}
	if ve := err.(*Error); ve.Status != StatusDeadlineExceeded || ve.Status.String() != "deadline-exceeded" {
		t.Errorf("err %#v", err)
	}
	if calls > 1 {
		t.Errorf("%d checks ran after the deadline", calls-1)
	}
}

func TestControlTests(t *testing.T) {
	pack, err := LoadPack(src("packs/cis-aws"))
	if err != nil {
		t.Fatal(err)
	}
	run, err := pack.RunTests(nil, "", 1)
	if err != nil {
		t.Fatal(err)
	}
	if run.Passed == 0 || run.Failed != 0 {
		t.Errorf("passed %d failed %d", run.Passed, run.Failed)
	}
	text, err := run.Render(TestFormatText)
	if err != nil || !strings.Contains(text, " passed, 0 failed") {
		t.Errorf("%v\n%s", err, text)
	}
	one, err := pack.RunTests([]string{src("packs/cis-aws/tests/cis-aws-3.7.json")}, "ACTIVE", 1)
	if err != nil || one.Passed == 0 || one.Passed >= run.Passed {
		t.Errorf("filtered: %+v %v", one, err)
	}
	if _, err := pack.RunTests([]string{src("packs/cis-aws/tests/none.json")}, "", 1); err == nil {
		t.Error("missing test file")
	}
}

// Objects left to the garbage collector are released by finalizers.
func TestFinalizers(t *testing.T) {
	for i := 0; i < 50; i++ {
		s := mustSchema(t)
		if _, err := ParseGraph([]byte(graphJSON), "g.json", s); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.GC()
}

func TestLoadAwsCli(t *testing.T) {
	pack, err := LoadPack(src("packs/cis-aws"))
	if err != nil {
		t.Fatal(err)
	}
	defer pack.Close()
	demo := src("examples/aws-cli-demo")
	graph, err := LoadAwsCli(demo, pack.Schema())
	if err != nil {
		t.Fatal(err)
	}
	defer graph.Close()
	if graph.NumAssets() < 100 {
		t.Errorf("%d assets", graph.NumAssets())
	}
	q, err := CompileQuery(pack.Schema(), "iamUsers(where: {}) { id }")
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	users, err := q.Evaluate(graph, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(users), "arn:aws:iam::111122223333:user/alice") {
		t.Errorf("users: %s", users)
	}
	// The checks reading the seven denied calls end in error.
	report, err := pack.Run(graph, &RunOptions{Threads: 1, Now: "2026-01-15T00:00:00Z"})
	if err != nil {
		t.Fatal(err)
	}
	defer report.Close()
	if sum := report.Summary(); sum.Errors != 7 || sum.Failed == 0 {
		t.Errorf("summary %+v", sum)
	}
	// A narrower scope.
	narrow, err := LoadAwsCli(demo, pack.Schema(), "eu-central-1")
	if err != nil {
		t.Fatal(err)
	}
	defer narrow.Close()
	if n := narrow.NumAssets(); n == 0 || n >= graph.NumAssets() {
		t.Errorf("narrow: %d assets of %d", n, graph.NumAssets())
	}
	// Errors: a folder that is not there; a file that does not fit its
	// command's output (located).
	var ve *Error
	if _, err := LoadAwsCli(filepath.Join(t.TempDir(), "none"), pack.Schema()); !errors.As(err, &ve) ||
		ve.Status != StatusNotFound {
		t.Errorf("missing folder: %v", err)
	}
	bad := t.TempDir()
	dir := filepath.Join(bad, "111122223333", "eu-west-1", "ec2")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "describe-vpcs.json"),
		[]byte(`{"Vpcs": [{"VpcId": "vpc-1", "IsDefault": "yes"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = LoadAwsCli(bad, pack.Schema())
	if !errors.As(err, &ve) || ve.Status != StatusInput || !strings.HasPrefix(ve.Code, "import.") ||
		!strings.Contains(ve.Error(), "describe-vpcs.json") {
		t.Errorf("bad folder: %v", err)
	}
}

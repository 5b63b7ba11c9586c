package vigil

/*
#include <stdlib.h>
#include "vigil/vigil.h"
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"runtime"
	"unsafe"
)

// Schema is a GraphQL SDL schema of asset graphs.
type Schema struct{ h *C.vigil_schema }

func newSchema(h *C.vigil_schema) *Schema {
	s := &Schema{h}
	runtime.SetFinalizer(s, (*Schema).Close)
	return s
}

// LoadSchema reads a schema from an SDL file.
func LoadSchema(path string) (*Schema, error) {
	var h *C.vigil_schema
	p := newCString(path)
	defer p.free()
	if err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_schema_load_file(p.p, p.n, &h, e)
	}); err != nil {
		return nil, err
	}
	return newSchema(h), nil
}

// ParseSchema builds a schema from SDL text; name is used in errors.
func ParseSchema(sdl, name string) (*Schema, error) {
	var h *C.vigil_schema
	t, n := newCString(sdl), newCString(name)
	defer t.free()
	defer n.free()
	if err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_schema_parse(t.p, t.n, n.p, n.n, &h, e)
	}); err != nil {
		return nil, err
	}
	return newSchema(h), nil
}

// Close releases the schema (graphs and packs that use it keep it alive).
func (s *Schema) Close() {
	if s != nil && s.h != nil {
		C.vigil_schema_free(s.h)
		s.h = nil
	}
}

// GraphOptions are options of the graph loaders and of NewGraphBuilder.
type GraphOptions struct {
	// Keep properties the schema does not declare out of the graph instead
	// of refusing it.
	DropUnknownProperties bool
}

func (o *GraphOptions) flags() C.uint {
	if o != nil && o.DropUnknownProperties {
		return C.VIGIL_GRAPH_DROP_UNKNOWN_PROPERTIES
	}
	return 0
}

// Graph is an immutable asset graph.
type Graph struct{ h *C.vigil_graph }

func newGraph(h *C.vigil_graph) *Graph {
	g := &Graph{h}
	runtime.SetFinalizer(g, (*Graph).Close)
	return g
}

// LoadGraph reads a graph in its JSON interchange form from a file.
func LoadGraph(path string, schema *Schema, opts ...GraphOptions) (*Graph, error) {
	if schema == nil || schema.h == nil {
		return nil, closedError("schema")
	}
	var o *GraphOptions
	if len(opts) > 0 {
		o = &opts[0]
	}
	var h *C.vigil_graph
	p := newCString(path)
	defer p.free()
	err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_graph_load_file(schema.h, p.p, p.n, o.flags(), &h, e)
	})
	keep(schema)
	if err != nil {
		return nil, err
	}
	return newGraph(h), nil
}

// ParseGraph reads a graph from JSON text; name is used in errors.
func ParseGraph(data []byte, name string, schema *Schema, opts ...GraphOptions) (*Graph, error) {
	if schema == nil || schema.h == nil {
		return nil, closedError("schema")
	}
	var o *GraphOptions
	if len(opts) > 0 {
		o = &opts[0]
	}
	var h *C.vigil_graph
	n := newCString(name)
	defer n.free()
	d, dn := bytesPtr(data)
	err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_graph_parse(schema.h, d, dn, n.p, n.n, o.flags(), &h, e)
	})
	keep(schema)
	keep(data)
	if err != nil {
		return nil, err
	}
	return newGraph(h), nil
}

// LoadAwsCli reads a folder of AWS CLI output (docs/aws-cli-folder.md:
// DIR/<account>/<region>/<service>/<command>[/<parameter>].{json,error}, as
// scripts/collect-aws-cli.sh or vigil.aws.collect in Python write it) into a
// graph of schema (the bundled schemas/aws.graphql, e.g. a pack's schema),
// as `vigil import aws-cli DIR` does: the assets, and what could not be
// collected as collection facts, so that checks reading it end in error.
// Regions, when given, narrow the scope as `--regions` does.
func LoadAwsCli(dir string, schema *Schema, regions ...string) (*Graph, error) {
	if schema == nil || schema.h == nil {
		return nil, closedError("schema")
	}
	n := len(regions)
	ptrs := C.malloc(C.size_t(n+1) * C.size_t(unsafe.Sizeof(uintptr(0))))
	defer C.free(ptrs)
	lens := C.malloc(C.size_t(n+1) * C.size_t(unsafe.Sizeof(C.size_t(0))))
	defer C.free(lens)
	ra := (*[1 << 28]*C.char)(ptrs)[: n+1 : n+1]
	la := (*[1 << 28]C.size_t)(lens)[: n+1 : n+1]
	var h *C.vigil_graph
	var err error
	withStrings(regions, func(cs []cstring) {
		for i, c := range cs {
			ra[i], la[i] = c.p, c.n
		}
		d := newCString(dir)
		defer d.free()
		err = call(func(e *C.vigil_error) C.vigil_status {
			return C.vigil_graph_load_aws_cli(schema.h, d.p, d.n, (**C.char)(ptrs),
				(*C.size_t)(lens), C.size_t(n), &h, e)
		})
	})
	keep(schema)
	if err != nil {
		return nil, err
	}
	return newGraph(h), nil
}

// NumAssets is the number of assets of the graph.
func (g *Graph) NumAssets() int {
	var n C.size_t
	if g == nil || g.h == nil || call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_graph_num_assets(g.h, &n, e)
	}) != nil {
		return 0
	}
	keep(g)
	return int(n)
}

// NumEdges is the number of relationships of the graph.
func (g *Graph) NumEdges() int {
	var n C.size_t
	if g == nil || g.h == nil || call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_graph_num_edges(g.h, &n, e)
	}) != nil {
		return 0
	}
	keep(g)
	return int(n)
}

// Schema is a new handle on the graph's schema (Close it when done).
func (g *Graph) Schema() (*Schema, error) {
	if g == nil || g.h == nil {
		return nil, closedError("graph")
	}
	var h *C.vigil_schema
	err := call(func(e *C.vigil_error) C.vigil_status { return C.vigil_graph_schema(g.h, &h, e) })
	keep(g)
	if err != nil {
		return nil, err
	}
	return newSchema(h), nil
}

// Close releases the graph.
func (g *Graph) Close() {
	if g != nil && g.h != nil {
		C.vigil_graph_free(g.h)
		g.h = nil
	}
}

// GraphBuilder builds a graph one asset and relationship at a time, for
// collectors that make their own assets. Not safe for concurrent use.
type GraphBuilder struct{ h *C.vigil_graph_builder }

// EdgeRef names a relationship added to a builder, to set its properties.
type EdgeRef struct{ ref C.vigil_edge_ref }

// NewGraphBuilder starts a graph of schema.
func NewGraphBuilder(schema *Schema, opts ...GraphOptions) (*GraphBuilder, error) {
	if schema == nil || schema.h == nil {
		return nil, closedError("schema")
	}
	var o *GraphOptions
	if len(opts) > 0 {
		o = &opts[0]
	}
	var h *C.vigil_graph_builder
	err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_graph_builder_new(schema.h, o.flags(), &h, e)
	})
	keep(schema)
	if err != nil {
		return nil, err
	}
	b := &GraphBuilder{h}
	runtime.SetFinalizer(b, (*GraphBuilder).Close)
	return b, nil
}

// AddAsset adds an asset of a concrete type of the schema.
func (b *GraphBuilder) AddAsset(id, typeName string) error {
	if b == nil || b.h == nil {
		return closedError("graph builder")
	}
	i, t := newCString(id), newCString(typeName)
	defer i.free()
	defer t.free()
	err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_graph_builder_add_asset(b.h, i.p, i.n, t.p, t.n, e)
	})
	keep(b)
	return err
}

// Set sets property prop of asset id to value (nil, a bool, a number, a
// string or a slice of those; anything encoding/json turns into such a
// value), checked against the type the schema declares.
func (b *GraphBuilder) Set(id, prop string, value interface{}) error {
	if b == nil || b.h == nil {
		return closedError("graph builder")
	}
	data, err := json.Marshal(value)
	if err != nil {
		return &Error{Status: StatusInput, Message: fmt.Sprintf("asset %q, property %q: %v", id, prop, err)}
	}
	i, p := newCString(id), newCString(prop)
	defer i.free()
	defer p.free()
	d, dn := bytesPtr(data)
	err = call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_graph_builder_set_json(b.h, i.p, i.n, p.p, p.n, d, dn, e)
	})
	keep(b)
	keep(data)
	return err
}

// AddEdge adds the relationship from -[relType]-> to; either end may be
// added later.
func (b *GraphBuilder) AddEdge(from, relType, to string) (EdgeRef, error) {
	var ref EdgeRef
	if b == nil || b.h == nil {
		return ref, closedError("graph builder")
	}
	f, r, t := newCString(from), newCString(relType), newCString(to)
	defer f.free()
	defer r.free()
	defer t.free()
	err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_graph_builder_add_edge(b.h, f.p, f.n, r.p, r.n, t.p, t.n, &ref.ref, e)
	})
	keep(b)
	if err != nil {
		return EdgeRef{}, err
	}
	return ref, nil
}

// SetEdge sets a property of a relationship (declared by its
// @relationshipProperties type).
func (b *GraphBuilder) SetEdge(edge EdgeRef, prop string, value interface{}) error {
	if b == nil || b.h == nil {
		return closedError("graph builder")
	}
	data, err := json.Marshal(value)
	if err != nil {
		return &Error{Status: StatusInput, Message: fmt.Sprintf("property %q: %v", prop, err)}
	}
	p := newCString(prop)
	defer p.free()
	d, dn := bytesPtr(data)
	err = call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_graph_builder_set_edge_json(b.h, edge.ref, p.p, p.n, d, dn, e)
	})
	keep(b)
	keep(data)
	return err
}

// Finish checks and builds the graph; the builder is spent afterwards.
func (b *GraphBuilder) Finish() (*Graph, error) {
	if b == nil || b.h == nil {
		return nil, closedError("graph builder")
	}
	var h *C.vigil_graph
	err := call(func(e *C.vigil_error) C.vigil_status {
		return C.vigil_graph_builder_finish(b.h, &h, e)
	})
	keep(b)
	if err != nil {
		return nil, err
	}
	return newGraph(h), nil
}

// Close releases the builder.
func (b *GraphBuilder) Close() {
	if b != nil && b.h != nil {
		C.vigil_graph_builder_free(b.h)
		b.h = nil
	}
}

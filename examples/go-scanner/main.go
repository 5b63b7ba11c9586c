// go-scanner runs a vigil pack over an asset graph and prints the report:
// a scanner in Go linking vigil (bindings/go). Exit status 0 pass, 1 fail.
//
//	go run . -pack ../../packs/cis-aws -graph ../../examples/demo-aws.json
package main

import (
	"flag"
	"fmt"
	"os"

	"vigil"
)

func main() {
	packDir := flag.String("pack", "../../packs/cis-aws", "pack directory")
	graphPath := flag.String("graph", "../../examples/demo-aws.json", "graph JSON file")
	format := flag.String("format", "text", "text, json, sarif, junit, ocsf or html")
	flag.Parse()
	pack, err := vigil.LoadPack(*packDir)
	check(err)
	graph, err := vigil.LoadGraph(*graphPath, pack.Schema())
	check(err)
	report, err := pack.Run(graph, &vigil.RunOptions{GraphPath: *graphPath})
	check(err)
	f, err := vigil.ParseFormat(*format)
	check(err)
	text, err := report.RenderBytes(f)
	check(err)
	_, err = os.Stdout.Write(text)
	check(err)
	if !report.Passed() {
		os.Exit(1)
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "go-scanner:", err)
		os.Exit(2)
	}
}

// Package docs holds the user documentation of swarmecon as Markdown.
// Its only Go code is a test that keeps scenario-reference.md in step
// with the scenario loader: run `go test ./docs -update` after adding or
// changing a scenario key.
package docs

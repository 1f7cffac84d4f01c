// Package web holds the agent and admin web app and the customer widget.
// Their TypeScript sources are built by Vite (`npm run build` in this
// directory) into dist/app and dist/widget, and the result is embedded into
// the Go binary.
package web

import (
	"embed"
	"io/fs"
)

// dist holds the build output. The tracked file dist/.keep makes the embed
// work on a fresh clone before the first build; App is then empty.
//
//go:embed all:dist
var dist embed.FS

// App returns the built web app (the contents of dist/app): index.html at
// the root and content-hashed files under assets/. The API serves index.html
// for every non-API GET that matches no file, and assets/* with a long cache.
//
// Before `npm run build` has run, the returned FS has no index.html.
func App() fs.FS {
	return built("dist/app")
}

// Widget returns the built customer widget (the contents of dist/widget):
// the loader widget.js, the chat frame frame.html and its content-hashed
// files under assets/. Before `npm run build` it is empty.
func Widget() fs.FS {
	return built("dist/widget")
}

func built(dir string) fs.FS {
	sub, err := fs.Sub(dist, dir)
	if err != nil {
		// fs.Sub fails only for an invalid path, and both dirs are valid.
		panic("web: " + err.Error())
	}
	return sub
}

// Built reports whether the embedded app has been built (it has an index.html).
func Built() bool {
	_, err := fs.Stat(App(), "index.html")
	return err == nil
}

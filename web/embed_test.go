package web

import (
	"io/fs"
	"strings"
	"testing"
)

func TestAppServesBuildOutput(t *testing.T) {
	app := App()
	if !Built() {
		t.Fatal("web app not built; run `make web` (npm run build in web/) before the Go tests")
	}
	index, err := fs.ReadFile(app, "index.html")
	if err != nil {
		t.Fatalf("read index.html: %v", err)
	}
	if !strings.Contains(string(index), `<div id="app">`) {
		t.Fatalf("index.html has no app root:\n%s", index)
	}
	assets, err := fs.ReadDir(app, "assets")
	if err != nil {
		t.Fatalf("read assets: %v", err)
	}
	if len(assets) == 0 {
		t.Fatal("no files under assets/")
	}
}

func TestAppDoesNotExposeKeepFile(t *testing.T) {
	if _, err := fs.Stat(App(), ".keep"); err == nil {
		t.Fatal("App() should be rooted at dist/app, not dist")
	}
}

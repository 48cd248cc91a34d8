package main

import (
	"net/http"
	"os"
	"path/filepath"
)

const root = "/srv/notes"

func save(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("name")
	// ruleid: go-tainted-file-operation
	os.WriteFile(filepath.Join(root, name), []byte("x"), 0o600)
	// ruleid: go-tainted-file-operation
	os.Remove(root + "/" + r.URL.Query().Get("file"))
	// ok: go-tainted-file-operation
	os.WriteFile(filepath.Join(root, filepath.Base(name)), []byte("x"), 0o600)
	// ok: go-tainted-file-operation
	os.Remove(filepath.Join(root, "current.tmp"))
}

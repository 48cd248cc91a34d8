package main

import (
	"compress/gzip"
	"io"
	"net/http"
)

func upload(w http.ResponseWriter, r *http.Request) {
	gz, _ := gzip.NewReader(r.Body)
	// ruleid: go-decompression-read-all
	data, _ := io.ReadAll(gz)
	// ok: go-decompression-read-all
	limited, _ := io.ReadAll(io.LimitReader(gz, 10<<20))
	_, _ = data, limited
}

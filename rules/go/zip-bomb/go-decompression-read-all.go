package main

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"io"
	"net/http"
	"os"
)

func upload(w http.ResponseWriter, r *http.Request) {
	gz, _ := gzip.NewReader(r.Body)
	// ruleid: go-decompression-read-all
	data, _ := io.ReadAll(gz)
	// ok: go-decompression-read-all
	limited, _ := io.ReadAll(io.LimitReader(gz, 10<<20))
	_, _ = data, limited
}

func inflate(payload []byte) ([]byte, error) {
	body, err := zlib.NewReader(bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	// ruleid: go-decompression-read-all
	io.Copy(&out, body)
	// ok: go-decompression-read-all
	io.Copy(&out, bytes.NewReader(payload))
	return out.Bytes(), nil
}

func extract(path string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	for _, f := range zr.File {
		rc, _ := f.Open()
		// ruleid: go-decompression-read-all
		content, _ := io.ReadAll(rc)
		// ok: go-decompression-read-all
		head, _ := io.ReadAll(io.LimitReader(rc, 1<<20))
		_, _ = content, head
	}
	plain, _ := os.Open(path)
	// ok: go-decompression-read-all
	io.ReadAll(plain)
	return nil
}

package main

import (
	"strconv"
	"net/http"
	"net/url"
)

func download(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: go-response-header-injection
	w.Header().Set("Content-Disposition", "attachment; filename="+name)
	// ruleid: go-response-header-injection
	w.Header().Add("X-Trace", r.Header.Get("X-Trace"))
	// ok: go-response-header-injection
	w.Header().Set("Content-Disposition", "attachment; filename="+url.QueryEscape(name))
	// ok: go-response-header-injection
	w.Header().Set("Cache-Control", "no-store")
	// ok: go-response-header-injection
	w.Header().Set("Content-Disposition", "attachment; filename="+strconv.Quote(name))
}

package main

import (
	"fmt"
	"net/http"
)

func greet(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-user-controlled-format-string
	fmt.Fprintf(w, r.FormValue("template"), "user")
	// ruleid: go-user-controlled-format-string
	text := fmt.Sprintf(r.URL.Query().Get("t"))
	// ok: go-user-controlled-format-string
	fmt.Fprintf(w, "Hello %s", r.FormValue("name"))
	_ = text
}

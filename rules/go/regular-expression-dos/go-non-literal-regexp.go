package main

import (
	"net/http"
	"regexp"
)

func search(w http.ResponseWriter, r *http.Request) {
	term := r.FormValue("q")
	// ruleid: go-non-literal-regexp
	pattern, _ := regexp.Compile(term)
	// ruleid: go-non-literal-regexp
	ok, _ := regexp.MatchString("^"+term, "catalogue")
	// ok: go-non-literal-regexp
	safe := regexp.MustCompile(regexp.QuoteMeta(term))
	// ok: go-non-literal-regexp
	words := regexp.MustCompile(`\w+`)
	_, _, _, _ = pattern, ok, safe, words
}

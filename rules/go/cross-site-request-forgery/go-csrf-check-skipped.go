package web

import (
	"net/http"
	"strings"

	"github.com/gorilla/csrf"
)

func exemptWebhooks(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			// ruleid: go-csrf-check-skipped
			r = csrf.UnsafeSkipCheck(r)
		}
		next.ServeHTTP(w, r)
	})
}

func form(w http.ResponseWriter, r *http.Request) {
	// ok: go-csrf-check-skipped
	token := csrf.Token(r)
	w.Write([]byte(token))
}

package web

import (
	"net/http"

	"github.com/gorilla/csrf"
)

func protect(key []byte, h http.Handler, dev bool) http.Handler {
	// ruleid: go-gorilla-csrf-cookie-not-secure
	insecure := csrf.Protect(key, csrf.Secure(false))(h)
	// ok: go-gorilla-csrf-cookie-not-secure
	strict := csrf.Protect(key, csrf.Secure(true), csrf.Path("/"))(h)
	// ok: go-gorilla-csrf-cookie-not-secure
	flagged := csrf.Protect(key, csrf.Secure(!dev))(h)
	if dev {
		return insecure
	}
	_ = flagged
	return strict
}

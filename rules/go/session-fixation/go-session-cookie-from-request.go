package main

import (
	"net/http"
)

func login(w http.ResponseWriter, r *http.Request, fresh string) {
	// ruleid: go-session-cookie-from-request
	http.SetCookie(w, &http.Cookie{Name: "session_id", Value: r.FormValue("sid"), Secure: true, HttpOnly: true})
	// ok: go-session-cookie-from-request
	http.SetCookie(w, &http.Cookie{Name: "session_id", Value: fresh, Secure: true, HttpOnly: true})
	// ok: go-session-cookie-from-request
	http.SetCookie(w, &http.Cookie{Name: "theme", Value: r.FormValue("theme"), Secure: true, HttpOnly: true})
}

package web

import "net/http"

func remember(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{
		Name:   "remember",
		Value:  token,
		Secure: true,
		// ruleid: go-cookie-httponly-disabled
		HttpOnly: true,
	})
	http.SetCookie(w, &http.Cookie{
		Name:   "session",
		Value:  token,
		Secure: true,
		// ok: go-cookie-httponly-disabled
		HttpOnly: true,
	})
}

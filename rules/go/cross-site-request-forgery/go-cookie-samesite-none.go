package web

import "net/http"

func setSession(w http.ResponseWriter, id string) {
	http.SetCookie(w, &http.Cookie{
		Name:     "session",
		Value:    id,
		Secure:   true,
		HttpOnly: true,
		// ruleid: go-cookie-samesite-none
		SameSite: http.SameSiteNoneMode,
	})
}

func setPreferences(w http.ResponseWriter, theme string) {
	http.SetCookie(w, &http.Cookie{
		Name:  "theme",
		Value: theme,
		// ok: go-cookie-samesite-none
		SameSite: http.SameSiteLaxMode,
	})
}

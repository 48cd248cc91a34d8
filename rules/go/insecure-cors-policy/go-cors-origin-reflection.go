package api

import "net/http"

var allowedOrigins = map[string]bool{"https://app.example.com": true}

func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		// ruleid: go-cors-origin-reflection
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		next.ServeHTTP(w, r)
	})
}

func strictCors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if allowedOrigins[r.Header.Get("Origin")] {
			// ok: go-cors-origin-reflection
			w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
		}
		next.ServeHTTP(w, r)
	})
}

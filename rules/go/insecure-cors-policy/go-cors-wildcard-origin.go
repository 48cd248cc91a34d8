package main

import "net/http"

func api(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-cors-wildcard-origin
	w.Header().Set("Access-Control-Allow-Origin", "*")
	// ok: go-cors-wildcard-origin
	w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
}

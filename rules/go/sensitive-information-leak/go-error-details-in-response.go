package main

import (
	"log"
	"net/http"
)

func pay(w http.ResponseWriter, r *http.Request) {
	if err := charge(); err != nil {
		// ruleid: go-error-details-in-response
		http.Error(w, err.Error(), http.StatusInternalServerError)
		log.Println(err)
		// ok: go-error-details-in-response
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
}

func charge() error { return nil }

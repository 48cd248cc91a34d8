package main

import (
	"fmt"
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
		// ruleid: go-error-details-in-response
		http.Error(w, fmt.Sprintf("failed: %v", err), http.StatusInternalServerError)
		// ok: go-error-details-in-response
		http.Error(w, fmt.Sprintf("failed: %s", http.StatusText(500)), http.StatusInternalServerError)
	}
}

func charge() error { return nil }

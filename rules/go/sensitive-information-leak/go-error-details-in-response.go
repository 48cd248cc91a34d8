package main

import (
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
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

func report(w http.ResponseWriter, r *http.Request) {
	_, openErr := os.Open(r.URL.Query().Get("name"))
	if openErr != nil {
		detail := "cannot open: " + openErr.Error()
		// ruleid: go-error-details-in-response
		w.Write([]byte(detail))
		missing := errors.Is(openErr, os.ErrNotExist)
		// ok: go-error-details-in-response
		fmt.Fprintf(w, "missing: %t", missing)
		// ok: go-error-details-in-response
		http.Error(w, http.StatusText(http.StatusNotFound), http.StatusNotFound)
	}
}

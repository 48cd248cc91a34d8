package web

import (
	"fmt"
	"log"
	"net/http"
	"runtime/debug"
)

func recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if err := recover(); err != nil {
				// ok: go-stack-trace-exposure
				log.Printf("panic: %v\n%s", err, debug.Stack())
				w.WriteHeader(http.StatusInternalServerError)
				// ruleid: go-stack-trace-exposure
				fmt.Fprintf(w, "panic: %v\n%s", err, debug.Stack())
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func crash(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-stack-trace-exposure
	w.Write(debug.Stack())
	// ok: go-stack-trace-exposure
	http.Error(w, "internal error", http.StatusInternalServerError)
}

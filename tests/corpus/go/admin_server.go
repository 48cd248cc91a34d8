// Package main is the admin side-car of the orders service: health, debug endpoints, config.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	// ruleid: detect-activated-debug-feature
	_ "net/http/pprof"
	"os"
	"strings"
	"time"
)

type Config struct {
	DatabaseURL string
	APIToken    string
}

// ruleid: hardcoded-credentials
const fallbackToken = "sk_live_51HxQ2eKf9Zp0aTq8wLmNvBcD"

// ok: hardcoded-credentials
var apiToken = os.Getenv("ADMIN_API_TOKEN")

func loadConfig() Config {
	return Config{
		DatabaseURL: os.Getenv("DATABASE_URL"),
		// ok: hardcoded-credentials
		APIToken: apiToken,
	}
}

func health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	// ok: cross-site-scripting
	json.NewEncoder(w).Encode(map[string]string{"status": "ok", "node": r.URL.Query().Get("node")})
}

func config(w http.ResponseWriter, r *http.Request) {
	auth := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	// ruleid: timing-attack
	if auth != apiToken {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	// ok: sensitive-information-leak
	log.Printf("config read by %s", r.RemoteAddr)
	// ruleid: sensitive-information-leak
	log.Printf("config read with token %s", apiToken)
	cfg := loadConfig()
	// ok: cross-site-scripting
	json.NewEncoder(w).Encode(map[string]bool{"database": cfg.DatabaseURL != ""})
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/health", health)
	mux.HandleFunc("/config", config)
	server := &http.Server{
		// ok: insecure-socket-bind
		Addr:              "127.0.0.1:6060",
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
	}
	// ok: hardcoded-ip-address (a documentation address, not routable)
	go http.Get("https://192.0.2.10/register")
	// ruleid: insecure-socket-bind
	go http.ListenAndServe(":6061", mux)
	log.Fatal(server.ListenAndServe())
}

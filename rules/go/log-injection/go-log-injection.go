package main

import (
	"log"
	"net/http"
	"strconv"
	"strings"
)

func login(w http.ResponseWriter, r *http.Request) {
	user := r.FormValue("user")
	// ruleid: go-log-injection
	log.Printf("login attempt for " + user)
	// ruleid: go-log-injection
	log.Println("failed login:", r.URL.Query().Get("name"))
	// ok: go-log-injection
	log.Println("login attempt for", strconv.Quote(user))
	// ok: go-log-injection
	log.Println("login attempt for", strings.ReplaceAll(user, "\n", ""))
	// ok: go-log-injection
	log.Println("login attempt")
	// ruleid: go-log-injection
	log.Printf("login attempt for %s", user)
	// ok: go-log-injection
	log.Printf("login attempt for %q", user)
}

var lineBreaks = strings.NewReplacer("\n", "\\n", "\r", "\\r")

func listProjects(w http.ResponseWriter, r *http.Request) {
	owner := r.URL.Query().Get("owner")
	// ok: go-log-injection
	log.Printf("projects of %s", strings.NewReplacer("\n", "", "\r", "").Replace(owner))
	// ok: go-log-injection
	log.Printf("projects of %s", lineBreaks.Replace(owner))
	// ruleid: go-log-injection
	log.Printf("projects of %s", strings.TrimSpace(owner))
}

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

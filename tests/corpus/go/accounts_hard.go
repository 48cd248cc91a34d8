// Package main: account endpoints whose data flows through methods, decoders and closures.
package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"strconv"
)

type AccountRepo struct {
	db *sql.DB
}

func (a *AccountRepo) FindByName(name string) {
	// ruleid: sql-injection
	a.db.Query("SELECT id FROM accounts WHERE name = '" + name + "'")
}

func (a *AccountRepo) FindByID(id int) {
	// ok: sql-injection
	a.db.Query(fmt.Sprintf("SELECT id FROM accounts WHERE id = %d", id))
}

type createRequest struct {
	Name  string `json:"name"`
	Plan  string `json:"plan"`
	Limit int    `json:"limit"`
}

var plans = map[string]string{"free": "plan_free", "pro": "plan_pro"}

func accounts(repo *AccountRepo) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		repo.FindByName(r.URL.Query().Get("name"))
		id, err := strconv.Atoi(r.URL.Query().Get("id"))
		if err == nil {
			repo.FindByID(id)
		}
		var body createRequest
		json.NewDecoder(r.Body).Decode(&body)
		// ruleid: sql-injection
		repo.db.Exec("INSERT INTO accounts(name) VALUES ('" + body.Name + "')")
		// ok: sql-injection
		repo.db.Exec("INSERT INTO accounts(name) VALUES ($1)", body.Name)
		table, ok := plans[body.Plan]
		if !ok {
			http.Error(w, "unknown plan", http.StatusBadRequest)
			return
		}
		// ok: sql-injection
		repo.db.Exec("UPDATE " + table + " SET seats = seats + 1")
		var kind string
		switch r.URL.Query().Get("kind") {
		case "business":
			kind = "business"
		default:
			kind = "personal"
		}
		// ok: sql-injection
		repo.db.Query("SELECT id FROM accounts WHERE kind = '" + kind + "'")
	}
}

func backup(w http.ResponseWriter, r *http.Request) {
	run := func(args ...string) error {
		// ruleid: os-command-injection
		return exec.Command("sh", append([]string{"-c"}, args...)...).Run()
	}
	run("pg_dump accounts > /backups/" + r.FormValue("file"))
	// ok: os-command-injection
	exec.Command("pg_dump", "--file", "/backups/accounts.sql", "accounts").Run()
}

package main

import (
	"encoding/json"
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
)

var db *sql.DB

func build(name string) string {
	return fmt.Sprintf("SELECT * FROM users WHERE name = '%s'", name)
}

func handler(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: taint-case-go-sql
	rows, err := db.Query("SELECT * FROM users WHERE name = '" + name + "'")
	// ruleid: taint-case-go-sql
	db.Query(build(name))
	// ok: taint-case-go-sql
	db.Query("SELECT * FROM users WHERE name = ?", name)
	id, _ := strconv.Atoi(r.FormValue("id"))
	// ok: taint-case-go-sql
	db.Exec(fmt.Sprintf("DELETE FROM t WHERE id = %d", id))
	var q string
	q = "SELECT " + r.FormValue("col")
	// ruleid: taint-case-go-sql
	db.QueryRow(q)
	_ = rows
	_ = err
}

type Store struct{ db *sql.DB }

func (s *Store) FindUser(name string) {
	// ruleid: taint-case-go-sql
	s.db.Query("SELECT * FROM users WHERE name = '" + name + "'")
}

func decodeHandler(w http.ResponseWriter, r *http.Request) {
	var body struct{ Name string }
	json.NewDecoder(r.Body).Decode(&body)
	// ruleid: taint-case-go-sql
	db.Query("SELECT * FROM users WHERE name = '" + body.Name + "'")
	debug := false
	q := "SELECT 1"
	if debug {
		q = r.FormValue("q")
	}
	// ok: taint-case-go-sql
	db.Query(q)
	store := &Store{db: db}
	store.FindUser(r.FormValue("u"))
}

package main

import (
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

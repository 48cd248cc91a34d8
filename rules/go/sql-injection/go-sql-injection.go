package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/lib/pq"
)

var db *sql.DB

const usersTable = "users"

// orderBy maps the user's choice to a fixed clause.
func orderBy(choice string) string {
	switch choice {
	case "name":
		return " ORDER BY name"
	case "created":
		return " ORDER BY created_at DESC"
	}
	return " ORDER BY id"
}

func equals(column, value string) string {
	return fmt.Sprintf("%s = '%s'", column, value)
}

func queryAll(q string) (*sql.Rows, error) {
	// ruleid: go-sql-injection
	return db.Query(q)
}

func searchUsers(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: go-sql-injection
	rows, err := db.Query("SELECT id, email FROM users WHERE name = '" + name + "'")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	// ok: go-sql-injection
	rows2, _ := db.Query("SELECT id, email FROM users WHERE name = $1", name)
	defer rows2.Close()
	// ok: go-sql-injection
	rows3, _ := db.Query("SELECT id, email FROM " + usersTable + orderBy(r.FormValue("sort")))
	defer rows3.Close()
}

func deleteUser(w http.ResponseWriter, r *http.Request) {
	id := r.FormValue("id")
	query := fmt.Sprintf("DELETE FROM users WHERE id = %s", id)
	// ruleid: go-sql-injection
	if _, err := db.ExecContext(r.Context(), query); err != nil {
		http.Error(w, "failed", http.StatusInternalServerError)
		return
	}
	n, err := strconv.Atoi(id)
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	// ok: go-sql-injection
	db.ExecContext(r.Context(), fmt.Sprintf("DELETE FROM sessions WHERE user_id = %d", n))
	// ok: go-sql-injection
	db.ExecContext(r.Context(), "DELETE FROM audit WHERE user_id = $1", id)
}

func report(w http.ResponseWriter, r *http.Request) {
	var sb strings.Builder
	sb.WriteString("SELECT * FROM orders WHERE ")
	sb.WriteString(equals("region", r.Header.Get("X-Region")))
	// ruleid: go-sql-injection
	row := db.QueryRow(sb.String())
	_ = row
	// The finding is on the db.Query inside queryAll, reached from here.
	queryAll("SELECT * FROM invoices WHERE customer = '" + r.PostFormValue("customer") + "'")
	// ok: go-sql-injection
	queryAll("SELECT count(*) FROM invoices")
	table := r.URL.Query().Get("table")
	// ok: go-sql-injection
	db.Exec("TRUNCATE " + pq.QuoteIdentifier(table))
}

func lookup(c *gin.Context) {
	email := c.Query("email")
	ctx := context.Background()
	// ruleid: go-sql-injection
	db.QueryRowContext(ctx, "SELECT id FROM users WHERE email = '"+email+"'")
	// ok: go-sql-injection
	db.QueryRowContext(ctx, "SELECT id FROM users WHERE email = $1", email)
	limit := 20
	if c.Query("all") == "1" {
		limit = 1000
	}
	// ok: go-sql-injection
	db.Query(fmt.Sprintf("SELECT id FROM users LIMIT %d", limit))
	filter := "status = 'active'"
	if false {
		filter = c.Param("filter")
	}
	// ok: go-sql-injection
	db.Query("SELECT id FROM users WHERE " + filter)
}

type gormDB interface {
	Where(query interface{}, args ...interface{}) gormDB
	Order(value interface{}) gormDB
	Find(dest interface{}, conds ...interface{}) gormDB
}

var orm gormDB

func gormSearch(c *gin.Context) {
	name := c.Query("name")
	var users []struct{ ID int }
	// ruleid: go-sql-injection
	orm.Where(fmt.Sprintf("name = '%s'", name)).Find(&users)
	// ok: go-sql-injection
	orm.Where("name = ?", name).Find(&users)
	// ruleid: go-sql-injection
	orm.Where("active = ?", true).Order(c.Query("sort")).Find(&users)
	// ok: go-sql-injection
	orm.Where("active = ?", true).Order(orderBy(c.Query("sort"))).Find(&users)
}

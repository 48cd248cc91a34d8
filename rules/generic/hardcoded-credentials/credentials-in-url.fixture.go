package store

import (
	"database/sql"
	"fmt"
	"os"
)

const (
	// ruleid: credentials-in-url
	reportingURL = "postgres://reporting:Rq7-vX2!pLz@reports-db:5432/reports?sslmode=require"
	// ruleid: credentials-in-url
	cacheURL = "redis://:c4Ch3-Pw9x@cache.internal:6379/0"
	// ruleid: credentials-in-url
	ordersDSN = "orders:Ord3rs#2024q@tcp(orders-db:3306)/orders?parseTime=true"
	// ok: credentials-in-url
	templateDSN = "%s:%s@tcp(%s)/%s"
	// ok: credentials-in-url
	exampleURL = "postgres://user:password@localhost/app"
	// ok: credentials-in-url
	publicURL = "https://reports.internal/api/v1?owner=ops"
	// ok: credentials-in-url
	noPassword = "amqp://guest@mq.internal:5672/"
	// ok: credentials-in-url
	fromEnv = "postgres://reporting:${REPORTING_PASSWORD}@reports-db/reports"
)

// The DSN looks like "app:<password>@tcp(db:3306)/app".
// ok: credentials-in-url
// e.g. "app:Ex4mple-Pw9@tcp(db:3306)/app"

func open() (*sql.DB, error) {
	// ok: credentials-in-url
	dsn := fmt.Sprintf("postgres://%s:%s@%s/app", os.Getenv("PGUSER"), os.Getenv("PGPASSWORD"), "db")
	return sql.Open("postgres", dsn)
}

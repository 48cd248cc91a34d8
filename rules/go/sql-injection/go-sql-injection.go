package store

import (
	"gorm.io/gorm"
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"
	"github.com/lib/pq"
	mq "github.com/rabbitmq/amqp091-go"
	"github.com/aws/aws-lambda-go/events"
	kafka "github.com/segmentio/kafka-go"
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

type orderFilter struct {
	Status string `json:"status"`
}

func echoOrders(c echo.Context) error {
	customer := c.QueryParam("customer")
	// ruleid: go-sql-injection
	rows, err := db.Query("SELECT * FROM orders WHERE customer = '" + customer + "'")
	if err != nil {
		return err
	}
	defer rows.Close()
	var filter orderFilter
	if err := c.Bind(&filter); err != nil {
		return err
	}
	// ruleid: go-sql-injection
	db.Exec(fmt.Sprintf("UPDATE orders SET seen = 1 WHERE status = '%s'", filter.Status))
	// ok: go-sql-injection
	db.Exec("UPDATE orders SET seen = 1 WHERE status = $1", filter.Status)
	return c.NoContent(http.StatusOK)
}

func fiberProduct(c *fiber.Ctx) error {
	sku := c.Params("sku")
	// ruleid: go-sql-injection
	row := db.QueryRow("SELECT name FROM products WHERE sku = '" + sku + "'")
	var body orderFilter
	if err := c.BodyParser(&body); err != nil {
		return err
	}
	// ruleid: go-sql-injection
	db.Exec("DELETE FROM carts WHERE status = '" + body.Status + "'")
	// ok: go-sql-injection
	db.Exec("DELETE FROM carts WHERE status = $1", body.Status)
	var name string
	return row.Scan(&name)
}

func ginAccount(c *gin.Context) {
	// A value the server's own middleware stored with c.Set, not request data.
	owner, _ := c.Get("accountID")
	// ok: go-sql-injection
	db.Query(fmt.Sprintf("SELECT * FROM accounts WHERE id = '%v'", owner))
}

func chiInvoice(w http.ResponseWriter, r *http.Request) {
	number := chi.URLParam(r, "number")
	// ruleid: go-sql-injection
	db.Query("SELECT * FROM invoices WHERE number = '" + number + "'")
	// ok: go-sql-injection
	db.Query("SELECT * FROM invoices WHERE number = $1", number)
}

func patternUser(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-sql-injection
	db.Query("SELECT * FROM users WHERE handle = '" + r.PathValue("handle") + "'")
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		return
	}
	// ok: go-sql-injection
	db.Query(fmt.Sprintf("SELECT * FROM users WHERE id = %d", id))
}

var upgrader = websocket.Upgrader{}

func chatSocket(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	for {
		var msg struct{ Room, Text string }
		if err := conn.ReadJSON(&msg); err != nil {
			return
		}
		// ruleid: go-sql-injection
		db.Exec("INSERT INTO chat(room, body) VALUES ('" + msg.Room + "', '" + msg.Text + "')")
		// ok: go-sql-injection
		db.Exec("INSERT INTO chat(room, body) VALUES ($1, $2)", msg.Room, msg.Text)
	}
}

type accounts struct {
	store *gorm.DB
}

func (a *accounts) byName(c *gin.Context) {
	var found []string
	// ruleid: go-sql-injection
	a.store.Where("display_name = '" + c.Query("name") + "'").Find(&found)
	// ok: go-sql-injection
	a.store.Where("display_name = ?", c.Query("name")).Find(&found)
}

func byOwner(orm *gorm.DB, r *http.Request) {
	var found []string
	// ruleid: go-sql-injection
	orm.Raw("SELECT id FROM notes WHERE owner = '" + r.FormValue("owner") + "'").Scan(&found)
	// ok: go-sql-injection
	orm.Raw("SELECT id FROM notes WHERE owner = ?", r.FormValue("owner")).Scan(&found)
}

// Messages from a queue and Lambda events carry data from outside, whatever the names.
func consume(ctx context.Context, d mq.Delivery) error {
	tenant := string(d.Body)
	// ruleid: go-sql-injection
	_, err := db.ExecContext(ctx, "DELETE FROM jobs WHERE tenant = '"+tenant+"'")
	// ok: go-sql-injection
	_, err = db.ExecContext(ctx, "DELETE FROM jobs WHERE tenant = $1", tenant)
	// ok: go-sql-injection
	_, err = db.ExecContext(ctx, "DELETE FROM jobs WHERE queue = '"+d.RoutingKey+"'")
	return err
}

func onRecord(ctx context.Context, m kafka.Message) {
	// ruleid: go-sql-injection
	db.QueryContext(ctx, fmt.Sprintf("SELECT id FROM events WHERE key = '%s'", m.Value))
}

func handleQueue(ctx context.Context, event events.SQSEvent) error {
	for _, record := range event.Records {
		// ruleid: go-sql-injection
		if _, err := db.ExecContext(ctx, "INSERT INTO inbox(body) VALUES ('"+record.Body+"')"); err != nil {
			return err
		}
	}
	return nil
}

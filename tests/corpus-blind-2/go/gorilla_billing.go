package billing

import (
	"cmp"
	"crypto/md5"
	crand "crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"log"
	mrand "math/rand"
	"net/http"
	"net/url"
	"os"
	x "os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
)

const (
	// ruleid: hardcoded-credentials
	stripeFallbackKey = "sk_live_51HxQ2eKf8Zr0aLmN3vP7tYbWc9dJ4sU6"
	// ok: hardcoded-credentials
	stripeKeyEnv = "STRIPE_SECRET_KEY"
	// ok: hardcoded-credentials
	devWebhookSecret = "changeme"
	debugSQL         = false
)

var (
	ledger = struct{ Host, User, Password string }{
		Host: "ledger.internal:5432",
		User: "billing",
		// ruleid: hardcoded-credentials
		Password: "b1ll1ng-L3dger-2023",
	}
	// ok: hardcoded-credentials
	ledgerDSN = fmt.Sprintf("postgres://%s:%s@%s/ledger", ledger.User, os.Getenv("LEDGER_PASSWORD"), ledger.Host)
	monthRe   = regexp.MustCompile(`^\d{4}-\d{2}$`)
	sortCols  = map[string]string{"date": "issued_at", "total": "total_cents"}
	filterOps = map[string]string{"is": "$eq", "not": "$ne"}
	idGen     = mrand.New(mrand.NewSource(time.Now().UnixNano()))
)

type Service struct {
	db       *sql.DB
	invoices *mongo.Collection
	apiKey   string
}

func New(db *sql.DB, invoices *mongo.Collection, r *mux.Router) (*Service, error) {
	if hk := os.Getenv("BILLING_WEBHOOK_SECRET"); hk == "" || hk == devWebhookSecret {
		return nil, fmt.Errorf("BILLING_WEBHOOK_SECRET is not configured")
	}
	s := &Service{db: db, invoices: invoices, apiKey: cmp.Or(os.Getenv(stripeKeyEnv), stripeFallbackKey)}
	r.HandleFunc("/invoices/search", s.search).Methods("POST")
	r.HandleFunc("/customers/{cid}/invoices", s.customerInvoices).Methods("GET")
	r.HandleFunc("/invoices/{id}/pdf", s.renderPDF).Methods("POST")
	r.HandleFunc("/coupons", s.issueCoupon).Methods("POST")
	r.HandleFunc("/reports/export", s.exportReport).Methods("POST")
	return s, nil
}

func statusFilter(field, op, v string) bson.M { return bson.M{field: bson.M{op: v}} }

func (s *Service) search(w http.ResponseWriter, r *http.Request) {
	ctx, memo, minTotal := r.Context(), r.FormValue("memo"), r.FormValue("min")
	// ruleid: nosql-injection
	_, _ = s.invoices.Find(ctx, bson.M{"memo": bson.M{"$regex": memo}})
	// ok: nosql-injection
	_, _ = s.invoices.Find(ctx, bson.M{"memo": bson.M{"$regex": "^" + regexp.QuoteMeta(memo)}})
	// ruleid: nosql-injection
	_, _ = s.invoices.Find(ctx, bson.M{"$where": fmt.Sprintf("this.total_cents >= %s", minTotal)})
	n, _ := strconv.ParseInt(minTotal, 10, 64)
	// ok: nosql-injection
	_, _ = s.invoices.Find(ctx, bson.D{{Key: "total_cents", Value: bson.D{{Key: "$gte", Value: n}}}})
	// ruleid: nosql-injection
	_, _ = s.invoices.CountDocuments(ctx, statusFilter("status", r.FormValue("op"), r.FormValue("status")))
	if op, ok := filterOps[r.FormValue("op")]; ok {
		// ok: nosql-injection
		_, _ = s.invoices.CountDocuments(ctx, statusFilter("status", op, r.FormValue("status")))
	}
	var filter bson.M
	_ = json.NewDecoder(r.Body).Decode(&filter)
	// ruleid: nosql-injection
	_, _ = s.invoices.Find(ctx, filter)
	// ok: nosql-injection
	_, _ = s.invoices.Find(ctx, bson.M{"customer_id": fmt.Sprint(filter["customer_id"]), "void": false})
}

func (s *Service) customerInvoices(w http.ResponseWriter, r *http.Request) {
	ctx, cid, q := r.Context(), mux.Vars(r)["cid"], r.URL.Query()
	col, ok := sortCols[q.Get("sort")]
	if !ok {
		col = "issued_at"
	}
	// ok: sql-injection
	_, _ = s.db.QueryContext(ctx, "SELECT id, total_cents FROM invoices WHERE customer_id = $1 ORDER BY "+col+" DESC", cid)
	var sb strings.Builder
	sb.WriteString("SELECT id, total_cents FROM invoices WHERE customer_id = $1")
	if st := q.Get("status"); st != "" {
		sb.WriteString(" AND status = '" + st + "'")
	}
	// ruleid: sql-injection
	_, _ = s.db.QueryContext(ctx, sb.String(), cid)
	// ok: sql-injection
	_ = s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM invoices WHERE customer_id = $1 AND status = $2", cid, q.Get("status"))
	if debugSQL {
		// ok: sql-injection
		_, _ = s.db.ExecContext(ctx, "INSERT INTO query_log(q) VALUES ('"+r.URL.RawQuery+"')")
	}
	// ruleid: cross-site-scripting
	fmt.Fprintf(w, "<p>No open invoices for customer %s</p>", cid)
}

func (s *Service) renderPDF(w http.ResponseWriter, r *http.Request) {
	if n, err := strconv.Atoi(mux.Vars(r)["id"]); err == nil && n > 0 {
		out := filepath.Join("/var/lib/billing/pdf", fmt.Sprintf("invoice-%d.pdf", n))
		// ok: os-command-injection
		_ = x.CommandContext(r.Context(), "wkhtmltopdf", "--quiet", fmt.Sprintf("http://127.0.0.1:8081/invoices/%d/html", n), out).Run()
		// ok: path-traversal
		data, _ := os.ReadFile(out)
		// ok: insecure-hashing
		w.Header().Set("ETag", fmt.Sprintf("%x", sha256.Sum256(data)))
		_, _ = w.Write(data)
	}
}

func (s *Service) issueCoupon(w http.ResponseWriter, r *http.Request) {
	// ruleid: log-injection
	log.Printf("issuing coupon for campaign %s", r.FormValue("campaign"))
	code := make([]byte, 10)
	for i := range code {
		// ruleid: weak-random-number-generation
		code[i] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[mrand.Intn(32)]
	}
	nonce := make([]byte, 16)
	// ok: weak-random-number-generation
	_, _ = crand.Read(nonce)
	// ruleid: weak-random-number-generation
	redeem := strconv.FormatInt(idGen.Int63(), 36)
	// ok: weak-random-number-generation
	audit := mrand.Float64() < 0.05
	// ruleid: insecure-hashing
	fp := md5.Sum([]byte(r.FormValue("card_number")))
	_ = json.NewEncoder(w).Encode(map[string]any{"code": string(code), "redeem": redeem, "nonce": fmt.Sprintf("%x", nonce), "audit": audit, "fp": fmt.Sprintf("%x", fp)})
}

func (s *Service) notify(r *http.Request, customerID string) {
	// ok: weak-random-number-generation
	time.Sleep(time.Duration(mrand.Intn(500)) * time.Millisecond)
	// ruleid: server-side-request-forgery
	_, _ = http.Post(r.FormValue("callback_url"), "application/json", strings.NewReader(`{"type":"invoice.paid"}`))
	// ruleid: server-side-request-forgery
	_, _ = http.Get(fmt.Sprintf("https://%s.partners.example.com/v1/ack", r.FormValue("partner")))
	// ok: server-side-request-forgery
	_, _ = http.Get("https://api.stripe.com/v1/invoices?" + url.Values{"customer": {customerID}}.Encode())
	// ok: log-injection
	log.Printf("notified customer %q", customerID)
}

func (s *Service) exportReport(w http.ResponseWriter, r *http.Request) {
	month, format := r.FormValue("month"), r.FormValue("format")
	// ruleid: os-command-injection
	_ = x.Command("sh", "-c", "report-gen --month "+month+" --format "+format).Run()
	if monthRe.MatchString(month) {
		// ok: os-command-injection
		_ = x.Command("report-gen", "--month", month, "--format", "csv").Run()
	}
	// ok: os-command-injection
	_ = x.Command("pg_dump", "--format=custom", "--file=/var/backups/ledger.dump", "ledger").Run()
}

// Package main is a small orders service on net/http: lookup, invoices, webhooks.
package main

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"html/template"
	"log"
	"math/rand"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

var db *sql.DB

const invoices = "/srv/invoices"

var sortColumns = map[string]string{"date": "created_at", "total": "total"}

func byCustomer(customer string) string {
	return "SELECT * FROM orders WHERE customer = '" + customer + "'"
}

func runQuery(query string) {
	// ruleid: sql-injection
	db.Query(query)
}

func orders(w http.ResponseWriter, r *http.Request) {
	customer := r.URL.Query().Get("customer")
	// ruleid: sql-injection
	db.Query(byCustomer(customer))
	// ruleid: sql-injection
	db.Query(fmt.Sprintf("SELECT * FROM orders WHERE status = '%s'", r.FormValue("status")))
	// ok: sql-injection
	db.Query("SELECT * FROM orders WHERE customer = $1", customer)
	page, _ := strconv.Atoi(r.FormValue("page"))
	// ok: sql-injection
	db.Query(fmt.Sprintf("SELECT * FROM orders LIMIT 20 OFFSET %d", page*20))
	// ok: sql-injection
	db.Query("SELECT * FROM orders ORDER BY created_at")
	runQuery("SELECT * FROM orders WHERE tag = '" + r.FormValue("tag") + "'")
	// ruleid: log-injection
	log.Printf("orders for " + customer)
	// ok: log-injection
	log.Println("orders for", strconv.Quote(customer))
}

func invoice(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	// ruleid: path-traversal
	http.ServeFile(w, r, filepath.Join(invoices, name))
	// ok: path-traversal
	http.ServeFile(w, r, filepath.Join(invoices, "latest.pdf"))
	// ruleid: header-injection
	w.Header().Set("Content-Disposition", "attachment; filename="+name)
	// ok: header-injection
	w.Header().Set("Cache-Control", "no-store")
}

func export(w http.ResponseWriter, r *http.Request) {
	format := r.FormValue("format")
	// ruleid: os-command-injection
	exec.Command("sh", "-c", "pandoc orders.md -o out."+format).Run()
	// ok: os-command-injection
	exec.Command("pandoc", "orders.md", "-o", "out.pdf").Run()
	// ruleid: file-injection
	os.Remove(filepath.Join(invoices, r.FormValue("old")))
	// ok: file-injection
	os.Remove(filepath.Join(invoices, filepath.Base(r.FormValue("old"))))
}

func greet(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("name")
	// ruleid: cross-site-scripting
	fmt.Fprintf(w, "<h1>Hello %s</h1>", name)
	// ok: cross-site-scripting
	fmt.Fprintf(w, "<h1>Hello %s</h1>", template.HTMLEscapeString(name))
}

func proxy(w http.ResponseWriter, r *http.Request) {
	// ruleid: server-side-request-forgery
	resp, _ := http.Get(r.URL.Query().Get("url"))
	// ok: server-side-request-forgery
	health, _ := http.Get("https://status.example.com/health")
	_, _ = resp, health
}

func next(w http.ResponseWriter, r *http.Request) {
	// ruleid: open-redirect
	http.Redirect(w, r, r.FormValue("next"), http.StatusFound)
	// ok: open-redirect
	http.Redirect(w, r, "/orders", http.StatusFound)
}

func search(w http.ResponseWriter, r *http.Request) {
	term := r.FormValue("q")
	// ruleid: regular-expression-dos
	pattern := regexp.MustCompile(term)
	// ok: regular-expression-dos
	safe := regexp.MustCompile(regexp.QuoteMeta(term))
	// ruleid: tainted-format
	fmt.Fprintf(w, r.FormValue("template"), "orders")
	// ok: tainted-format
	fmt.Fprintf(w, "%s", strings.ToUpper(term))
	_, _ = pattern, safe
}

func webhook(w http.ResponseWriter, r *http.Request) {
	signature := r.Header.Get("X-Signature")
	mac := hmac.New(sha256.New, []byte(os.Getenv("WEBHOOK_KEY")))
	expectedSignature := string(mac.Sum(nil))
	// ruleid: timing-attack
	if signature == expectedSignature {
		return
	}
	// ok: timing-attack
	if hmac.Equal([]byte(signature), []byte(expectedSignature)) {
		return
	}
	if err := process(r); err != nil {
		// ruleid: sensitive-information-leak
		http.Error(w, err.Error(), http.StatusInternalServerError)
		// ok: sensitive-information-leak
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
}

func login(w http.ResponseWriter, r *http.Request) {
	// ruleid: insecure-cookie
	http.SetCookie(w, &http.Cookie{Name: "prefs", Value: "dark"})
	// ok: insecure-cookie
	http.SetCookie(w, &http.Cookie{Name: "prefs", Value: "dark", Secure: true, HttpOnly: true})
	// ruleid: session-fixation
	http.SetCookie(w, &http.Cookie{Name: "session_id", Value: r.FormValue("sid"), Secure: true, HttpOnly: true})
	// ok: session-fixation
	http.SetCookie(w, &http.Cookie{Name: "theme", Value: r.FormValue("theme"), Secure: true, HttpOnly: true})
}

func tokens() {
	// ruleid: weak-random-number-generation
	resetToken := fmt.Sprintf("%x", rand.Int63())
	// ruleid: insecure-hashing
	sum := md5.Sum([]byte(resetToken))
	// ok: insecure-hashing
	strong := sha256.Sum256([]byte(resetToken))
	// ruleid: insecure-connection
	http.Get("http://rates.fxdata.io/daily")
	// ok: insecure-connection
	http.Get("https://rates.example.com/daily")
	// ruleid: insecure-temp-file
	os.WriteFile("/tmp/rates.csv", []byte("x"), 0o600)
	// ok: insecure-temp-file
	tmp, _ := os.CreateTemp("", "rates-*.csv")
	// ruleid: loose-file-permissions
	os.Chmod("/srv/invoices", 0o777)
	// ok: loose-file-permissions
	os.Chmod("/srv/invoices", 0o750)
	_, _, _ = sum, strong, tmp
}

func process(r *http.Request) error { return nil }

func main() {
	http.HandleFunc("/orders", orders)
	// ruleid: insecure-socket-bind
	log.Fatal(http.ListenAndServe(":8080", nil))
}

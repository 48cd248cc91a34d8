// Package main renders customer reports on net/http with database/sql, os/exec and templates.
package main

import (
	"context"
	"crypto/des"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha512"
	"crypto/tls"
	"database/sql"
	"fmt"
	"html"
	"html/template"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"crypto/rand"
)

const reportsDir = "/srv/reports"
const debugMode = false

type Store struct {
	db *sql.DB
}

var formats = map[string]string{"pdf": "pdf", "csv": "csv"}
var page = template.Must(template.New("report").Parse(`<h1>{{.Title}}</h1><p>{{.Body}}</p>`))

func (s *Store) Report(ctx context.Context, owner string) (*sql.Rows, error) {
	// ok: sql-injection
	return s.db.QueryContext(ctx, "SELECT id, title FROM reports WHERE owner = $1", owner)
}

func quoteTable(name string) string {
	switch name {
	case "daily":
		return "reports_daily"
	case "monthly":
		return "reports_monthly"
	}
	return "reports"
}

func reportList(store *Store) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		owner := r.URL.Query().Get("owner")
		store.Report(r.Context(), owner)
		// ruleid: sql-injection
		store.db.QueryContext(r.Context(), "SELECT id FROM reports WHERE owner = '"+owner+"'")
		table := quoteTable(r.URL.Query().Get("period"))
		// ok: sql-injection
		store.db.Query("SELECT id FROM " + table)
		year, err := strconv.Atoi(r.URL.Query().Get("year"))
		if err != nil {
			http.Error(w, "bad year", http.StatusBadRequest)
			return
		}
		// ok: sql-injection
		store.db.Query(fmt.Sprintf("SELECT id FROM reports WHERE year = %d", year))
		var sb strings.Builder
		sb.WriteString("SELECT id FROM reports WHERE title LIKE '%")
		sb.WriteString(r.URL.Query().Get("title"))
		sb.WriteString("%'")
		// ruleid: sql-injection
		store.db.Query(sb.String())
		if debugMode {
			// ok: sql-injection
			store.db.Query("SELECT * FROM reports_debug")
		}
	}
}

func render(w http.ResponseWriter, r *http.Request) {
	format := r.FormValue("format")
	name := r.FormValue("name")
	if _, ok := formats[format]; !ok {
		format = "pdf"
	}
	// ruleid: os-command-injection
	exec.Command("bash", "-c", "render-report "+name+" --format "+format).Run()
	// ok: os-command-injection
	exec.Command("render-report", name, "--format", format).Run()
	// ruleid: os-command-injection
	exec.CommandContext(r.Context(), r.FormValue("tool"), "--version").Run()
	// ok: os-command-injection
	exec.CommandContext(r.Context(), "render-report", "--version").Run()
}

func download(w http.ResponseWriter, r *http.Request) {
	requested := r.URL.Query().Get("file")
	// ruleid: path-traversal
	os.Open(filepath.Join(reportsDir, requested))
	cleaned := filepath.Clean(filepath.Join(reportsDir, requested))
	if !strings.HasPrefix(cleaned, reportsDir+string(os.PathSeparator)) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	// ok: path-traversal
	http.ServeFile(w, r, cleaned)
	// ok: path-traversal
	http.ServeFile(w, r, filepath.Join(reportsDir, "index.html"))
}

func show(w http.ResponseWriter, r *http.Request) {
	title := r.URL.Query().Get("title")
	// ok: cross-site-scripting
	page.Execute(w, map[string]string{"Title": title, "Body": "summary"})
	// ruleid: cross-site-scripting
	w.Write([]byte("<h1>" + title + "</h1>"))
	// ok: cross-site-scripting
	w.Write([]byte("<h1>" + html.EscapeString(title) + "</h1>"))
	// ruleid: cross-site-scripting
	fmt.Fprint(w, template.HTML("<p>"+r.FormValue("body")+"</p>"))
	// ok: cross-site-scripting
	fmt.Fprint(w, template.HTML("<p>static</p>"))
}

func respond(w http.ResponseWriter, r *http.Request) {
	filename := r.URL.Query().Get("name")
	// ruleid: header-injection
	w.Header().Set("Content-Disposition", "attachment; filename="+filename)
	// ok: header-injection
	w.Header().Set("Content-Disposition", "attachment; filename="+strconv.Quote(filename))
	back := r.URL.Query().Get("back")
	if back == "/reports" || back == "/home" {
		// ok: open-redirect
		http.Redirect(w, r, back, http.StatusFound)
		return
	}
	// ruleid: open-redirect
	http.Redirect(w, r, r.Referer(), http.StatusFound)
}

func fetchLogo(w http.ResponseWriter, r *http.Request) {
	// ruleid: server-side-request-forgery
	http.Get(r.URL.Query().Get("logo"))
	// ok: server-side-request-forgery
	http.Get("https://cdn.example.com/logo.png")
	// ruleid: tainted-format
	fmt.Fprintf(w, r.URL.Query().Get("greeting"), "customer")
	// ok: tainted-format
	fmt.Fprintf(w, "%s", html.EscapeString(r.URL.Query().Get("greeting")))
}

func search(w http.ResponseWriter, r *http.Request) {
	// ruleid: regular-expression-dos
	regexp.Compile(r.URL.Query().Get("re"))
	// ok: regular-expression-dos
	regexp.Compile("^[0-9]{4}-[0-9]{2}$")
}

func keys() {
	// ruleid: insecure-cryptography
	rsa.GenerateKey(rand.Reader, 1024)
	// ok: insecure-cryptography
	rsa.GenerateKey(rand.Reader, 3072)
	// ruleid: insecure-cryptography
	des.NewCipher([]byte("8bytekey"))
	// ruleid: insecure-hashing
	sha1.Sum([]byte("report"))
	// ok: insecure-hashing
	sha512.Sum512([]byte("report"))
}

func settings() *tls.Config {
	// ruleid: insecure-cryptography
	old := &tls.Config{MinVersion: tls.VersionTLS10}
	// ok: insecure-cryptography
	current := &tls.Config{MinVersion: tls.VersionTLS12}
	if debugMode {
		return old
	}
	return current
}

func writeCache(data []byte) {
	// ruleid: insecure-temp-file
	os.WriteFile("/tmp/reports-cache.json", data, 0o600)
	// ok: insecure-temp-file
	f, _ := os.CreateTemp("", "reports-*.json")
	f.Write(data)
	// ruleid: loose-file-permissions
	os.WriteFile(filepath.Join(reportsDir, "latest.json"), data, 0o777)
	// ok: loose-file-permissions
	os.WriteFile(filepath.Join(reportsDir, "latest.json"), data, 0o640)
}

func main() {
	http.HandleFunc("/render", render)
	http.HandleFunc("/download", download)
	// ruleid: insecure-socket-bind
	ln, _ := net.Listen("tcp", "0.0.0.0:9000")
	// ok: insecure-socket-bind
	local, _ := net.Listen("tcp", "127.0.0.1:9001")
	log.Println(ln.Addr(), local.Addr())
	// ok: hardcoded-ip-address (a private address, not routable)
	http.Get("https://10.20.30.40/metrics")
	// ok: hardcoded-ip-address
	http.Get("https://metrics.internal.example.com/metrics")
}

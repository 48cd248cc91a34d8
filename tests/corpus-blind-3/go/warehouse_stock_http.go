package warehouse

import (
	"crypto/rand"
	"crypto/tls"
	"database/sql"
	"encoding/hex"
	"fmt"
	"html"
	"html/template"
	"io"
	"log"
	mrand "math/rand"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

const (
	exportRoot  = "/srv/warehouse/exports"
	insecureTLS = false
	binTmpl     = `<h1>Bin {{.Code}}</h1><p>{{.Note}}</p>`
	// ruleid: hardcoded-credentials
	supplierAPIKey = "sk_live_51HqLw2KxT9vPz0aBcDeFgHiJkLmNoP"
)

var (
	feedHosts   = map[string]bool{"feeds.example.com": true, "supplier.example.org": true}
	returnPages = map[string]string{"picks": "/picks", "bins": "/bins", "home": "/"}
)

type Server struct {
	db     *sql.DB
	client *http.Client
	tmpl   *template.Template
}

func NewServer(db *sql.DB) *Server {
	tr := &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}}
	if insecureTLS {
		// ok: improper-certificate-validation
		tr.TLSClientConfig.InsecureSkipVerify = true
	}
	return &Server{
		db:     db,
		client: &http.Client{Transport: tr, Timeout: 10 * time.Second},
		tmpl:   template.Must(template.New("bin").Parse(binTmpl)),
	}
}

func (s *Server) Routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/stock", s.handleStock)
	mux.HandleFunc("/movements", s.handleMovements)
	mux.HandleFunc("/exports/", s.handleExport)
	mux.HandleFunc("/archive", s.handleArchive)
	mux.HandleFunc("/feeds/pull", s.handleFeed)
	mux.HandleFunc("/bins/", s.handleBin)
	mux.HandleFunc("/done", s.handleDone)
	mux.HandleFunc("/handoff", s.handleHandoff)
	return mux
}

func (s *Server) handleStock(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	sku, site := v.Get("sku"), v.Get("site")
	// ok: log-injection
	log.Printf("stock lookup sku=%q site=%q", sku, site)
	q := "SELECT qty FROM stock WHERE sku = $1 AND site = '" + site + "'"
	var qty int
	// ruleid: sql-injection
	if err := s.db.QueryRow(q, sku).Scan(&qty); err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	fmt.Fprintf(w, "%d\n", qty)
}

func (s *Server) handleMovements(w http.ResponseWriter, r *http.Request) {
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit <= 0 || limit > 1000 {
		limit = 100
	}
	site := r.URL.Query().Get("site")
	// ok: sql-injection
	rows, err := s.db.Query(fmt.Sprintf("SELECT sku, delta FROM movements WHERE site = $1 ORDER BY at DESC LIMIT %d", limit), site)
	if err != nil {
		log.Printf("movements query: %v", err)
		w.WriteHeader(http.StatusInternalServerError)
		// ruleid: stack-trace-exposure
		w.Write(debug.Stack())
		return
	}
	defer rows.Close()
	for rows.Next() {
		var sku string
		var delta int
		if rows.Scan(&sku, &delta) == nil {
			fmt.Fprintf(w, "%s\t%d\n", sku, delta)
		}
	}
}

func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	if r.URL.Query().Get("latest") == "1" {
		// ok: path-traversal
		f, err := os.Open(filepath.Join(exportRoot, filepath.Base(name)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		io.Copy(w, f)
		return
	}
	p := filepath.Join(exportRoot, name)
	if !strings.HasPrefix(p, exportRoot) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	// ruleid: path-traversal
	f, err := os.Open(p)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	io.Copy(w, f)
}

func (s *Server) handleArchive(w http.ResponseWriter, r *http.Request) {
	dir := r.FormValue("dir")
	out := filepath.Join(os.TempDir(), fmt.Sprintf("export-%d.tgz", time.Now().UnixNano()))
	args := []string{"-czf", out, "-C", exportRoot, "--", filepath.Base(dir)}
	// ok: os-command-injection
	if err := exec.Command("tar", args...).Run(); err != nil {
		http.Error(w, "archive failed", http.StatusInternalServerError)
		return
	}
	if r.FormValue("notify") != "" {
		script := fmt.Sprintf("echo archived %s | mail -s export %s", out, r.FormValue("notify"))
		// ruleid: os-command-injection
		exec.Command("/bin/sh", "-c", script).Run()
	}
	http.ServeFile(w, r, out)
}

func (s *Server) handleFeed(w http.ResponseWriter, r *http.Request) {
	raw := r.URL.Query().Get("url")
	u, err := url.Parse(raw)
	if err != nil {
		http.Error(w, "bad url", http.StatusBadRequest)
		return
	}
	var resp *http.Response
	if u.Scheme == "https" && feedHosts[u.Hostname()] {
		// ok: server-side-request-forgery
		resp, err = s.client.Get(u.String())
	} else if strings.HasSuffix(u.Hostname(), "example.com") {
		// ruleid: server-side-request-forgery
		resp, err = s.client.Get(raw)
	} else {
		http.Error(w, "host not allowed", http.StatusForbidden)
		return
	}
	if err != nil {
		http.Error(w, "upstream error", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.Header().Set("Content-Type", "application/xml")
	io.Copy(w, resp.Body)
}

func (s *Server) handleBin(w http.ResponseWriter, r *http.Request) {
	code := strings.TrimPrefix(r.URL.Path, "/bins/")
	note := r.URL.Query().Get("note")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	switch r.URL.Query().Get("view") {
	case "print":
		// ok: cross-site-scripting
		fmt.Fprintf(w, "<h1>Bin %s</h1><pre>%s</pre>", html.EscapeString(code), html.EscapeString(note))
	case "raw":
		// ruleid: cross-site-scripting
		io.WriteString(w, "<h1>Bin "+code+"</h1><p>"+note+"</p>")
	default:
		// ok: cross-site-scripting
		s.tmpl.Execute(w, struct{ Code, Note string }{code, note})
	}
}

func (s *Server) handleDone(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	if dest, ok := returnPages[next]; ok {
		// ok: open-redirect
		http.Redirect(w, r, dest, http.StatusFound)
		return
	}
	if strings.HasPrefix(next, "/") {
		// ruleid: open-redirect
		http.Redirect(w, r, next, http.StatusFound)
		return
	}
	http.Redirect(w, r, "/", http.StatusFound)
}

func (s *Server) handleHandoff(w http.ResponseWriter, r *http.Request) {
	picker := r.FormValue("picker")
	// ruleid: log-injection
	log.Println("handoff requested by " + picker)
	// ruleid: weak-random-number-generation
	token := strconv.FormatInt(mrand.Int63(), 36)
	buf := make([]byte, 16)
	// ok: weak-random-number-generation
	if _, err := rand.Read(buf); err != nil {
		http.Error(w, "entropy", http.StatusInternalServerError)
		return
	}
	nonce := hex.EncodeToString(buf)
	for attempt := 0; attempt < 3; attempt++ {
		req, _ := http.NewRequest(http.MethodPost, "https://supplier.example.org/v1/handoff", strings.NewReader(token+":"+nonce))
		req.Header.Set("Authorization", "Bearer "+supplierAPIKey)
		if resp, err := s.client.Do(req); err == nil {
			resp.Body.Close()
			break
		}
		// ok: weak-random-number-generation
		time.Sleep(time.Duration(200+mrand.Intn(300)) * time.Millisecond)
	}
	fmt.Fprintf(w, "%s\n", token)
}

// Package docvault serves stored documents, previews and imports for the
// internal document vault. Routing uses the Go 1.22 pattern ServeMux.
package docvault

import (
	"archive/zip"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	htmpl "html/template"
	"io"
	"log"
	"log/slog"
	"net/http"
	"os"
	sh "os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	ttmpl "text/template"
)

const (
	storageRoot = "/srv/docvault/blobs"
	previewDir  = "/srv/docvault/previews"
)

var docIDPattern = regexp.MustCompile(`^[a-f0-9]{32}$`)

var supportedLangs = map[string]bool{"en": true, "de": true, "fr": true, "nl": true}

type Server struct {
	store  *sql.DB
	logger *slog.Logger
	mux    *http.ServeMux
	pages  *htmpl.Template
}

type docRow struct {
	Title string
	Owner string
	Path  string
}

func NewServer(db *sql.DB) *Server {
	s := &Server{
		store:  db,
		logger: slog.New(slog.NewJSONHandler(os.Stderr, nil)),
		mux:    http.NewServeMux(),
	}
	s.pages = htmpl.Must(htmpl.New("doc").Parse(`<h1>{{.Title}}</h1><p>Owner: {{.Owner}}</p><aside>{{.Note}}</aside><footer>{{.Footer}}</footer>`))
	s.mux.HandleFunc("GET /docs/{id}", s.getDoc)
	s.mux.HandleFunc("GET /docs/{id}/raw", s.rawDoc)
	s.mux.HandleFunc("GET /search", s.search)
	s.mux.HandleFunc("POST /import", s.importArchive)
	s.mux.HandleFunc("POST /docs/{id}/thumbnail", s.thumbnail)
	s.mux.HandleFunc("POST /session", s.openSession)
	s.mux.Handle("GET /banner", http.HandlerFunc(bannerHandler))
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if rec := recover(); rec != nil {
			s.logger.Error("handler panic", "value", rec, "path", r.URL.Path)
			w.WriteHeader(http.StatusInternalServerError)
			// ruleid: stack-trace-exposure
			w.Write(debug.Stack())
		}
	}()
	s.mux.ServeHTTP(w, r)
}

func (s *Server) getDoc(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var d docRow
	// ok: sql-injection
	err := s.store.QueryRowContext(r.Context(), "SELECT title, owner, path FROM documents WHERE id = $1", id).Scan(&d.Title, &d.Owner, &d.Path)
	if errors.Is(err, sql.ErrNoRows) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.logger.Error("load document", "id", id, "err", err)
		// ok: stack-trace-exposure
		http.Error(w, "could not load document", http.StatusInternalServerError)
		return
	}

	q := r.URL.Query()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if q.Get("format") == "plain" {
		t := ttmpl.Must(ttmpl.New("plain").Parse("<h1>{{.Title}}</h1><p>Highlight: {{.Highlight}}</p>"))
		view := map[string]string{"Title": d.Title, "Highlight": q.Get("hl")}
		// ruleid: cross-site-scripting
		t.Execute(w, view)
		return
	}

	data := struct {
		Title, Owner string
		Note         htmpl.HTML
		Footer       htmpl.HTML
	}{Title: d.Title, Owner: d.Owner}
	if n := q.Get("note"); n != "" {
		// ruleid: cross-site-scripting
		data.Note = htmpl.HTML(n)
	}
	// ok: cross-site-scripting
	data.Footer = htmpl.HTML(`<a href="/help">Help</a> &middot; DocVault`)
	// ok: cross-site-scripting
	s.pages.Execute(w, data)
}

func (s *Server) rawDoc(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !docIDPattern.MatchString(id) {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	// ok: path-traversal
	f, err := os.Open(filepath.Join(storageRoot, id[:2], id))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()

	q := r.URL.Query()
	w.Header().Set("Content-Type", "application/octet-stream")
	if rev := q.Get("rev"); rev != "" {
		// ruleid: path-traversal
		old, err := os.ReadFile(filepath.Join(storageRoot, "revisions", id, rev))
		if err == nil {
			w.Write(old)
			return
		}
	}

	if name := q.Get("download_as"); name != "" {
		// ruleid: header-injection
		w.Header().Set("Content-Disposition", "attachment; filename="+name)
	} else {
		// ok: header-injection
		w.Header().Set("Content-Disposition", "attachment; filename="+strconv.Quote(id+".bin"))
	}
	io.Copy(w, f)
}

var sortColumns = map[string]string{"title": "title", "created": "created_at", "size": "byte_size"}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	term := r.FormValue("q")
	owner := r.FormValue("owner")
	col, ok := sortColumns[r.FormValue("sort")]
	if !ok {
		col = "created_at"
	}

	var rows *sql.Rows
	var err error
	if owner == "" {
		// ok: sql-injection
		rows, err = s.store.Query("SELECT id, title FROM documents WHERE title ILIKE '%' || $1 || '%' ORDER BY "+col+" DESC LIMIT 50", term)
	} else {
		stmt := fmt.Sprintf("SELECT id, title FROM documents WHERE owner = '%s' ORDER BY %s DESC LIMIT 50", owner, col)
		// ruleid: sql-injection
		rows, err = s.store.Query(stmt)
	}
	if err != nil {
		// ruleid: stack-trace-exposure
		http.Error(w, "search failed: "+err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()

	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// ruleid: cross-site-scripting
	fmt.Fprintf(w, "<h2>Results for %s</h2><ul>", term)
	for rows.Next() {
		var id, title string
		if rows.Scan(&id, &title) != nil {
			continue
		}
		// ok: cross-site-scripting
		fmt.Fprintf(w, "<li><a href=\"/docs/%s\">%s</a></li>", html.EscapeString(id), html.EscapeString(title))
	}
	io.WriteString(w, "</ul>")
}

func (s *Server) importArchive(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<20)
	tmp, err := os.CreateTemp("", "import-*.zip")
	if err != nil {
		http.Error(w, "temp file", http.StatusInternalServerError)
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	n, err := io.Copy(tmp, r.Body)
	if err != nil {
		http.Error(w, "upload failed", http.StatusBadRequest)
		return
	}
	zr, err := zip.NewReader(tmp, n)
	if err != nil {
		http.Error(w, "not a zip archive", http.StatusBadRequest)
		return
	}

	dest := filepath.Join(previewDir, "incoming")
	strict := r.URL.Query().Get("mode") != "legacy"
	for _, zf := range zr.File {
		if zf.FileInfo().IsDir() {
			continue
		}
		var out *os.File
		if strict {
			target := filepath.Join(dest, zf.Name)
			if !strings.HasPrefix(filepath.Clean(target), dest+string(os.PathSeparator)) {
				s.logger.Warn("skipping archive entry outside destination", "entry", zf.Name)
				continue
			}
			// ok: path-traversal
			out, err = os.Create(target)
		} else {
			target := dest + "/" + zf.Name
			// ruleid: path-traversal
			out, err = os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
		}
		if err != nil {
			continue
		}
		copyEntry(zf, out)
		out.Close()
	}
	w.WriteHeader(http.StatusAccepted)
}

func copyEntry(zf *zip.File, out io.Writer) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	_, err = io.CopyN(out, rc, 32<<20)
	if errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

func (s *Server) thumbnail(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	size := r.FormValue("size")
	if !docIDPattern.MatchString(id) {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	src := filepath.Join(storageRoot, id[:2], id)
	dst := filepath.Join(previewDir, id+".png")

	// ok: os-command-injection
	cmd := sh.Command("/usr/bin/convert", src+"[0]", "-thumbnail", "256x256", dst)
	if size != "" {
		if strings.ContainsAny(size, ";&|") {
			http.Error(w, "bad size", http.StatusBadRequest)
			return
		}
		// ruleid: os-command-injection
		cmd = sh.Command("sh", "-c", "convert "+src+"[0] -thumbnail "+size+" "+dst)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		s.logger.Error("thumbnail failed", "id", id, "err", err, "output", string(out))
		w.WriteHeader(http.StatusInternalServerError)
		// ruleid: stack-trace-exposure
		fmt.Fprintf(w, "convert failed: %v\n%s", err, out)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func newSessionID() (string, error) {
	b := make([]byte, 24)
	// ok: weak-random-number-generation
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func (s *Server) openSession(w http.ResponseWriter, r *http.Request) {
	var req struct {
		User     string `json:"user"`
		Remember bool   `json:"remember"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		s.logger.Info("bad session body", "err", err)
		// ok: stack-trace-exposure
		http.Error(w, "malformed request body", http.StatusBadRequest)
		return
	}
	// ruleid: log-injection
	log.Printf("session requested for user=%s remote=%s", req.User, r.RemoteAddr)
	// ok: log-injection
	s.logger.Info("session requested", "user", req.User, "remote", r.RemoteAddr)

	sid, err := newSessionID()
	if err != nil {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	// ok: insecure-cookie
	http.SetCookie(w, &http.Cookie{Name: "dv_session", Value: sid, Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode})
	if req.Remember {
		// ruleid: insecure-cookie
		http.SetCookie(w, &http.Cookie{Name: "dv_remember", Value: sid, Path: "/", MaxAge: 30 * 86400})
	}
	w.WriteHeader(http.StatusCreated)
}

func pickLang(header string) string {
	for _, part := range strings.Split(header, ",") {
		tag := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		if len(tag) >= 2 && supportedLangs[strings.ToLower(tag[:2])] {
			return strings.ToLower(tag[:2])
		}
	}
	return "en"
}

func bannerHandler(w http.ResponseWriter, r *http.Request) {
	msg := "Welcome back"
	if c, err := r.Cookie("dv_name"); err == nil {
		msg = "Welcome back, " + c.Value
	}
	// ok: header-injection
	w.Header().Set("Content-Language", pickLang(r.Header.Get("Accept-Language")))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// ruleid: cross-site-scripting
	io.WriteString(w, "<div class=\"banner\">"+msg+"</div>")
}

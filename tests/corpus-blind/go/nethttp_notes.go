package notes

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

var refPattern = regexp.MustCompile(`^[0-9a-f]{7,40}$`)

// Server serves the notes API.
type Server struct {
	c       *sql.DB
	dataDir string
}

// NewServer wires the handlers.
func NewServer(c *sql.DB, dataDir string) http.Handler {
	s := &Server{c: c, dataDir: dataDir}
	mux := http.NewServeMux()
	mux.HandleFunc("/notes/search", s.search)
	mux.HandleFunc("/notes/by-author", s.byAuthor)
	mux.HandleFunc("/notes/history", s.history)
	mux.HandleFunc("/notes/history/v2", s.historySafe)
	mux.HandleFunc("/notes/attachment", s.attachment)
	mux.HandleFunc("/notes/attachment/v2", s.attachmentSafe)
	mux.HandleFunc("/notes/title", s.title)
	mux.HandleFunc("/notes/title/v2", s.titleSafe)
	mux.HandleFunc("/notes/open", s.open)
	mux.HandleFunc("/notes/open/v2", s.openSafe)
	mux.HandleFunc("/notes/login", s.login)
	return mux
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	term := r.URL.Query().Get("q")
	query := fmt.Sprintf("SELECT id, title FROM notes WHERE title LIKE '%%%s%%'", term)
	// ruleid: sql-injection
	rows, err := s.c.Query(query)
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	writeTitles(w, rows)
}

func (s *Server) byAuthor(w http.ResponseWriter, r *http.Request) {
	author := r.FormValue("author")
	// ok: sql-injection
	rows, err := s.c.QueryContext(r.Context(), "SELECT id, title FROM notes WHERE author = $1", author)
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	writeTitles(w, rows)
}

func (s *Server) history(w http.ResponseWriter, r *http.Request) {
	ref := r.URL.Query().Get("ref")
	// ruleid: os-command-injection
	out, err := exec.Command("sh", "-c", "git -C "+s.dataDir+" log --oneline "+ref).Output()
	if err != nil {
		http.Error(w, "git failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	w.Write(out)
}

func (s *Server) historySafe(w http.ResponseWriter, r *http.Request) {
	ref := r.URL.Query().Get("ref")
	if !refPattern.MatchString(ref) {
		http.Error(w, "bad ref", http.StatusBadRequest)
		return
	}
	// ok: os-command-injection
	out, err := exec.Command("git", "-C", s.dataDir, "log", "--oneline", ref).Output()
	if err != nil {
		http.Error(w, "git failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	w.Write(out)
}

func (s *Server) attachment(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	// ruleid: path-traversal
	http.ServeFile(w, r, filepath.Join(s.dataDir, "attachments", name))
}

func (s *Server) attachmentSafe(w http.ResponseWriter, r *http.Request) {
	name := filepath.Base(r.URL.Query().Get("file"))
	// ok: path-traversal
	http.ServeFile(w, r, filepath.Join(s.dataDir, "attachments", name))
}

func (s *Server) title(w http.ResponseWriter, r *http.Request) {
	t := r.URL.Query().Get("t")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// ruleid: cross-site-scripting
	fmt.Fprintf(w, "<h1>%s</h1>", t)
}

func (s *Server) titleSafe(w http.ResponseWriter, r *http.Request) {
	t := r.URL.Query().Get("t")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// ok: cross-site-scripting
	fmt.Fprintf(w, "<h1>%s</h1>", html.EscapeString(t))
}

func (s *Server) open(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	// ruleid: open-redirect
	http.Redirect(w, r, next, http.StatusFound)
}

func (s *Server) openSafe(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		next = "/notes"
	}
	// ok: open-redirect
	http.Redirect(w, r, next, http.StatusFound)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	token := r.Header.Get("X-Session-Token")
	if r.URL.Query().Get("legacy") == "1" {
		// ruleid: insecure-cookie
		http.SetCookie(w, &http.Cookie{Name: "notes_session", Value: token, Path: "/"})
		return
	}
	// ok: insecure-cookie
	http.SetCookie(w, &http.Cookie{Name: "notes_session", Value: token, Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode})
}

func writeTitles(w http.ResponseWriter, rows *sql.Rows) {
	type item struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
	}
	var out []item
	for rows.Next() {
		var it item
		if err := rows.Scan(&it.ID, &it.Title); err == nil {
			out = append(out, it)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

package adminsidecar

import (
	crand "crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"database/sql"
	"fmt"
	htmltemplate "html/template"
	"log"
	mrand "math/rand"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	texttemplate "text/template"
)

var (
	exportDir = "/srv/exports"
	// ruleid: hardcoded-credentials
	redisURL = "redis://:r3d1sAdm1nPw@redis.internal:6379/0"
	// ruleid: hardcoded-credentials
	cookieKey = []byte("3f9a1c7e5b2d8f4a6c0e9b1d7f3a5c8e")
	unitRe    = regexp.MustCompile(`^[a-z0-9-]+\.service$`)
	services  = map[string]string{"orders": "http://orders.internal:8080", "billing": "http://billing.internal:8080"}
	// ok: code-injection
	pageTpl = htmltemplate.Must(htmltemplate.New("page").Parse(`<h1>{{.Title}}</h1><pre>{{.Body}}</pre>`))
	// ok: code-injection
	mailTpls = texttemplate.Must(texttemplate.ParseGlob("/etc/sidecar/templates/*.tmpl"))
)

type admin struct {
	db           *sql.DB
	user, passwd string
}

func New(db *sql.DB) *http.ServeMux {
	// ok: hardcoded-credentials
	a := &admin{db: db, user: "ops", passwd: os.Getenv("SIDECAR_ADMIN_PASSWORD")}
	// ok: hardcoded-credentials
	if a.passwd == "" || a.passwd == "admin" {
		log.Fatal("SIDECAR_ADMIN_PASSWORD must be set to a real password")
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz/{svc}", a.health)
	mux.HandleFunc("GET /logs/{name}", a.auth(a.logs))
	mux.HandleFunc("GET /exports/{path...}", a.auth(a.export))
	mux.HandleFunc("POST /preview", a.auth(a.preview))
	mux.HandleFunc("GET /audit/{id}", a.auth(a.audit))
	mux.HandleFunc("POST /login", a.login)
	mux.HandleFunc("POST /units/{unit}/restart", a.auth(a.restart))
	// ok: path-traversal
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServer(http.Dir("/srv/sidecar/static"))))
	return mux
}

func (a *admin) auth(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		user, pass, _ := r.BasicAuth()
		// ruleid: hardcoded-credentials
		breakGlass := user == "root" && pass == "Br3akGl4ss!2024"
		// ok: hardcoded-credentials
		valid := user == a.user && subtle.ConstantTimeCompare([]byte(pass), []byte(a.passwd)) == 1
		if valid || breakGlass {
			next(w, r)
			return
		}
		http.Error(w, "unauthorized", http.StatusUnauthorized)
	}
}

func (a *admin) health(w http.ResponseWriter, r *http.Request) {
	svc := r.PathValue("svc")
	if base, ok := services[svc]; ok {
		// ok: server-side-request-forgery
		_, _ = http.Get(base + "/healthz")
		return
	}
	// ok: weak-random-number-generation
	pick := []string{"10.0.1.11", "10.0.1.12", "10.0.1.13"}[mrand.Intn(3)]
	// ok: server-side-request-forgery
	_, _ = http.Get("http://" + pick + ":9901/ready")
	// ruleid: server-side-request-forgery
	_, _ = http.Get("http://" + svc + ":8080/healthz")
}

func (a *admin) logs(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	// ruleid: log-injection
	log.Printf("log download requested: %s", name)
	// ruleid: path-traversal
	data, _ := os.ReadFile(filepath.Join("/var/log/sidecar", name))
	// ok: path-traversal
	rotated, _ := os.ReadFile(filepath.Join("/var/log/sidecar", filepath.Base(name)+".1"))
	_, _ = w.Write(append(rotated, data...))
}

func (a *admin) export(w http.ResponseWriter, r *http.Request) {
	p := filepath.Clean(filepath.Join(exportDir, r.PathValue("path")))
	if strings.HasPrefix(p, exportDir+string(filepath.Separator)) {
		// ok: path-traversal
		http.ServeFile(w, r, p)
	}
}

func (a *admin) preview(w http.ResponseWriter, r *http.Request) {
	// ruleid: code-injection
	_ = texttemplate.Must(texttemplate.New("preview").Parse(r.FormValue("body"))).Execute(w, map[string]any{"Env": os.Environ()})
	// ruleid: cross-site-scripting
	_ = mailTpls.ExecuteTemplate(w, "digest.tmpl", map[string]string{"Name": r.FormValue("name")})
}

func (a *admin) audit(w http.ResponseWriter, r *http.Request) {
	if id, err := strconv.Atoi(r.PathValue("id")); err == nil {
		// ok: log-injection
		log.Printf("audit lookup id=%d", id)
		var actor, action, detail string
		// ok: sql-injection
		_ = a.db.QueryRowContext(r.Context(), fmt.Sprintf("SELECT actor, action, detail FROM audit WHERE id = %d", id)).Scan(&actor, &action, &detail)
		// ok: cross-site-scripting
		_ = pageTpl.Execute(w, map[string]string{"Title": actor + " " + action, "Body": detail})
	}
	q := r.URL.Query().Get("q")
	// ruleid: sql-injection
	_, _ = a.db.QueryContext(r.Context(), fmt.Sprintf("SELECT id FROM audit WHERE detail LIKE '%%%s%%'", q))
	// ok: sql-injection
	_, _ = a.db.QueryContext(r.Context(), "SELECT id FROM audit WHERE detail LIKE ?", "%"+q+"%")
	// ruleid: cross-site-scripting
	_, _ = w.Write([]byte("<p>Related entries for " + q + "</p>"))
	// ok: cross-site-scripting
	fmt.Fprintf(w, "<p>Related entries for %s</p>", htmltemplate.HTMLEscapeString(q))
}

func (a *admin) login(w http.ResponseWriter, r *http.Request) {
	var stored string
	_ = a.db.QueryRowContext(r.Context(), "SELECT pw_sha1 FROM operators WHERE name = ?", r.FormValue("user")).Scan(&stored)
	// ruleid: insecure-hashing
	sum := sha1.Sum([]byte(r.FormValue("password")))
	if fmt.Sprintf("%x", sum) != stored {
		http.Error(w, "invalid credentials", http.StatusUnauthorized)
		return
	}
	sid := make([]byte, 32)
	// ok: weak-random-number-generation
	_, _ = crand.Read(sid)
	ck := &http.Cookie{Name: "sidecar_session", Value: fmt.Sprintf("%x", sid), Path: "/", SameSite: http.SameSiteStrictMode}
	ck.Secure, ck.HttpOnly = true, true
	// ok: insecure-cookie
	http.SetCookie(w, ck)
	// ruleid: weak-random-number-generation
	legacy := strconv.FormatInt(mrand.Int63(), 16)
	// ruleid: insecure-cookie
	http.SetCookie(w, &http.Cookie{Name: "sidecar_legacy", Value: legacy, Path: "/"})
	rt := r.FormValue("return_to")
	if strings.HasPrefix(rt, "/") && !strings.HasPrefix(rt, "//") && !strings.Contains(rt, `\`) {
		// ok: open-redirect
		http.Redirect(w, r, rt, http.StatusSeeOther)
		return
	}
	// ruleid: open-redirect
	http.Redirect(w, r, r.FormValue("next"), http.StatusSeeOther)
}

func (a *admin) restart(w http.ResponseWriter, r *http.Request) {
	unit := r.PathValue("unit")
	// ok: os-command-injection
	state, _ := exec.Command("systemctl", "is-system-running").Output()
	if unitRe.MatchString(unit) {
		// ok: os-command-injection
		_ = exec.CommandContext(r.Context(), "systemctl", "restart", unit).Run()
	}
	// ruleid: os-command-injection
	tail, _ := exec.Command("bash", "-c", "journalctl -u "+unit+" -n "+r.URL.Query().Get("lines")+" --no-pager").Output()
	_, _ = w.Write(append(state, tail...))
}

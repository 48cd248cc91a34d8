package projects

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	htmltemplate "html/template"
	"log"
	"net/http"
	"os"
	"strings"
	texttemplate "text/template"

	"github.com/go-chi/chi/v5"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
)

const summaryTpl = `<section><h2>{{.Name}}</h2><p>{{.Description}}</p></section>`

var (
	textSummary = texttemplate.Must(texttemplate.New("summary").Parse(summaryTpl))
	htmlSummary = htmltemplate.Must(htmltemplate.New("summary").Parse(summaryTpl))
)

type project struct {
	Name        string `bson:"name"`
	Description string `bson:"description"`
	Owner       string `bson:"owner"`
}

type api struct {
	coll   *mongo.Collection
	secret []byte
}

// OpenReporting opens the legacy reporting database.
func OpenReporting() (*sql.DB, error) {
	// ruleid: hardcoded-credentials
	return sql.Open("postgres", "postgres://reporting:Sup3rS3cret!@reporting-db:5432/reports?sslmode=require")
}

// OpenReportingFromEnv opens the reporting database using the injected DSN.
func OpenReportingFromEnv() (*sql.DB, error) {
	// ok: hardcoded-credentials
	return sql.Open("postgres", os.Getenv("REPORTING_DSN"))
}

// Router mounts the project routes.
func Router(coll *mongo.Collection, secret []byte) http.Handler {
	a := &api{coll: coll, secret: secret}
	r := chi.NewRouter()
	r.Get("/projects/owned", a.owned)
	r.Get("/projects/owned/v2", a.ownedSafe)
	r.Get("/projects/{name}/summary", a.summary)
	r.Get("/projects/{name}/summary/v2", a.summarySafe)
	r.Post("/projects/{name}/secrets", a.sealSecret)
	return r
}

func (a *api) owned(w http.ResponseWriter, r *http.Request) {
	owner := r.URL.Query().Get("owner")
	// ruleid: log-injection
	log.Printf("listing projects for owner=%s", owner)
	// ruleid: nosql-injection
	cur, err := a.coll.Find(r.Context(), bson.M{"$where": "this.owner == '" + owner + "'"})
	a.writeNames(w, r.Context(), cur, err)
}

func (a *api) ownedSafe(w http.ResponseWriter, r *http.Request) {
	owner := r.URL.Query().Get("owner")
	clean := strings.NewReplacer("\n", "\\n", "\r", "\\r").Replace(owner)
	// ok: log-injection
	log.Printf("listing projects for owner=%s", clean)
	// ok: nosql-injection
	cur, err := a.coll.Find(r.Context(), bson.M{"owner": owner})
	a.writeNames(w, r.Context(), cur, err)
}

func (a *api) summary(w http.ResponseWriter, r *http.Request) {
	p := project{Name: chi.URLParam(r, "name"), Description: r.URL.Query().Get("desc")}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// ruleid: cross-site-scripting
	textSummary.Execute(w, p)
}

func (a *api) summarySafe(w http.ResponseWriter, r *http.Request) {
	p := project{Name: chi.URLParam(r, "name"), Description: r.URL.Query().Get("desc")}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// ok: cross-site-scripting
	htmlSummary.Execute(w, p)
}

func (a *api) sealSecret(w http.ResponseWriter, r *http.Request) {
	value := []byte(r.FormValue("value"))
	if r.URL.Query().Get("compat") == "des" {
		// ruleid: insecure-cryptography
		block, err := des.NewCipher(a.secret[:8])
		if err != nil {
			http.Error(w, "cipher", http.StatusInternalServerError)
			return
		}
		padded := make([]byte, (len(value)/8+1)*8)
		copy(padded, value)
		out := make([]byte, len(padded))
		for i := 0; i < len(padded); i += 8 {
			block.Encrypt(out[i:i+8], padded[i:i+8])
		}
		w.Write([]byte(hex.EncodeToString(out)))
		return
	}
	block, err := aes.NewCipher(a.secret[:32])
	if err != nil {
		http.Error(w, "cipher", http.StatusInternalServerError)
		return
	}
	// ok: insecure-cryptography
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		http.Error(w, "cipher", http.StatusInternalServerError)
		return
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		http.Error(w, "rng", http.StatusInternalServerError)
		return
	}
	w.Write([]byte(hex.EncodeToString(gcm.Seal(nonce, nonce, value, nil))))
}

func (a *api) writeNames(w http.ResponseWriter, ctx context.Context, cur *mongo.Cursor, err error) {
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer cur.Close(ctx)
	var names []string
	for cur.Next(ctx) {
		var p project
		if cur.Decode(&p) == nil {
			names = append(names, p.Name)
		}
	}
	w.Header().Set("Content-Type", "text/plain")
	w.Write([]byte(strings.Join(names, "\n")))
}

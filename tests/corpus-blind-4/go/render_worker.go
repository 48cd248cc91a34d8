// Command render-worker consumes tenant-submitted render jobs from RabbitMQ,
// runs the document pipeline and reports back to the tenant's callback URL.
// A small admin API (gorilla/mux) exposes job logs for the support team.
package main

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/subtle"
	"crypto/tls"
	"database/sql"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log"
	"math/rand"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"
	_ "github.com/lib/pq"
	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/sirupsen/logrus"
	"gopkg.in/yaml.v3"
)

const (
	// ruleid: hardcoded-credentials
	defaultBroker   = "amqps://render:Zx81-lkQpw3rT@mq.internal.example:5671/jobs"
	queueName       = "render.jobs"
	allowSelfSigned = false
	tokenAlphabet   = "abcdefghijkmnopqrstuvwxyz23456789"
)

var tenantRe = regexp.MustCompile(`^[a-z0-9]{3,20}$`)

type WorkerConfig struct {
	Broker      string   `yaml:"broker"`
	DSN         string   `yaml:"dsn"`
	OutDir      string   `yaml:"out_dir"`
	LogDir      string   `yaml:"log_dir"`
	Concurrency int      `yaml:"concurrency"`
	Callbacks   []string `yaml:"callback_hosts"`
}

type Job struct {
	ID         string
	Tenant     string
	Input      string
	OutputName string
	Callback   string
	Note       string
	Options    map[string]interface{}
}

type Worker struct {
	cfg     WorkerConfig
	db      *sql.DB
	lg      *logrus.Logger
	hooks   *http.Client
	metrics *http.Client
	secret  []byte
}

func init() {
	gob.Register(map[string]interface{}{})
	gob.Register([]interface{}{})
}

func loadConfig(path string) (WorkerConfig, error) {
	cfg := WorkerConfig{Broker: defaultBroker, Concurrency: 4}
	raw, err := os.ReadFile(path)
	if err != nil {
		return cfg, err
	}
	// ok: untrusted-deserialization
	err = yaml.Unmarshal(raw, &cfg)
	return cfg, err
}

func hookTransport() *http.Transport {
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if allowSelfSigned {
		// ok: improper-certificate-validation
		tc.InsecureSkipVerify = true
	}
	return &http.Transport{TLSClientConfig: tc, MaxIdleConnsPerHost: 4}
}

func callbackToken() string {
	b := make([]byte, 24)
	for i := range b {
		// ruleid: weak-random-number-generation
		b[i] = tokenAlphabet[rand.Intn(len(tokenAlphabet))]
	}
	return string(b)
}

func backoff(attempt int) time.Duration {
	base := time.Duration(1<<attempt) * 250 * time.Millisecond
	// ok: weak-random-number-generation
	return base + time.Duration(rand.Int63n(int64(base/2)+1))
}

func (w *Worker) Run(ctx context.Context) error {
	conn, err := amqp.DialTLS(w.cfg.Broker, &tls.Config{MinVersion: tls.VersionTLS12})
	if err != nil {
		return err
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	deliveries, err := ch.Consume(queueName, "render-worker", false, false, false, false, nil)
	if err != nil {
		return err
	}
	for i := 0; i < w.cfg.Concurrency; i++ {
		go func(n int) {
			for d := range deliveries {
				if err := w.handle(ctx, d); err != nil {
					w.lg.WithError(err).WithField("worker", n).Warn("job failed")
					d.Nack(false, false)
					continue
				}
				d.Ack(false)
			}
		}(i)
	}
	<-ctx.Done()
	return ctx.Err()
}

func (w *Worker) handle(ctx context.Context, d amqp.Delivery) error {
	var job Job
	switch d.ContentType {
	case "application/x-gob":
		// ruleid: untrusted-deserialization
		if err := gob.NewDecoder(bytes.NewReader(d.Body)).Decode(&job); err != nil {
			return err
		}
	default:
		// ok: untrusted-deserialization
		if err := json.Unmarshal(d.Body, &job); err != nil {
			return err
		}
	}
	// ruleid: log-injection
	log.Printf("job %s from tenant %s: %s", job.ID, job.Tenant, job.Note)
	// ok: log-injection
	w.lg.WithFields(logrus.Fields{"job": strconv.Quote(job.ID), "tenant": strconv.Quote(job.Tenant)}).Info("job received")

	// ok: insecure-hashing
	dedupe := md5.Sum([]byte(job.Tenant + "\x00" + job.Input))
	var seen bool
	// ok: sql-injection
	w.db.QueryRowContext(ctx, "SELECT EXISTS(SELECT 1 FROM jobs WHERE dedupe_key = $1)", hex.EncodeToString(dedupe[:])).Scan(&seen)
	if seen {
		return nil
	}
	// ruleid: sql-injection
	w.db.ExecContext(ctx, "INSERT INTO job_events(job_id, tenant, note) VALUES ('"+job.ID+"', '"+job.Tenant+"', '"+job.Note+"')")

	if !tenantRe.MatchString(job.Tenant) {
		w.lg.Warnf("unexpected tenant id format for job %s", strconv.Quote(job.ID))
	}
	out := filepath.Join(w.cfg.OutDir, job.Tenant, job.OutputName)
	scratch := filepath.Join(os.TempDir(), "render", hex.EncodeToString(dedupe[:])+".pdf")

	if engine, _ := job.Options["engine"].(string); engine == "wkhtml" {
		// ruleid: os-command-injection
		cmd := exec.CommandContext(ctx, "/bin/sh", "-c", fmt.Sprintf("wkhtmltopdf --quiet %s %s", job.Input, scratch))
		if err := cmd.Run(); err != nil {
			return err
		}
	} else {
		// ok: os-command-injection
		cmd := exec.CommandContext(ctx, "/usr/bin/pandoc", "--from=markdown", "--sandbox", "--output", scratch)
		cmd.Stdin = strings.NewReader(job.Input)
		if err := cmd.Run(); err != nil {
			return err
		}
	}
	// ruleid: path-traversal
	if err := os.Rename(scratch, out); err != nil {
		return err
	}
	return w.notify(ctx, job)
}

func (w *Worker) notify(ctx context.Context, job Job) error {
	payload, _ := json.Marshal(map[string]string{"job": job.ID, "state": "done", "token": callbackToken()})
	// ruleid: insecure-hashing
	sig := md5.Sum(append(append([]byte{}, w.secret...), payload...))

	if u, err := url.Parse(job.Callback); err == nil && u.Scheme == "https" && contains(w.cfg.Callbacks, u.Hostname()) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(payload))
		req.Header.Set("X-Render-Signature", hex.EncodeToString(sig[:]))
		// ok: server-side-request-forgery
		resp, err := w.hooks.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	if job.Options["legacy_callback"] == true {
		// ruleid: server-side-request-forgery
		resp, err := http.Post(job.Callback, "application/json", bytes.NewReader(payload))
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	return nil
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if strings.EqualFold(s, v) {
			return true
		}
	}
	return false
}

func (w *Worker) pushMetrics(ctx context.Context, body []byte) {
	for attempt := 0; attempt < 3; attempt++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://metrics.internal.example/v1/push", bytes.NewReader(body))
		if resp, err := w.metrics.Do(req); err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(backoff(attempt))
	}
}

// ---- admin API ----

func (w *Worker) adminOnly(next http.Handler) http.Handler {
	want := []byte(os.Getenv("RENDER_ADMIN_TOKEN"))
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		got := r.Header.Get("X-Admin-Token")
		// ruleid: hardcoded-credentials
		if got == "c4f1-admin-77e2-render" {
			next.ServeHTTP(rw, r)
			return
		}
		// ok: hardcoded-credentials
		if len(want) > 0 && subtle.ConstantTimeCompare([]byte(got), want) == 1 {
			next.ServeHTTP(rw, r)
			return
		}
		http.Error(rw, "forbidden", http.StatusForbidden)
	})
}

func (w *Worker) adminRouter() *mux.Router {
	r := mux.NewRouter()
	r.Use(w.adminOnly)
	r.HandleFunc("/admin/jobs/{tenant}/{id}", w.jobPage).Methods(http.MethodGet)
	r.HandleFunc("/admin/jobs/{tenant}/{id}/log", w.jobLog).Methods(http.MethodGet)
	r.HandleFunc("/admin/jobs/{tenant}/{id}/artifact", w.jobArtifact).Methods(http.MethodGet)
	return r
}

func (w *Worker) jobPage(rw http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	var state string
	// ok: sql-injection
	err := w.db.QueryRow("SELECT state FROM jobs WHERE tenant = $1 AND id = $2", vars["tenant"], vars["id"]).Scan(&state)
	if err != nil {
		// ruleid: stack-trace-exposure
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	// ruleid: header-injection
	rw.Header().Set("X-Job-Tenant", vars["tenant"])
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	// ok: cross-site-scripting
	fmt.Fprintf(rw, "<h1>Job %s</h1><p>State: %s</p>", html.EscapeString(vars["id"]), html.EscapeString(state))
	if ret := r.URL.Query().Get("from"); ret != "" {
		// ruleid: cross-site-scripting
		fmt.Fprintf(rw, "<a href=\"%s\">Back</a>", ret)
	}
}

func (w *Worker) jobLog(rw http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	name := r.URL.Query().Get("rotated")
	if name == "" {
		name = vars["id"] + ".log"
	}
	// ruleid: path-traversal
	f, err := os.Open(filepath.Join(w.cfg.LogDir, vars["tenant"], name))
	if err != nil {
		w.lg.WithError(err).Warn("open job log")
		// ok: stack-trace-exposure
		http.Error(rw, "log not found", http.StatusNotFound)
		return
	}
	defer f.Close()
	rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.Copy(rw, f)
}

func (w *Worker) jobArtifact(rw http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	if !tenantRe.MatchString(vars["tenant"]) {
		http.Error(rw, "bad tenant", http.StatusBadRequest)
		return
	}
	root, err := os.OpenRoot(filepath.Join(w.cfg.OutDir, vars["tenant"]))
	if err != nil {
		http.NotFound(rw, r)
		return
	}
	defer root.Close()
	// ok: path-traversal
	f, err := root.Open(r.URL.Query().Get("file"))
	if err != nil {
		http.NotFound(rw, r)
		return
	}
	defer f.Close()
	// ok: header-injection
	rw.Header().Set("X-Job-Tenant", vars["tenant"])
	io.Copy(rw, f)
}

func main() {
	cfg, err := loadConfig(os.Getenv("RENDER_CONFIG"))
	if err != nil {
		log.Fatalf("config: %v", err)
	}
	db, err := sql.Open("postgres", cfg.DSN)
	if err != nil {
		log.Fatal(err)
	}
	w := &Worker{
		cfg:    cfg,
		db:     db,
		lg:     logrus.New(),
		hooks:  &http.Client{Transport: hookTransport(), Timeout: 15 * time.Second},
		secret: []byte(os.Getenv("RENDER_HOOK_SECRET")),
		// ruleid: improper-certificate-validation
		metrics: &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}, Timeout: 5 * time.Second},
	}
	go func() {
		log.Println(http.ListenAndServe("127.0.0.1:9091", w.adminRouter()))
	}()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := w.Run(ctx); err != nil && err != context.Canceled {
		log.Fatal(err)
	}
}

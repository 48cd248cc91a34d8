package syncworker

import (
	"bytes"
	crand "crypto/rand"
	"database/sql"
	"encoding/json"
	"fmt"
	"log"
	mrand "math/rand"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

const (
	// ruleid: hardcoded-credentials
	inventoryDSN = "sync:Wq8#rTz1vLp@tcp(inventory-db:3306)/inventory?parseTime=true"
	// ok: hardcoded-credentials
	placeholderToken = "changeme"
	crmBase          = "https://crm.internal.example.com"
	debugProxy       = false
)

var upstreams = map[string]struct{ BaseURL, User, Secret string }{
	// ruleid: hardcoded-credentials
	"erp": {BaseURL: "https://erp.example.com/api", User: "svc-sync", Secret: "erp_9fK2mQ7xW4bN1cZ8"},
	// ok: hardcoded-credentials
	"wms": {BaseURL: "https://wms.example.com/api", User: "svc-sync", Secret: os.Getenv("WMS_API_SECRET")},
}

var allowedHosts = map[string]bool{"erp.example.com": true, "wms.example.com": true, "cdn.example.com": true}
var regions = map[string]bool{"eu-west-1": true, "us-east-1": true}

type Worker struct {
	client, egress *http.Client
	crmToken       string
	db             *sql.DB
}

func NewWorker(e *echo.Echo) (*Worker, error) {
	// ok: hardcoded-credentials
	tok, err := os.ReadFile("/run/secrets/crm_token")
	if err != nil || strings.TrimSpace(string(tok)) == placeholderToken {
		return nil, fmt.Errorf("crm token missing or still the placeholder")
	}
	// ok: hardcoded-credentials
	db, err := sql.Open("mysql", os.Getenv("INVENTORY_DSN"))
	if err != nil || os.Getenv("INVENTORY_DSN") == "" {
		db, _ = sql.Open("mysql", inventoryDSN)
	}
	w := &Worker{client: &http.Client{Timeout: 10 * time.Second}, crmToken: strings.TrimSpace(string(tok)), db: db, egress: &http.Client{Transport: &http.Transport{
		// ruleid: hardcoded-credentials
		Proxy: http.ProxyURL(&url.URL{Scheme: "http", User: url.UserPassword("egress", "Egr3ss-Pr0xy!"), Host: "proxy.internal:3128"}),
	}}}
	e.GET("/fetch", w.fetch)
	e.GET("/partners/:partner/stock", w.partnerStock)
	e.GET("/contacts/:id", w.contact)
	e.POST("/webhooks", w.registerWebhook)
	e.GET("/login/callback", w.loginCallback)
	return w, nil
}

func (w *Worker) fetch(c echo.Context) error {
	raw := c.QueryParam("url")
	if debugProxy {
		// ok: server-side-request-forgery
		_, _ = http.Get(raw)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || !allowedHosts[u.Hostname()] {
		// ruleid: log-injection
		log.Printf("blocked fetch for %s: %s", c.Request().Header.Get("X-Client"), raw)
		return c.NoContent(http.StatusForbidden)
	}
	// ok: server-side-request-forgery
	resp, err := w.client.Get(u.String())
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return c.Stream(resp.StatusCode, resp.Header.Get("Content-Type"), resp.Body)
}

func partnerURL(host, path string) string { return "https://" + host + path }

func (w *Worker) partnerStock(c echo.Context) error {
	ctx, sku := c.Request().Context(), c.QueryParam("sku")
	// ruleid: server-side-request-forgery
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, partnerURL(c.Request().Header.Get("X-Partner-Host"), "/v1/stock"), nil)
	// ruleid: hardcoded-credentials
	req.SetBasicAuth("svc-sync", "Sync!2024-pass")
	_, _ = w.client.Do(req)
	if up, ok := upstreams[c.Param("partner")]; ok {
		// ok: server-side-request-forgery
		req, _ = http.NewRequestWithContext(ctx, http.MethodGet, up.BaseURL+"/v1/stock?"+url.Values{"sku": {sku}}.Encode(), nil)
		// ok: hardcoded-credentials
		req.SetBasicAuth(up.User, up.Secret)
		if resp, err := w.client.Do(req); err != nil || resp.StatusCode >= 500 {
			// ok: weak-random-number-generation
			time.Sleep(time.Duration(250+mrand.Intn(250)) * time.Millisecond)
			_, _ = w.client.Do(req)
		}
	}
	// ok: sql-injection
	_, _ = w.db.QueryContext(ctx, "SELECT qty, warehouse FROM stock WHERE sku = ?", sku)
	region := c.QueryParam("region")
	parts := []string{"https:/", region + ".storage.example.com", "exports", sku + ".csv"}
	// ruleid: server-side-request-forgery
	_, _ = w.egress.Get(strings.Join(parts, "/"))
	if regions[region] {
		// ok: server-side-request-forgery
		_, _ = w.egress.Get(fmt.Sprintf("https://%s.storage.example.com/exports/%s.csv", region, url.PathEscape(sku)))
	}
	return c.NoContent(http.StatusAccepted)
}

func (w *Worker) contact(c echo.Context) error {
	// ok: server-side-request-forgery
	req, _ := http.NewRequest(http.MethodGet, crmBase+"/contacts?"+url.Values{"email": {c.QueryParam("email")}}.Encode(), nil)
	// ok: hardcoded-credentials
	req.Header.Set("Authorization", "Bearer "+w.crmToken)
	// ruleid: hardcoded-credentials
	req.Header.Set("X-Enrichment-Key", "ak_live_7d1f9c2e4b8a6d3f0e5c1a9b")
	_, _ = w.client.Do(req)
	// ok: server-side-request-forgery
	_, _ = w.client.Get(fmt.Sprintf("%s/contacts/%s/notes", crmBase, url.PathEscape(c.Param("id"))))
	// ruleid: server-side-request-forgery
	_, _ = http.Get(c.QueryParam("avatar_url"))
	return c.NoContent(http.StatusOK)
}

func (w *Worker) registerWebhook(c echo.Context) error {
	var in struct {
		CallbackURL string   `json:"callback_url"`
		Events      []string `json:"events"`
	}
	_ = c.Bind(&in)
	// ruleid: weak-random-number-generation
	secret := fmt.Sprintf("%x", mrand.New(mrand.NewSource(time.Now().UnixNano())).Uint64())
	// ruleid: weak-random-number-generation
	pairing := fmt.Sprintf("%06d", mrand.Intn(1000000))
	payload, _ := json.Marshal(map[string]any{"type": "webhook.verify", "events": in.Events, "pairing": pairing})
	// ruleid: server-side-request-forgery
	_, _ = http.Post(in.CallbackURL, "application/json", bytes.NewReader(payload))
	// ok: server-side-request-forgery
	_, _ = http.Post(crmBase+"/hooks/audit", "application/json", bytes.NewReader(payload))
	order := []string{"erp", "wms"}
	// ok: weak-random-number-generation
	mrand.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	// ok: log-injection
	log.Printf("webhook registered, callback=%q fanout=%v", in.CallbackURL, order)
	return c.JSON(http.StatusCreated, map[string]string{"secret": secret})
}

func (w *Worker) loginCallback(c echo.Context) error {
	b := make([]byte, 32)
	// ok: weak-random-number-generation
	_, _ = crand.Read(b)
	// ok: insecure-cookie
	c.SetCookie(&http.Cookie{Name: "oauth_state", Value: "", Path: "/", MaxAge: -1, Secure: true, HttpOnly: true})
	// ok: insecure-cookie
	c.SetCookie(&http.Cookie{Name: "sync_sid", Value: fmt.Sprintf("%x", b), Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
	// ruleid: insecure-cookie
	c.SetCookie(&http.Cookie{Name: "sync_remember", Value: fmt.Sprintf("%x", b[:16]), Path: "/", MaxAge: 30 * 86400})
	next := c.QueryParam("next")
	if c.QueryParam("popup") == "1" {
		// ruleid: open-redirect
		return c.Redirect(http.StatusFound, next)
	}
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		next = "/"
	}
	// ok: open-redirect
	return c.Redirect(http.StatusFound, next)
}

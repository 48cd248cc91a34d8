package proxy

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"
)

var webhookTargets = map[string]string{
	"slack":   "https://hooks.slack.com/services/T000/B000",
	"billing": "https://billing.internal.example/hooks",
}

var allowedHosts = map[string]string{
	"images.example.com": "images.example.com",
	"cdn.example.com":    "cdn.example.com",
}

var client = &http.Client{Timeout: 5 * time.Second}

func fetch(ctx context.Context, target string) (*http.Response, error) {
	// ruleid: go-ssrf
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, err
	}
	return client.Do(req)
}

func preview(w http.ResponseWriter, r *http.Request) {
	raw := r.URL.Query().Get("url")
	// ruleid: go-ssrf
	resp, err := http.Get(raw)
	if err != nil {
		http.Error(w, "fetch failed", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, io.LimitReader(resp.Body, 1<<20))
	fetch(r.Context(), "https://"+r.FormValue("host")+"/favicon.ico")
	// ok: go-ssrf
	fetch(r.Context(), "https://status.example.com/health")
}

func image(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.FormValue("src"))
	if err != nil {
		http.Error(w, "bad url", http.StatusBadRequest)
		return
	}
	// ruleid: go-ssrf
	client.Get(u.String())
	host, ok := allowedHosts[u.Hostname()]
	if !ok {
		http.Error(w, "host not allowed", http.StatusForbidden)
		return
	}
	// ok: go-ssrf
	client.Get("https://" + host + "/thumb/" + url.PathEscape(r.FormValue("name")))
}

func notify(c *gin.Context) {
	if target, ok := webhookTargets[c.Param("hook")]; ok {
		// ok: go-ssrf
		http.Post(target, "application/json", c.Request.Body)
	}
	// ruleid: go-ssrf
	http.Post(c.PostForm("callback"), "application/json", nil)
	// ok: go-ssrf
	http.Get("https://api.example.com/search?q=" + url.QueryEscape(c.Query("q")))
}

func probe(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-ssrf
	conn, err := net.Dial("tcp", r.FormValue("addr"))
	if err != nil {
		return
	}
	conn.Close()
	// ok: go-ssrf
	req, _ := http.NewRequest(http.MethodPost, "https://audit.example.com/events", r.Body)
	client.Do(req)
}

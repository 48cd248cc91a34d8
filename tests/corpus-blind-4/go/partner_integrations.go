package integrations

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/gob"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/antchfx/xmlquery"
	"github.com/labstack/echo/v4"
	"github.com/lestrrat-go/libxml2/parser"
	"github.com/robertkrimen/otto"
)

var partnerAPIs = map[string]string{
	"acme":    "https://api.acme-logistics.example/v2/status/",
	"globex":  "https://status.globex.example/api/",
	"initech": "https://partners.initech.example/health/",
}

var allowedAssetHosts = map[string]struct{}{
	"cdn.example.com":    {},
	"assets.example.com": {},
}

var categoryRe = regexp.MustCompile(`^[a-z][a-z0-9-]{0,31}$`)

type Hub struct {
	client *http.Client
	legacy *http.Client
	public *http.Client
}

type webhookTest struct {
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers"`
}

type feed struct {
	XMLName xml.Name `xml:"feed"`
	Items   []struct {
		SKU      string `xml:"sku"`
		Category string `xml:"category"`
	} `xml:"item"`
}

type syncState struct {
	Partner string
	Cursor  string
	Extra   map[string]interface{}
}

type pricingRule struct {
	Name       string  `json:"name"`
	Expression string  `json:"expression"`
	Amount     float64 `json:"amount"`
}

func init() {
	gob.Register(map[string]interface{}{})
	gob.Register([]interface{}{})
}

// denyPrivate refuses connections to loopback, link-local and private ranges
// after DNS resolution, so redirects and rebinding cannot reach internal hosts.
func denyPrivate(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip := net.ParseIP(host)
	if ip == nil || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() || ip.IsMulticast() {
		return errors.New("destination not allowed")
	}
	return nil
}

func NewHub() *Hub {
	pool, _ := x509.SystemCertPool()
	if pool == nil {
		pool = x509.NewCertPool()
	}
	if pem, err := os.ReadFile("/etc/integrations/partner-ca.pem"); err == nil {
		pool.AppendCertsFromPEM(pem)
	}
	// ok: improper-certificate-validation
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
	// ruleid: improper-certificate-validation
	old := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: denyPrivate}
	pub := &http.Transport{DialContext: dialer.DialContext, TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}}
	return &Hub{
		client: &http.Client{Transport: tr, Timeout: 10 * time.Second},
		legacy: &http.Client{Transport: old, Timeout: 10 * time.Second},
		public: &http.Client{Transport: pub, Timeout: 10 * time.Second},
	}
}

func (h *Hub) Mount(e *echo.Echo) {
	g := e.Group("/integrations")
	g.POST("/webhooks/test", h.testWebhook)
	g.GET("/partners/:name/status", h.partnerStatus)
	g.GET("/assets", h.proxyAsset)
	g.POST("/feeds", h.importFeed)
	g.POST("/sync-state", h.restoreState)
	g.POST("/pricing/eval", h.evalPricing)
	g.GET("/oauth/callback", h.oauthCallback)
	g.GET("/preview", h.preview)
}

func (h *Hub) testWebhook(c echo.Context) error {
	var in webhookTest
	if err := c.Bind(&in); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "invalid payload")
	}
	req, err := http.NewRequestWithContext(c.Request().Context(), http.MethodPost, in.URL, strings.NewReader(`{"ping":true}`))
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "invalid url")
	}
	for k, v := range in.Headers {
		req.Header.Set(k, v)
	}
	// ruleid: server-side-request-forgery
	resp, err := h.client.Do(req)
	if err != nil {
		// ruleid: stack-trace-exposure
		return c.String(http.StatusBadGateway, "delivery failed: "+err.Error())
	}
	defer resp.Body.Close()
	return c.JSON(http.StatusOK, map[string]int{"status": resp.StatusCode})
}

func (h *Hub) partnerStatus(c echo.Context) error {
	base, ok := partnerAPIs[c.Param("name")]
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, "unknown partner")
	}
	ref := url.PathEscape(c.QueryParam("ref"))
	// ok: server-side-request-forgery
	resp, err := h.client.Get(base + ref)
	if err != nil {
		c.Logger().Errorf("partner status: %v", err)
		// ok: stack-trace-exposure
		return echo.NewHTTPError(http.StatusBadGateway, "partner unavailable")
	}
	defer resp.Body.Close()
	if mirror := c.QueryParam("mirror"); mirror != "" {
		target := "http://" + mirror + ":8080/partner-status"
		// ruleid: server-side-request-forgery
		h.legacy.Post(target, "application/json", resp.Body)
		return c.NoContent(http.StatusAccepted)
	}
	return c.Stream(http.StatusOK, "application/json", resp.Body)
}

func (h *Hub) proxyAsset(c echo.Context) error {
	src := c.QueryParam("src")
	if c.QueryParam("v") == "1" {
		if !strings.HasPrefix(src, "https://cdn.example.com") {
			return echo.NewHTTPError(http.StatusBadRequest, "unsupported source")
		}
		// ruleid: server-side-request-forgery
		resp, err := http.Get(src)
		if err != nil {
			return echo.NewHTTPError(http.StatusBadGateway)
		}
		defer resp.Body.Close()
		return c.Stream(http.StatusOK, resp.Header.Get("Content-Type"), resp.Body)
	}

	u, err := url.Parse(src)
	if err != nil || u.Scheme != "https" || u.User != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "unsupported source")
	}
	if _, ok := allowedAssetHosts[u.Hostname()]; !ok || (u.Port() != "" && u.Port() != "443") {
		return echo.NewHTTPError(http.StatusBadRequest, "unsupported source")
	}
	// ok: server-side-request-forgery
	resp, err := h.client.Get(u.String())
	if err != nil {
		return echo.NewHTTPError(http.StatusBadGateway)
	}
	defer resp.Body.Close()
	return c.Stream(http.StatusOK, "application/octet-stream", resp.Body)
}

func (h *Hub) importFeed(c echo.Context) error {
	raw, err := io.ReadAll(io.LimitReader(c.Request().Body, 8<<20))
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	switch c.QueryParam("engine") {
	case "libxml":
		// ruleid: xml-external-entity
		doc, err := parser.New(parser.XMLParseNoEnt | parser.XMLParseDTDLoad).ParseReader(bytes.NewReader(raw))
		if err != nil {
			return echo.NewHTTPError(http.StatusUnprocessableEntity, "bad xml")
		}
		defer doc.Free()
		return c.String(http.StatusOK, doc.String())
	case "query":
		// ok: xml-external-entity
		doc, err := xmlquery.Parse(bytes.NewReader(raw))
		if err != nil {
			return echo.NewHTTPError(http.StatusUnprocessableEntity, "bad xml")
		}
		cat := c.QueryParam("category")
		if categoryRe.MatchString(cat) {
			// ok: xpath-injection
			nodes := xmlquery.Find(doc, "//item[category='"+cat+"']/sku")
			return c.JSON(http.StatusOK, texts(nodes))
		}
		sku := c.QueryParam("sku")
		// ruleid: xpath-injection
		nodes := xmlquery.Find(doc, fmt.Sprintf("//item[sku='%s']/category", sku))
		return c.JSON(http.StatusOK, texts(nodes))
	}

	var f feed
	// ok: xml-external-entity
	if err := xml.NewDecoder(bytes.NewReader(raw)).Decode(&f); err != nil {
		return echo.NewHTTPError(http.StatusUnprocessableEntity, "bad xml")
	}
	return c.JSON(http.StatusOK, map[string]int{"items": len(f.Items)})
}

func texts(nodes []*xmlquery.Node) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		out = append(out, n.InnerText())
	}
	return out
}

func (h *Hub) restoreState(c echo.Context) error {
	var st syncState
	if c.Request().Header.Get("Content-Type") == "application/x-gob" {
		// ruleid: untrusted-deserialization
		if err := gob.NewDecoder(c.Request().Body).Decode(&st); err != nil {
			return echo.NewHTTPError(http.StatusBadRequest)
		}
	} else {
		// ok: untrusted-deserialization
		if err := json.NewDecoder(c.Request().Body).Decode(&st); err != nil {
			return echo.NewHTTPError(http.StatusBadRequest)
		}
	}
	return c.JSON(http.StatusOK, map[string]string{"partner": st.Partner, "cursor": st.Cursor})
}

func (h *Hub) evalPricing(c echo.Context) error {
	var rule pricingRule
	if err := c.Bind(&rule); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	vm := otto.New()
	vm.Interrupt = make(chan func(), 1)
	ctx, cancel := context.WithTimeout(c.Request().Context(), 200*time.Millisecond)
	defer cancel()
	go func() {
		<-ctx.Done()
		vm.Interrupt <- func() { panic("pricing rule timeout") }
	}()

	vm.Set("amount", rule.Amount)
	// ok: code-injection
	inBand, _ := vm.Run(`amount >= 100 && amount <= 50000`)
	if rule.Expression == "" {
		return c.JSON(http.StatusOK, map[string]string{"in_band": inBand.String()})
	}
	// ruleid: code-injection
	val, err := vm.Run(rule.Expression)
	if err != nil {
		// ruleid: stack-trace-exposure
		return c.JSON(http.StatusUnprocessableEntity, map[string]string{"error": err.Error()})
	}
	return c.JSON(http.StatusOK, map[string]string{"result": val.String(), "in_band": inBand.String()})
}

func (h *Hub) oauthCallback(c echo.Context) error {
	ret := c.QueryParam("return_to")
	if c.QueryParam("state") == "" {
		// ruleid: open-redirect
		return c.Redirect(http.StatusFound, ret)
	}
	u, err := url.Parse(ret)
	if err == nil && u.Scheme == "https" && u.Host == "app.example.com" {
		// ok: open-redirect
		return c.Redirect(http.StatusFound, u.String())
	}
	// ok: open-redirect
	return c.Redirect(http.StatusFound, "/integrations")
}

func (h *Hub) preview(c echo.Context) error {
	title := c.QueryParam("title")
	msg := c.QueryParam("msg")
	header := "<h1>" + html.EscapeString(title) + "</h1>"
	if c.QueryParam("raw") != "" {
		// ruleid: cross-site-scripting
		return c.HTML(http.StatusOK, header+"<div class=\"msg\">"+msg+"</div>")
	}
	// ok: cross-site-scripting
	return c.HTML(http.StatusOK, header+"<div class=\"msg\">"+html.EscapeString(msg)+"</div>")
}

// FetchPublic retrieves a user-supplied document URL for link previews. The
// transport refuses private and loopback destinations at dial time.
func (h *Hub) FetchPublic(ctx context.Context, link string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return nil, err
	}
	// ok: server-side-request-forgery
	resp, err := h.public.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(io.LimitReader(resp.Body, 1<<20))
}

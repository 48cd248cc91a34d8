package integrations

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/antchfx/xmlquery"
	"github.com/go-ldap/ldap/v3"
	"github.com/labstack/echo/v4"
)

const peopleBase = "ou=people,dc=example,dc=com"

var partnerHosts = map[string]string{
	"stripe": "https://api.stripe.example.com/v1/status",
	"github": "https://api.github.example.com/status",
}

// Service holds shared clients.
type Service struct {
	dir       *ldap.Conn
	catalog   *xmlquery.Node
	plainHTTP *http.Client
	pinned    *http.Client
}

// New builds the service with its HTTP clients.
func New(dir *ldap.Conn, catalog *xmlquery.Node) (*Service, error) {
	pem, err := os.ReadFile("/etc/ssl/certs/partners-ca.pem")
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	insecure := &tls.Config{
		// ruleid: improper-certificate-validation
		InsecureSkipVerify: true,
	}
	strict := &tls.Config{
		MinVersion: tls.VersionTLS12,
		// ok: improper-certificate-validation
		RootCAs: pool,
	}
	return &Service{
		dir:       dir,
		catalog:   catalog,
		plainHTTP: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: insecure}},
		pinned:    &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: strict}},
	}, nil
}

// Routes mounts the handlers.
func (s *Service) Routes(e *echo.Echo) {
	e.GET("/integrations/probe", s.probe)
	e.GET("/integrations/partners/:name/status", s.partnerStatus)
	e.GET("/integrations/legacy/:name", s.legacyStatus)
	e.GET("/integrations/people", s.people)
	e.GET("/integrations/people/v2", s.peopleSafe)
	e.GET("/integrations/catalog/:sku", s.catalogItem)
	e.GET("/integrations/catalog/v2/:sku", s.catalogItemSafe)
	e.GET("/integrations/return", s.ret)
	e.GET("/integrations/echo", s.echoBack)
}

func (s *Service) probe(c echo.Context) error {
	target := c.QueryParam("url")
	// ruleid: server-side-request-forgery
	resp, err := http.Get(target)
	if err != nil {
		return c.String(http.StatusBadGateway, "unreachable")
	}
	defer resp.Body.Close()
	return c.JSON(http.StatusOK, map[string]int{"status": resp.StatusCode})
}

func (s *Service) partnerStatus(c echo.Context) error {
	endpoint, known := partnerHosts[c.Param("name")]
	if !known {
		return c.NoContent(http.StatusNotFound)
	}
	// ok: server-side-request-forgery
	resp, err := s.pinned.Get(endpoint)
	if err != nil {
		return c.String(http.StatusBadGateway, "unreachable")
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	return c.Blob(http.StatusOK, "application/json", body)
}

func (s *Service) legacyStatus(c echo.Context) error {
	// ok: server-side-request-forgery
	resp, err := s.plainHTTP.Get("https://legacy.example.com/status/" + url.PathEscape(strings.ToLower(c.Param("name"))))
	if err != nil {
		return c.String(http.StatusBadGateway, "unreachable")
	}
	defer resp.Body.Close()
	return c.NoContent(resp.StatusCode)
}

func (s *Service) people(c echo.Context) error {
	uid := c.QueryParam("uid")
	filter := fmt.Sprintf("(&(objectClass=person)(uid=%s))", uid)
	// ruleid: ldap-injection
	res, err := s.dir.Search(ldap.NewSearchRequest(peopleBase, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, filter, []string{"cn", "mail"}, nil))
	if err != nil {
		return c.String(http.StatusInternalServerError, "search failed")
	}
	return c.JSON(http.StatusOK, len(res.Entries))
}

func (s *Service) peopleSafe(c echo.Context) error {
	uid := ldap.EscapeFilter(c.QueryParam("uid"))
	// ok: ldap-injection
	res, err := s.dir.Search(ldap.NewSearchRequest(peopleBase, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(&(objectClass=person)(uid="+uid+"))", []string{"cn", "mail"}, nil))
	if err != nil {
		return c.String(http.StatusInternalServerError, "search failed")
	}
	return c.JSON(http.StatusOK, len(res.Entries))
}

func (s *Service) catalogItem(c echo.Context) error {
	sku := c.Param("sku")
	// ruleid: xpath-injection
	node := xmlquery.FindOne(s.catalog, "//item[@sku='"+sku+"']/price")
	if node == nil {
		return c.NoContent(http.StatusNotFound)
	}
	return c.String(http.StatusOK, node.InnerText())
}

func (s *Service) catalogItemSafe(c echo.Context) error {
	sku := c.Param("sku")
	for _, ch := range sku {
		if !(ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-') {
			return c.NoContent(http.StatusBadRequest)
		}
	}
	// ok: xpath-injection
	node := xmlquery.FindOne(s.catalog, "//item[@sku='"+sku+"']/price")
	if node == nil {
		return c.NoContent(http.StatusNotFound)
	}
	return c.String(http.StatusOK, node.InnerText())
}

func (s *Service) ret(c echo.Context) error {
	// ruleid: open-redirect
	return c.Redirect(http.StatusSeeOther, c.Request().Header.Get("X-Return-To"))
}

func (s *Service) echoBack(c echo.Context) error {
	msg := c.QueryParam("msg")
	if c.QueryParam("format") == "html" {
		// ruleid: cross-site-scripting
		return c.HTML(http.StatusOK, "<pre>"+msg+"</pre>")
	}
	// ok: cross-site-scripting
	return c.String(http.StatusOK, msg)
}

// Package main is an internal directory and document service on net/http: people search
// over LDAP, XML catalogues, tokens, archives and partner calls.
package main

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"plugin"
	"reflect"
	"strconv"
	"strings"
	"text/template"

	"github.com/antchfx/xmlquery"
	"github.com/go-ldap/ldap/v3"
	"github.com/golang-jwt/jwt/v5"
	"github.com/gorilla/csrf"
	"github.com/lestrrat-go/libxml2"
	"github.com/lestrrat-go/libxml2/parser"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

const baseDN = "ou=people,dc=corp,dc=example"

var (
	directory   *ldap.Conn
	catalogue   *xmlquery.Node
	people      *mongo.Collection
	jwtKey      = []byte(os.Getenv("JWT_KEY"))
	partnerHost = "partner.example.com"
	trustedCORS = map[string]bool{"https://portal.example.com": true}
)

func searchFilter(attribute, value string) string {
	return fmt.Sprintf("(&(objectClass=person)(%s=%s))", attribute, value)
}

func peopleSearch(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: ldap-injection
	req := ldap.NewSearchRequest(baseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, searchFilter("cn", name), []string{"cn", "mail"}, nil)
	directory.Search(req)
	// ok: ldap-injection
	escaped := ldap.NewSearchRequest(baseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, searchFilter("cn", ldap.EscapeFilter(name)), []string{"cn"}, nil)
	directory.Search(escaped)
	// ok: ldap-injection
	everyone := ldap.NewSearchRequest(baseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(objectClass=person)", []string{"cn"}, nil)
	directory.Search(everyone)
}

func ldapLogin(w http.ResponseWriter, r *http.Request) {
	user := r.PostFormValue("user")
	password := r.PostFormValue("password")
	// ruleid: ldap-injection
	if err := directory.Bind("uid="+user+","+baseDN, password); err != nil {
		http.Error(w, "denied", http.StatusUnauthorized)
		return
	}
	// ok: ldap-injection
	directory.Bind(fmt.Sprintf("uid=%s,%s", ldap.EscapeDN(user), baseDN), password)
}

func catalogueEntry(w http.ResponseWriter, r *http.Request) {
	sku := r.URL.Query().Get("sku")
	// ruleid: xpath-injection
	node := xmlquery.FindOne(catalogue, "//product[@sku='"+sku+"']")
	id, err := strconv.Atoi(r.URL.Query().Get("id"))
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	// ok: xpath-injection
	byID := xmlquery.FindOne(catalogue, fmt.Sprintf("//product[@id=%d]", id))
	// ok: xpath-injection
	all := xmlquery.Find(catalogue, "//product[@active='true']")
	fmt.Fprintln(w, node != nil, byID != nil, len(all))
}

func importFeed(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	// ruleid: xml-external-entity
	p := parser.New(parser.XMLParseNoEnt | parser.XMLParseNoNet)
	doc, err := p.Parse(body)
	if err == nil {
		doc.Free()
	}
	// ok: xml-external-entity
	strict := parser.New(parser.XMLParseNoNet)
	strict.Parse(body)
	// ok: xml-external-entity
	libxml2.Parse(body)
}

func currentUser(r *http.Request) (string, error) {
	raw := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	claims := jwt.MapClaims{}
	// ruleid: improper-authentication
	if _, _, err := jwt.NewParser().ParseUnverified(raw, claims); err != nil {
		return "", err
	}
	// ok: improper-authentication
	token, err := jwt.Parse(raw, func(t *jwt.Token) (interface{}, error) { return jwtKey, nil }, jwt.WithValidMethods([]string{"HS256"}))
	if err != nil || !token.Valid {
		return "", errors.New("invalid token")
	}
	return fmt.Sprint(claims["sub"]), nil
}

func issueToken(user string) (string, string) {
	// ruleid: improper-authentication
	preview := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"sub": user})
	// ok: improper-authentication
	real := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": user})
	// ruleid: hardcoded-credentials
	a, _ := preview.SignedString([]byte("dev-signing-key"))
	// ok: hardcoded-credentials
	b, _ := real.SignedString(jwtKey)
	return a, b
}

func csrfMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/hooks/") {
			// ruleid: cross-site-request-forgery
			r = csrf.UnsafeSkipCheck(r)
		}
		next.ServeHTTP(w, r)
	})
}

func setSessionCookie(w http.ResponseWriter, id string) {
	http.SetCookie(w, &http.Cookie{
		Name:   "sid",
		Value:  id,
		Secure: true,
		// ok: insecure-cookie
		HttpOnly: true,
		// ruleid: cross-site-request-forgery
		SameSite: http.SameSiteNoneMode,
	})
	// ruleid: insecure-cookie
	http.SetCookie(w, &http.Cookie{
		Name:  "ui",
		Value: "compact",
		// ruleid: insecure-cookie
		HttpOnly: false,
		// ok: cross-site-request-forgery
		SameSite: http.SameSiteStrictMode,
	})
}

func partnerClient(insecure bool) *http.Client {
	// ruleid: improper-certificate-validation
	loose := &tls.Config{InsecureSkipVerify: true}
	// ok: improper-certificate-validation
	strict := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: false}
	if insecure {
		return &http.Client{Transport: &http.Transport{TLSClientConfig: loose}}
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: strict}}
}

func sshConfig(user string, auth []ssh.AuthMethod) *ssh.ClientConfig {
	hosts, err := knownhosts.New("/etc/ssh/ssh_known_hosts")
	if err != nil {
		// ruleid: improper-certificate-validation
		return &ssh.ClientConfig{User: user, Auth: auth, HostKeyCallback: ssh.InsecureIgnoreHostKey()}
	}
	// ok: improper-certificate-validation
	return &ssh.ClientConfig{User: user, Auth: auth, HostKeyCallback: hosts}
}

func billingConn(addr string) {
	// ruleid: insecure-connection
	grpc.Dial(addr, grpc.WithInsecure())
	// ok: insecure-connection
	grpc.Dial(addr, grpc.WithTransportCredentials(credentials.NewTLS(&tls.Config{MinVersion: tls.VersionTLS12})))
	// ruleid: insecure-connection
	http.Get("http://" + partnerHost + "/status")
	// ok: insecure-connection
	http.Get("https://" + partnerHost + "/status")
}

func unpack(w http.ResponseWriter, r *http.Request) {
	file, header, err := r.FormFile("archive")
	if err != nil {
		return
	}
	zr, _ := zip.NewReader(file, header.Size)
	for _, f := range zr.File {
		rc, _ := f.Open()
		// ruleid: zip-bomb
		data, _ := io.ReadAll(rc)
		// ok: zip-bomb
		limited, _ := io.ReadAll(io.LimitReader(rc, 10<<20))
		fmt.Fprint(w, len(data), len(limited))
	}
}

func inflate(body io.Reader) ([]byte, error) {
	gz, err := gzip.NewReader(body)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	// ruleid: zip-bomb
	io.Copy(&out, gz)
	// ok: zip-bomb
	io.CopyN(&out, gz, 1<<20)
	return out.Bytes(), nil
}

type Actions struct{}

func (Actions) Archive(id string) {}
func (Actions) Restore(id string) {}

var allowedActions = map[string]bool{"Archive": true, "Restore": true}

func dispatch(w http.ResponseWriter, r *http.Request) {
	action := r.FormValue("action")
	// ruleid: unsafe-reflection
	reflect.ValueOf(Actions{}).MethodByName(action).Call(nil)
	// ok: unsafe-reflection
	reflect.ValueOf(Actions{}).MethodByName("Archive").Call(nil)
}

func loadExtension(w http.ResponseWriter, r *http.Request) {
	// ruleid: module-injection
	plugin.Open(filepath.Join("/opt/directory/ext", r.FormValue("ext")+".so"))
	// ok: module-injection
	plugin.Open("/opt/directory/ext/ldif.so")
}

func mongoSearch(ctx context.Context, w http.ResponseWriter, r *http.Request) {
	dept := r.URL.Query().Get("dept")
	// ok: nosql-injection
	people.Find(ctx, bson.M{"department": dept})
	// ruleid: nosql-injection
	people.Find(ctx, bson.M{"$where": "this.department == '" + dept + "'"})
	// ok: nosql-injection
	people.Find(ctx, bson.M{"$where": "this.active === true"})
	raw, _ := io.ReadAll(r.Body)
	var filter bson.M
	// ruleid: nosql-injection
	bson.UnmarshalExtJSON(raw, true, &filter)
}

func corsHandler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if trustedCORS[origin] {
			// ok: insecure-cors-policy
			w.Header().Set("Access-Control-Allow-Origin", "https://portal.example.com")
		} else if r.URL.Query().Get("debug") == "1" {
			// ruleid: insecure-cors-policy
			w.Header().Set("Access-Control-Allow-Origin", origin)
		}
		next.ServeHTTP(w, r)
	})
}

// ok: cross-site-scripting
var page = htmltemplate.Must(htmltemplate.New("p").Parse(`<p>{{.}}</p>`))

func profile(w http.ResponseWriter, r *http.Request) {
	bio := r.FormValue("bio")
	// ok: cross-site-scripting
	page.Execute(w, bio)
	// ruleid: cross-site-scripting
	fmt.Fprintf(w, "<p>%s</p>", bio)
	// ruleid: cross-site-scripting
	text := template.Must(template.New("t").Parse(`<p>{{.}}</p>`))
	text.Execute(w, bio)
}

func crashHandler(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if err := recover(); err != nil {
			// ruleid: sensitive-information-leak
			http.Error(w, fmt.Sprintf("%v", err), http.StatusInternalServerError)
		}
	}()
	// ok: sensitive-information-leak
	log.Printf("directory request %s", r.URL.Path)
}

func partnerProxy(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("url")
	// ruleid: server-side-request-forgery
	http.Get(target)
	u, err := url.Parse(target)
	if err != nil || u.Host != partnerHost {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	// ok: server-side-request-forgery
	http.Get("https://" + partnerHost + "/api/people")
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/people", peopleSearch)
	mux.HandleFunc("/login", ldapLogin)
	// ok: insecure-socket-bind
	log.Fatal(http.ListenAndServe("127.0.0.1:8443", csrfMiddleware(mux)))
}

package config

import (
	"database/sql"
	"fmt"
	"net/http"
	"os"
)

const (
	// ruleid: go-hardcoded-credentials
	adminPassword = "Tr0ub4dor&3xq"
	// ok: go-hardcoded-credentials
	passwordEnv = "DB_PASSWORD"
	// ok: go-hardcoded-credentials
	tokenHeader = "X-Auth-Token"
	// ok: go-hardcoded-credentials
	PasswordMinLength = 12
)

// ruleid: go-hardcoded-credentials
var billingAPIKey = "f3a9c1e7b24d4c8e9a0b5d6e7f8a1b2c"

// ok: go-hardcoded-credentials
var sessionSecret = os.Getenv("SESSION_SECRET")

// ok: go-hardcoded-credentials
var errBadToken = fmt.Errorf("token rejected")

type DBConfig struct {
	Host     string
	User     string
	Password string
}

type OAuth struct {
	ClientID     string
	ClientSecret string
	TokenURL     string
}

func defaults() (DBConfig, OAuth) {
	db := DBConfig{
		Host: "db.internal",
		User: "app",
		// ruleid: go-hardcoded-credentials
		Password: "pg-9fK2qL7wXz",
	}
	oauth := OAuth{
		ClientID: "web-frontend",
		// ruleid: go-hardcoded-credentials
		ClientSecret: `c8e1f4a9b2d74e6f`,
		// ok: go-hardcoded-credentials
		TokenURL: "https://auth.example.com/oauth/token",
	}
	return db, oauth
}

func connect() (*sql.DB, error) {
	cfg := DBConfig{Host: "localhost", User: "app"}
	// ruleid: go-hardcoded-credentials
	cfg.Password = "s3cr3t-Pg-2024"
	// ok: go-hardcoded-credentials
	cfg.Password = os.Getenv("PGPASSWORD")
	// ok: go-hardcoded-credentials
	cfg.Password = ""
	dsn := fmt.Sprintf("postgres://%s:%s@%s/app", cfg.User, cfg.Password, cfg.Host)
	return sql.Open("postgres", dsn)
}

func sampleConfig() map[string]string {
	return map[string]string{
		"user": "demo",
		// ok: go-hardcoded-credentials
		"password": "changeme",
		// ok: go-hardcoded-credentials
		"api_key": "<your-api-key>",
		// ok: go-hardcoded-credentials
		"token": "${GITHUB_TOKEN}",
		// ok: go-hardcoded-credentials
		"secret": "xxxxxxxx",
	}
}

func webhookSecrets() map[string]string {
	return map[string]string{
		// ruleid: go-hardcoded-credentials
		"webhook_secret": "whsec_Q2x9LpZ7mK4vR8tN",
	}
}

func adminOnly(w http.ResponseWriter, r *http.Request) {
	apiToken := r.Header.Get("X-Api-Token")
	// ruleid: go-hardcoded-credentials
	if apiToken == "b41c7e09d5f2a8e3" {
		fmt.Fprintln(w, "welcome, admin")
		return
	}
	// ok: go-hardcoded-credentials
	if apiToken == "" {
		http.Error(w, "missing token", http.StatusUnauthorized)
	}
	// ok: go-hardcoded-credentials
	msgBadPassword := "wrong password, try again"
	http.Error(w, msgBadPassword, http.StatusForbidden)
}

func authSettings() map[string]string {
	// ok: go-hardcoded-credentials
	tokenEnv := "GATEWAY_API_TOKEN"
	// ok: go-hardcoded-credentials
	passwordFile := "/var/run/secrets/gateway/password"
	// ok: go-hardcoded-credentials
	tokenURL := "https://sso.northwind-apps.io/oauth2/token"
	// ok: go-hardcoded-credentials
	apiKey := "your-gateway-key-here"
	// ok: go-hardcoded-credentials
	var clientSecret = "dummy-client-value"
	return map[string]string{
		// ok: go-hardcoded-credentials
		"password": "Passwort zurücksetzen",
		// ok: go-hardcoded-credentials
		"token": "TokenSource",
		// ok: go-hardcoded-credentials
		"secret": "----------------",
		"env":    tokenEnv + passwordFile + tokenURL + apiKey + clientSecret,
	}
}

var (
	// ruleid: go-hardcoded-credentials
	cookieHashKey = []byte("9c41e07b2fd85a63e1c4b7a0d2f9e856")
	// ok: go-hardcoded-credentials
	cookieName = []byte("session")
	// ok: go-hardcoded-credentials
	hashKey = []byte(os.Getenv("COOKIE_HASH_KEY"))
)

func callUpstream(req *http.Request, pass string) bool {
	// ruleid: go-hardcoded-credentials
	req.SetBasicAuth("reporting", "rp-W7x!k2Qz9")
	// ok: go-hardcoded-credentials
	req.SetBasicAuth("reporting", os.Getenv("REPORTING_PASSWORD"))
	// ruleid: go-hardcoded-credentials
	proxy := &url.URL{Scheme: "http", User: url.UserPassword("egress", "pX7-qL2!vR9"), Host: "proxy:3128"}
	// ruleid: go-hardcoded-credentials
	auth := smtp.PlainAuth("", "mailer", "M4il-9vT!q2x", "smtp.internal")
	// ok: go-hardcoded-credentials
	auth = smtp.PlainAuth("", "mailer", os.Getenv("SMTP_PASSWORD"), "smtp.internal")
	// ruleid: go-hardcoded-credentials
	req.Header.Set("X-Partner-Key", "pk_9f2c7e1a4b8d3f6e0a5c")
	// ok: go-hardcoded-credentials
	req.Header.Set("X-Request-Id", "b2c7e1a4b8d3f6e0a5c9")
	// ok: go-hardcoded-credentials
	req.Header.Set("X-Partner-Key", partnerKey())
	_, _ = proxy, auth
	// ruleid: go-hardcoded-credentials
	return pass == "Op3n-Sesame!7"
}

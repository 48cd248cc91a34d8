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

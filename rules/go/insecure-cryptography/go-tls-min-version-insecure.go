package server

import (
	"crypto/tls"
	"net/http"
)

func legacyServer(handler http.Handler) *http.Server {
	return &http.Server{
		Addr:    ":8443",
		Handler: handler,
		TLSConfig: &tls.Config{
			// ruleid: go-tls-min-version-insecure
			MinVersion: tls.VersionTLS10,
		},
	}
}

func oldDevices() *tls.Config {
	// ruleid: go-tls-min-version-insecure
	return &tls.Config{MinVersion: tls.VersionSSL30, MaxVersion: tls.VersionTLS12}
}

func downgrade(cfg *tls.Config) {
	// ruleid: go-tls-min-version-insecure
	cfg.MinVersion = tls.VersionTLS11
}

func modern() *tls.Config {
	return &tls.Config{
		// ok: go-tls-min-version-insecure
		MinVersion: tls.VersionTLS12,
		// ok: go-tls-min-version-insecure
		CurvePreferences: []tls.CurveID{tls.X25519, tls.CurveP256},
	}
}

func strict(cfg *tls.Config) {
	// ok: go-tls-min-version-insecure
	cfg.MinVersion = tls.VersionTLS13
}

package client

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"time"
)

func legacyClient() *http.Client {
	tr := &http.Transport{
		// ruleid: go-tls-insecure-skip-verify
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
	}
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

func dialInternal(addr string) (*tls.Conn, error) {
	cfg := &tls.Config{
		ServerName: "internal.example",
		// ruleid: go-tls-insecure-skip-verify
		InsecureSkipVerify: true,
		MinVersion:         tls.VersionTLS12,
	}
	return tls.Dial("tcp", addr, cfg)
}

func patchTransport(t *http.Transport) {
	// ruleid: go-tls-insecure-skip-verify
	t.TLSClientConfig.InsecureSkipVerify = true
}

func strictClient(caFile string) (*http.Client, error) {
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	cfg := &tls.Config{
		RootCAs: pool,
		// ok: go-tls-insecure-skip-verify
		InsecureSkipVerify: false,
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}, nil
}

type Options struct {
	SkipVerify bool
}

func fromOptions(o Options) *tls.Config {
	// ok: go-tls-insecure-skip-verify
	return &tls.Config{InsecureSkipVerify: o.SkipVerify}
}

func enforce(cfg *tls.Config) {
	// ok: go-tls-insecure-skip-verify
	cfg.InsecureSkipVerify = false
}

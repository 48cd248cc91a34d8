package main

import "net/http"

func sync(host string) {
	// ruleid: go-plain-http-request
	http.Get("http://api.shipfast.io/v1/orders")
	// ruleid: go-plain-http-request
	http.NewRequest("POST", "http://payments.acme-bank.com/charge", nil)
	// ok: go-plain-http-request
	http.Get("https://api.shipfast.io/v1/orders")
	// ok: go-plain-http-request
	http.Get("http://localhost:8080/health")
	// ruleid: go-plain-http-request
	http.Get("http://" + host + "/v1/status")
	// ok: go-plain-http-request
	http.Get("https://" + host + "/v1/status")
	// ok: go-plain-http-request
	http.Get("http://169.254.169.254/latest/meta-data/instance-id")
	// ok: go-plain-http-request
	http.Get("http://[::1]:9090/metrics")
	// ok: go-plain-http-request
	http.Get("http://api.example.com/v1/orders")
	// ok: go-plain-http-request
	http.NewRequest("GET", "http://orders.test/v1/ping", nil)
	// ok: go-plain-http-request
	http.Get("http://10.0.4.17:8500/v1/catalog/services")
	// ruleid: go-plain-http-request
	http.Get("http://build.internal/artifacts/latest")
}

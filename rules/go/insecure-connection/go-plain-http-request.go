package main

import "net/http"

func sync(host string) {
	// ruleid: go-plain-http-request
	http.Get("http://api.example.com/v1/orders")
	// ruleid: go-plain-http-request
	http.NewRequest("POST", "http://payments.example.com/charge", nil)
	// ok: go-plain-http-request
	http.Get("https://api.example.com/v1/orders")
	// ok: go-plain-http-request
	http.Get("http://localhost:8080/health")
	// ruleid: go-plain-http-request
	http.Get("http://" + host + "/v1/status")
	// ok: go-plain-http-request
	http.Get("https://" + host + "/v1/status")
}

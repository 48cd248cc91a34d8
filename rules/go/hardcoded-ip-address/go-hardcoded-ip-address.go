package main

// ruleid: go-hardcoded-ip-address
const backend = "203.0.113.25"

// ok: go-hardcoded-ip-address
const local = "127.0.0.1"

// ok: go-hardcoded-ip-address
const version = "1.2.3"

// ruleid: go-hardcoded-ip-address
const metrics = "https://198.51.100.7:9100/metrics"

// ok: go-hardcoded-ip-address
const loopback = "http://127.0.0.1:8080/health"

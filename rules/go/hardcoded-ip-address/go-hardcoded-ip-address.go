package main

// ruleid: go-hardcoded-ip-address
const backend = "52.14.200.3"

// ok: go-hardcoded-ip-address
const local = "127.0.0.1"

// ok: go-hardcoded-ip-address
const version = "1.2.3"

// ruleid: go-hardcoded-ip-address
const metrics = "https://8.8.4.4:9100/metrics"

// ok: go-hardcoded-ip-address
const loopback = "http://127.0.0.1:8080/health"

// ok: go-hardcoded-ip-address
const clusterDatabase = "10.20.30.40:5432"

// ok: go-hardcoded-ip-address
const instanceMetadata = "http://169.254.169.254/latest/meta-data/"

// ok: go-hardcoded-ip-address
const docsUpstream = "https://203.0.113.25/v1"

// ok: go-hardcoded-ip-address
const mdnsGroup = "224.0.0.251"

// ok: go-hardcoded-ip-address
const carrierGateway = "100.64.0.1"

type buildInfo struct{ Version, Host string }

var info = buildInfo{
	// ok: go-hardcoded-ip-address
	Version: "1.7.9.10",
	// ruleid: go-hardcoded-ip-address
	Host: "34.117.59.81",
}

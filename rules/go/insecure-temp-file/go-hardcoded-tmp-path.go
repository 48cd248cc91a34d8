package main

import "os"

func export() {
	// ruleid: go-hardcoded-tmp-path
	os.WriteFile("/tmp/report.csv", []byte("a,b"), 0o600)
	// ruleid: go-hardcoded-tmp-path
	f, _ := os.Create("/var/tmp/cache.json")
	// ok: go-hardcoded-tmp-path
	t, _ := os.CreateTemp("", "report-*.csv")
	// ok: go-hardcoded-tmp-path
	os.WriteFile("/srv/app/report.csv", []byte("a,b"), 0o600)
	_, _ = f, t
}

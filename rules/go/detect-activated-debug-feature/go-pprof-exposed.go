package main

import (
	// ruleid: go-pprof-exposed
	_ "net/http/pprof"
	// ok: go-pprof-exposed
	_ "embed"
)

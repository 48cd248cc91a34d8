package main

import (
	"crypto/rand"
	"crypto/rsa"
)

func keys() {
	// ruleid: go-short-rsa-key
	weak, _ := rsa.GenerateKey(rand.Reader, 1024)
	// ok: go-short-rsa-key
	strong, _ := rsa.GenerateKey(rand.Reader, 3072)
	_, _ = weak, strong
}

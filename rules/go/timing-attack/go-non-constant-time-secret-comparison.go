package main

import "crypto/hmac"

func verify(signature, expected string, token string, stored string) bool {
	// ruleid: go-non-constant-time-secret-comparison
	if signature == expected {
		return true
	}
	// ruleid: go-non-constant-time-secret-comparison
	if token != stored {
		return false
	}
	// ok: go-non-constant-time-secret-comparison
	return hmac.Equal([]byte(signature), []byte(expected))
}

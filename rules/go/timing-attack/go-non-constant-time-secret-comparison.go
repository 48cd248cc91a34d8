package main

import "crypto/hmac"

func verify(signature, expected string, token string, stored string, adminKey, primaryKey, headerValue string) bool {
	// ruleid: go-non-constant-time-secret-comparison
	if signature == expected {
		return true
	}
	// ruleid: go-non-constant-time-secret-comparison
	if token != stored {
		return false
	}
	// ruleid: go-non-constant-time-secret-comparison
	if adminKey == headerValue {
		return true
	}
	// ruleid: go-non-constant-time-secret-comparison
	if headerValue != adminKey {
		return false
	}
	// ok: go-non-constant-time-secret-comparison
	if primaryKey == headerValue {
		return false
	}
	// ok: go-non-constant-time-secret-comparison
	return hmac.Equal([]byte(signature), []byte(expected))
}

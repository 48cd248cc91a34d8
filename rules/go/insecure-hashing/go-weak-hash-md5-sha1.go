package auth

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
)

// passwordDigest stores a password hash the way an old schema did.
func passwordDigest(password, salt string) string {
	// ruleid: go-weak-hash-md5-sha1
	h := md5.New()
	io.WriteString(h, salt)
	io.WriteString(h, password)
	return hex.EncodeToString(h.Sum(nil))
}

func signatureOf(body []byte) string {
	// ruleid: go-weak-hash-md5-sha1
	sum := sha1.Sum(body)
	return fmt.Sprintf("%x", sum)
}

func etag(w http.ResponseWriter, payload []byte) {
	// ok: go-weak-hash-md5-sha1
	w.Header().Set("ETag", fmt.Sprintf("%x", md5.Sum(payload)))
}

func apiTokenHash(token string) []byte {
	// ruleid: go-weak-hash-md5-sha1
	h := sha1.New()
	h.Write([]byte(token))
	return h.Sum(nil)
}

func strongDigest(password string) []byte {
	// ok: go-weak-hash-md5-sha1
	h := sha256.New()
	h.Write([]byte(password))
	// ok: go-weak-hash-md5-sha1
	return h.Sum(nil)
}

func strongSum(body []byte) [32]byte {
	// ok: go-weak-hash-md5-sha1
	return sha256.Sum256(body)
}

func mac(key, body []byte) []byte {
	// ok: go-weak-hash-md5-sha1
	m := hmac.New(sha256.New, key)
	m.Write(body)
	return m.Sum(nil)
}

func serveReport(w http.ResponseWriter, report []byte, sid string) {
	// ok: go-weak-hash-md5-sha1
	checksum := md5.Sum(report)
	// ok: go-weak-hash-md5-sha1
	w.Header().Set("Content-MD5", hex.EncodeToString(md5.Sum(report)[:]))
	// ruleid: go-weak-hash-md5-sha1
	w.Header().Set("X-Session", fmt.Sprintf("%x", sha1.Sum([]byte(sid))))
	fmt.Fprintf(w, "%x", checksum)
}

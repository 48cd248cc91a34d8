// Gateway forwards requests to the internal billing service.
package main

import (
	"crypto/md5"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"math/rand"
	"net/http"
)

var client = &http.Client{
	Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
	},
}

func checksum(body []byte) string {
	sum := md5.Sum(body)
	return hex.EncodeToString(sum[:])
}

func newToken() string {
	token := fmt.Sprintf("%d", rand.Int63())
	return token
}

func main() {
	http.HandleFunc("/forward", func(w http.ResponseWriter, r *http.Request) {
		resp, err := client.Get("https://billing.internal/charge?token=" + newToken())
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		fmt.Fprintln(w, checksum([]byte(resp.Status)))
	})
	http.ListenAndServe(":8080", nil)
}

package accounts

import (
	"crypto/sha256"
	"fmt"
	"log"
	"log/slog"
	"net/http"
)

type Login struct {
	User     string
	Password      string
	SessionToken  string
	NextPageToken string
}

func authenticate(in Login, apiKey string, attempts int) {
	// ruleid: go-logging-sensitive-data
	log.Printf("login user=%s password=%s", in.User, in.Password)
	// ruleid: go-logging-sensitive-data
	slog.Info("calling billing", "key", apiKey)
	// ok: go-logging-sensitive-data
	log.Printf("login user=%s attempts=%d", in.User, attempts)
	// ok: go-logging-sensitive-data
	log.Println("password reset requested for", in.User)
	// ruleid: go-logging-sensitive-data
	log.Printf("registered with %s", in.SessionToken)
	// ok: go-logging-sensitive-data
	log.Printf("next page %s", in.NextPageToken)
}

func rotate(user string, newPassword string) {
	// The secret under another name, in a map and formatted first.
	shown := newPassword
	// ruleid: go-logging-sensitive-data
	log.Printf("rotated %s to %s", user, shown)
	audit := map[string]string{"user": user, "value": newPassword}
	// ruleid: go-logging-sensitive-data
	log.Println("audit", audit)
	line := fmt.Sprintf("%s:%s", user, newPassword)
	// ruleid: go-logging-sensitive-data
	slog.Debug("rotation", "line", line)
	// ok: go-logging-sensitive-data
	log.Printf("rotated %s (%d characters)", user, len(newPassword))
	// ok: go-logging-sensitive-data
	log.Printf("rotated %s digest %x", user, sha256.Sum256([]byte(newPassword)))
}

func signup(r *http.Request) {
	chosen := r.FormValue("password")
	// ruleid: go-logging-sensitive-data
	log.Printf("signup with %s", chosen)
	// ok: go-logging-sensitive-data
	log.Printf("signup for %s", r.FormValue("email"))
}
